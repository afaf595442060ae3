/*
 * The kernel cache: built guest kernels, one directory per key.
 *
 *   $KTSRUN_CACHE_DIR or $XDG_CACHE_HOME/ktsrun or ~/.cache/ktsrun
 *     kernels/<key>/{bzImage,vmlinux,config,meta,build.log}
 *     kernels/<key>.build/          source and object tree (--keep-build)
 *     kernels/<key>.failed.log      make output of the last failed build
 *     kernels/.locks/<key>.lock     flock: one build of a key at a time
 *
 * key = <source version>-ktsrun-<8 hex of FNV-1a-64 of the fragment>, where
 * the source version is the Debian package version for the default tarball
 * and the tree's Makefile version plus "src<8 hex of its path>" for --source.
 */
#ifndef KTS_HOST_KERNEL_KERNEL_CACHE_H
#define KTS_HOST_KERNEL_KERNEL_CACHE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define KERNEL_CACHE_KEY_MAX 128

struct kernel_cache_entry {
	char key[KERNEL_CACHE_KEY_MAX]; /* "" for a kernel given by path */
	char release[128];		/* uname -r of the kernel; "" if unknown */
	char dir[PATH_MAX];		/* entry directory; "" for a plain path */
	char bzimage[PATH_MAX];
	char vmlinux[PATH_MAX];	   /* "" when absent (a plain bzImage path) */
	char config[PATH_MAX];	   /* "" when absent */
	char source[PATH_MAX];	   /* what it was built from */
	char build_tree[PATH_MAX]; /* kept source tree (--keep-build), else "" */
	char obj_tree[PATH_MAX];   /* kept object tree (--keep-build), else "" */
	char pvh[PATH_MAX];	   /* the PVH image a VM boots (kernel_pvh.h), "" until made */
	char frag_hash[17];
	long build_seconds;
	time_t date; /* when the build finished */
};

/* root/kernels, created. */
int kernel_cache_kernels_dir(char *buf, size_t len, char *err, size_t errlen);

/* Hash of a fragment's option lines; comments and blank lines do not count. */
uint64_t kernel_cache_frag_hash(const void *frag, size_t len);
/* "<version>-ktsrun-<8 hex>" of the fragment and the source patch applied
 * (NULL: none); -1 if version is unusable. */
int kernel_cache_make_key(const char *version, const void *frag, size_t fraglen, const void *patch,
			  size_t patchlen, char *out, size_t outlen);
/* A key is letters, digits and "._+-" only: safe as one path component. */
int kernel_cache_key_ok(const char *key);

/* flock the key's lock file (kernels/.locks/KEY.lock). With wait unset,
 * -1 with errno EWOULDBLOCK if another process holds it. Returns the fd
 * (close it to unlock), or -1 with errno. */
int kernel_cache_lock(const char *key, bool wait);

/* Load the entry of key. 0 found, -1 not (err says why). */
int kernel_cache_load(const char *key, struct kernel_cache_entry *out, char *err, size_t errlen);
/* All good entries, newest first. *out is malloc'ed (free it). -1 on error. */
int kernel_cache_list(struct kernel_cache_entry **out, size_t *n, char *err, size_t errlen);

/*
 * The kernel to boot: arg (--kernel: a bzImage path or a cache key), else
 * $KTSRUN_KERNEL (same forms), else the newest cache entry. 0, or -1 with
 * one line in err that says what to do.
 */
int kernel_cache_resolve(const char *arg, struct kernel_cache_entry *out, char *err, size_t errlen);

/* Release string from a bzImage's setup header; -1 if not a bzImage. */
int kernel_cache_bzimage_release(const char *path, char *out, size_t outlen);

/* meta file: write/parse the key=value metadata of an entry. */
int kernel_cache_meta_write(const char *path, const struct kernel_cache_entry *e);
int kernel_cache_meta_parse(const char *text, size_t len, struct kernel_cache_entry *e);

#endif
