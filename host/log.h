/* Messages to the user: one line each, on stderr, prefixed "ktsrun:". */
#ifndef KTS_LOG_H
#define KTS_LOG_H

#include <stdbool.h>

extern bool log_quiet;

__attribute__((format(printf, 1, 2))) void log_info(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void log_err(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void log_warn(const char *fmt, ...);

#endif
