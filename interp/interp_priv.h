/* State of one interpreter run, shared by run.c (the timeline) and exec.c
 * (one op at a time). */
#ifndef KTS_INTERP_PRIV_H
#define KTS_INTERP_PRIV_H

#include "interp/interp.h"

#define INTERP_PATH_MAX 256

struct icg {
	bool has_cpus, created, removed, started;
	bool aff_pending; /* an affinity of the definition, resolved at CG_END */
	unsigned aff_op, aff_v[8];
	struct cpuset cpus; /* own cpuset.cpus when has_cpus */
	struct interp_work work;
	double workers, share; /* count, or share of the CPUs when share > 0 */
	char path[INTERP_PATH_MAX];
};

struct interp {
	const struct bc_prog *p;
	const struct interp_topo *t;
	const struct interp_rt_ops *ops;
	void *ctx;
	struct icg *cg;
	unsigned step; /* 1-based while steps run, 0 before */
	bool started;  /* workers released */
	char err[INTERP_ERRLEN];
};

/* Run one op (a cgroup definition op or a step op). 0 or -1 with in->err. */
int interp_exec(struct interp *in, enum bc_op op, const unsigned *v);
/* The CPUs a cgroup's workers may use: its own cpuset, else its parent's. */
const struct cpuset *interp_cg_cpus(const struct interp *in, unsigned cg);

#endif
