/* Small file-system helpers for the caches and the commands. */
#ifndef KTS_HOST_UTIL_FS_H
#define KTS_HOST_UTIL_FS_H

#include <stddef.h>

/* out = a "/" b; -1 (out empty) if it does not fit. No format warnings. */
int fs_join(char *out, size_t len, const char *a, const char *b);
/* mkdir -p; 0 or -1 with errno. */
int fs_mkdirs(const char *path);
/* rm -rf without following symlinks; 0, or -1 with errno (best effort). */
int fs_rm_rf(const char *path);
/* Hard-link src to dst, or copy it when that cannot work (another file
 * system); dst must not exist. 0 or -1 with errno. */
int fs_link_or_copy(const char *src, const char *dst);
/* All of p to fd, through short writes and EINTR. 0, or -1 with errno. */
int fs_write_all(int fd, const void *p, size_t len);
/* Write len bytes to a new file path (mode 0644). 0 or -1 with errno. */
int fs_write_file(const char *path, const void *data, size_t len);
/* Write len bytes to path atomically: a temporary file in the same
 * directory, renamed over path once whole, so a reader sees the old file
 * or the new one, never a part (a full disk, a crash). 0 or -1 with errno;
 * nothing is left behind on failure. */
int fs_write_atomic(const char *path, const void *data, size_t len);
/* One line for a failed write of need bytes to path: strerror(err), for a
 * full file system how much it needs and how much is free, then advice
 * (NULL: free space or write elsewhere, as fits err). Returns buf. */
const char *fs_write_error(const char *path, int err, size_t need, const char *advice, char *buf, size_t len);
/* Sum of allocated bytes under path (du -s); 0 if unreadable. */
unsigned long long fs_du(const char *path);
/* Append "dir/NAME" (malloc'd) for every NAME of dir that ends in suffix
 * after at least one character and does not start with '.', to files (*n
 * of max), sorted by name. 0; 1 when max stopped it with more to come; -1
 * (errno) when dir cannot be read; -2 out of memory. */
int fs_dir_files(const char *dir, const char *suffix, char **files, unsigned *n, unsigned max);

#endif
