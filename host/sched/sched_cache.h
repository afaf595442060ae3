/*
 * The scheduler cache: sched_ext schedulers built for one cached kernel.
 *
 *   <cache root>/sched/<kernel key>/bin/<scheduler>   scx_simple, ..., scx_ktsr
 *   <cache root>/sched/<kernel key>/meta              key=value (sched_cache_entry)
 *   <cache root>/sched/<kernel key>/build.log
 *   <cache root>/sched/<kernel key>.failed.log        the last failed build
 *   <cache root>/sched/.locks/<kernel key>.lock       one build of a key at a time
 *
 * Entries are assembled in .tmp-<key>-* and renamed into place, like kernels.
 */
#ifndef KTS_HOST_SCHED_SCHED_CACHE_H
#define KTS_HOST_SCHED_SCHED_CACHE_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "host/kernel/kernel_cache.h"

struct sched_cache_entry {
	char kernel_key[KERNEL_CACHE_KEY_MAX];
	char dir[PATH_MAX];    /* the entry */
	char bindir[PATH_MAX]; /* dir/bin */
	char source[PATH_MAX]; /* kernel source the tools came from */
	char ktsr_hash[17];    /* of the embedded scx_ktsr sources it was built from */
	long build_seconds;
	time_t date;
};

/* <root>/sched, created. 0, or -1 with err. */
int sched_cache_dir(char *buf, size_t len, char *err, size_t errlen);
/* FNV-1a-64 of the scx_ktsr sources inside this ktsrun, as 16 hex digits. */
void sched_cache_ktsr_hash(char out[17]);
int sched_cache_meta_parse(const char *text, size_t len, struct sched_cache_entry *e);
int sched_cache_meta_write(const char *path, const struct sched_cache_entry *e);
/* The entry for a kernel key. 0, or -1 with err saying what to run. */
int sched_cache_load(const char *kernel_key, struct sched_cache_entry *e, char *err, size_t errlen);

/*
 * The scheduler binary to run: name is a path (contains '/') to any
 * executable, or the name of one built for kernel k ("scx_simple").
 * 0, or -1 with one line in err that says what to do.
 */
int sched_cache_resolve(const char *name, const struct kernel_cache_entry *k, char *path, size_t len,
			char *err, size_t errlen);

#endif
