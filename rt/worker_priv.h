/* Between worker.c and worker_setup.c. */
#ifndef KTS_RT_WORKER_PRIV_H
#define KTS_RT_WORKER_PRIV_H

#include "rt/telem.h"
#include "rt/work_impl.h"
#include "rt/worker.h"

/* In the worker, before the barrier: cgroup, affinity, nice, policy.
 * 0, or -errno with the telem marked failed and the reason in it. */
int rt_apply_opts(const struct rt_worker_opts *o, bool threads, struct telem *t);
/* Pipes and the mutex the work type needs, made before fork. */
int rt_shared_init(struct work_shared *sh, const struct work_type *t, unsigned n, char *err, size_t errlen);
void rt_shared_fini(struct work_shared *sh, unsigned n);

#endif
