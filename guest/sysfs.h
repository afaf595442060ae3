#ifndef KTS_GUEST_SYSFS_H
#define KTS_GUEST_SYSFS_H

#include <stddef.h>

/* Read a small text file, trailing newline stripped. 0 or -errno. */
__attribute__((format(printf, 3, 4))) int sysfs_read(char *buf, size_t len, const char *fmt, ...);

#endif
