/*
 * An initramfs written in-process: a cpio "newc" archive, gzip-compressed
 * with zlib or left as is, streamed to a file descriptor (a memfd in practice).
 *
 *   struct initramfs *ir = initramfs_open(fd, false);
 *   initramfs_add_file(ir, "/init", data, len, 0755);
 *   initramfs_add_node(ir, "/dev/console", S_IFCHR | 0600, 5, 1);
 *   initramfs_add_binary(ir, "/bin/scx_simple", "/path/to/scx_simple");
 *   if (initramfs_close(ir, err, sizeof(err)))  ... err says what failed
 *
 * Paths are absolute or relative to the archive root; missing parent
 * directories are added (mode 0755). Every entry has uid 0, gid 0 and
 * mtime 0, so the same inputs give the same bytes. Errors are sticky: after
 * the first one every call returns -1 and initramfs_close reports it.
 */
#ifndef KTS_HOST_BOOT_INITRAMFS_H
#define KTS_HOST_BOOT_INITRAMFS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct initramfs;

/* Start an archive written to fd (not closed by us), gzip-compressed or not:
 * the kernel reads a plain cpio with no decompressor, and skipping zlib's
 * level 9 saves the host 0.2-0.5 s per boot here (doc/vmm.md). NULL only
 * when out of memory. */
struct initramfs *initramfs_open(int fd, bool gzip);

int initramfs_add_dir(struct initramfs *ir, const char *path, mode_t mode);
/* mode: permission bits (the file type is implied). */
int initramfs_add_file(struct initramfs *ir, const char *path, const void *data, size_t len, mode_t mode);
/* Content of host_path (symlinks followed); mode 0 takes the host file's permissions. */
int initramfs_add_file_from(struct initramfs *ir, const char *path, const char *host_path, mode_t mode);
/* mode includes the type: S_IFCHR or S_IFBLK (or S_IFIFO, S_IFSOCK with 0, 0). */
int initramfs_add_node(struct initramfs *ir, const char *path, mode_t mode, unsigned major, unsigned minor);
int initramfs_add_symlink(struct initramfs *ir, const char *path, const char *target);

/* A dynamic or static ELF binary at path, with its interpreter and every
 * library it needs (host/boot/elfdeps.c), each at the path the guest's loader
 * looks for. Libraries already in the archive are not added twice. */
int initramfs_add_binary(struct initramfs *ir, const char *path, const char *host_path);

/* host_path as path: a directory with everything under it (symlinks kept
 * as links), executable ELF files through initramfs_add_binary. */
int initramfs_add_tree(struct initramfs *ir, const char *path, const char *host_path);

/* Whether path (normalised) is already in the archive. */
bool initramfs_has(const struct initramfs *ir, const char *path);
/* Record an error from a helper (sticky; the first one is kept). Returns -1. */
__attribute__((format(printf, 2, 3))) int initramfs_fail(struct initramfs *ir, const char *fmt, ...);

/* Write the trailer, finish gzip and free ir. Returns 0, or -1 with the
 * first error in err. Bytes already written to fd stay there. */
int initramfs_close(struct initramfs *ir, char *err, size_t errlen);

#endif
