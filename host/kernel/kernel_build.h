/* ktsrun kernel build: configure and build a guest kernel into the cache. */
#ifndef KTS_HOST_KERNEL_KERNEL_BUILD_H
#define KTS_HOST_KERNEL_KERNEL_BUILD_H

#include <stdbool.h>

#include "host/kernel/kernel_cache.h"

#define KBUILD_DEFAULT_TARBALL "/usr/src/linux-source-6.12.tar.xz"
#define KBUILD_DEFAULT_PACKAGE "linux-source-6.12"

struct kernel_build_opts {
	const char *source; /* kernel tree or tarball; NULL: the Debian tarball */
	int jobs;	    /* 0: online CPUs */
	bool force;	    /* rebuild even if cached */
	bool keep_build;    /* keep the source and object trees */
};

/*
 * Build (or find in the cache) the kernel for opts into out. Returns 0, or
 * an exit status after printing one error line: EXIT_ERROR, or 128+signal
 * when SIGINT/SIGTERM stopped it. Nothing partial is left in the cache.
 */
int kernel_build_run(const struct kernel_build_opts *opts, struct kernel_cache_entry *out);

/* The cache key for opts without building or extracting anything. */
int kernel_build_key(const struct kernel_build_opts *opts, char *key, size_t keylen, char *source,
		     size_t srclen, char *err, size_t errlen);

#endif
