/* Messages to the user: one line each, on stderr, prefixed "ktsrun:". */
#ifndef KTS_HOST_UTIL_LOG_H
#define KTS_HOST_UTIL_LOG_H

#include <stdbool.h>
#include <stddef.h>

extern bool log_quiet;

__attribute__((format(printf, 1, 2))) void log_info(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void log_err(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void log_warn(const char *fmt, ...);

/* Format a one-line error into err and return -1, for "return errf(...)". */
__attribute__((format(printf, 3, 4))) int errf(char *err, size_t len, const char *fmt, ...);

#endif
