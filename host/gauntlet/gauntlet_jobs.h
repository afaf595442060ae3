/* Running a gauntlet's variants, up to -j at once: each in a child process
 * that holds its host CPUs (host/gauntlet/reserve.h) and is pinned to them
 * (QEMU and its vCPU threads inherit the affinity). With more than one at
 * once, a child's output is kept and printed when it finishes, so the
 * variants' texts do not interleave. */
#ifndef KTS_HOST_GAUNTLET_GAUNTLET_JOBS_H
#define KTS_HOST_GAUNTLET_GAUNTLET_JOBS_H

#include "host/gauntlet/gauntlet.h"

/* Run one variant (in the child): fill v's verdict, wall_s, failure, json. */
typedef void (*gauntlet_jobs_fn)(void *arg, struct gauntlet *g, struct variant *v);

struct gauntlet_jobs {
	unsigned jobs;	 /* at once */
	double budget_s; /* 0: none; else start nothing once it is spent */
	const char *dir; /* CPU lock directory; NULL: the cache's */
	gauntlet_jobs_fn run;
	void *arg;
};

/* Run every VS_RUN variant. 0, or -1 after saying why (the lock directory
 * cannot be used); an interrupted run returns 0 with sig_caught set. */
int gauntlet_jobs_run(const struct gauntlet_jobs *j, struct gauntlet *g);
/* The default -j for this host and VM kind. */
unsigned gauntlet_jobs_default(const struct fit_env *e);

#endif
