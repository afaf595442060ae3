/* Between worker.c and worker_setup.c. */
#ifndef KTS_WORK_WORKERS_PRIV_H
#define KTS_WORK_WORKERS_PRIV_H

#include "work/telem.h"
#include "work/work_impl.h"
#include "work/workers.h"

/* In the worker, before the barrier: cgroup, affinity, nice, policy.
 * 0, or -errno with the telem marked failed and the reason in it. */
int worker_apply_opts(const struct worker_opts *o, bool threads, struct telem *t);
/* Pipes and the mutex the work type needs, made before fork. */
int worker_shared_init(struct work_shared *sh, const struct work_type *t, unsigned n, char *err, size_t errlen);
void worker_shared_fini(struct work_shared *sh, unsigned n);

#endif
