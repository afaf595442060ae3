/* The cache root shared by kernels, schedulers, selftests and probes:
 * $KTSRUN_CACHE_DIR, else $XDG_CACHE_HOME/ktsrun, else ~/.cache/ktsrun. */
#ifndef KTS_HOST_UTIL_CACHE_H
#define KTS_HOST_UTIL_CACHE_H

#include <stddef.h>
#include <stdint.h>

/* Cache root (created if missing when create is set). 0, or -1 with err. */
int cache_root(char *buf, size_t len, int create, char *err, size_t errlen);
/* root/NAME, created: "kernels", "sched", "selftest". */
int cache_subdir(const char *name, char *buf, size_t len, char *err, size_t errlen);
/* FNV-1a, for cache keys. */
uint64_t cache_fnv1a(const void *data, size_t len);

/* Store text as the cache file path (its directory made if need be),
 * atomically: a full or read-only cache keeps what it had, and the line
 * says so with the space needed; what names what would be cached for it.
 * The caller goes on: a cache only saves time. 0, or -1 (said). */
int cache_write(const char *path, const char *text, const char *what);

#endif
