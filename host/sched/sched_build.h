/* ktsrun sched build: the kernel tree's tools/sched_ext schedulers and our
 * bpf/scx_ktsr, built against a cached kernel's BTF into the scheduler cache
 * (host/sched/sched_cache.h). */
#ifndef KTS_HOST_SCHED_SCHED_BUILD_H
#define KTS_HOST_SCHED_SCHED_BUILD_H

#include <stdbool.h>

struct sched_build_opts {
	const char *kernel; /* --kernel: a cache key (NULL: KTSRUN_KERNEL, newest) */
	int jobs;	    /* 0: online CPUs */
	bool force;	    /* rebuild even if cached and current */
};

/* The schedulers a build makes, in the order sched list shows them. */
extern const char *const sched_build_targets[];
/* What sched build makes beside them that is no scheduler: ktsr_probe. */
extern const char *const sched_build_tools[];

/* 0, or an exit status after printing one error line (EXIT_ERROR, or
 * 128+signal). Nothing partial is left in the cache. */
int sched_build_run(const struct sched_build_opts *o);

#endif
