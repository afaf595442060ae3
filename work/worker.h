/* One worker's own settings: the policy, nice, affinity, cgroup and name it
 * applies to itself before the start barrier (or that a retarget applies to
 * it from outside), and the pipes and mutex its work type shares. */
#ifndef KTS_WORK_WORKER_H
#define KTS_WORK_WORKER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "lib/cpuset.h"
#include "work/telem.h"
#include "work/work_impl.h"

enum worker_policy {
	WORKER_POLICY_NORMAL,
	WORKER_POLICY_BATCH,
	WORKER_POLICY_IDLE,
	WORKER_POLICY_FIFO,
	WORKER_POLICY_RR,
	WORKER_POLICY_EXT
};

struct worker_opts {
	enum worker_policy policy;
	int prio; /* 1..99 for fifo and rr */
	bool set_nice;
	int nice; /* -20..19 */
	bool set_cpus;
	struct cpuset cpus; /* CPU affinity */
	const char *cgroup; /* absolute cgroup directory to join, or NULL */
	char comm[16];	    /* task name (PR_SET_NAME), "" = inherit */
	bool threads;	    /* set-wide: threads instead of processes */
};

/* "normal" (or "other"), "batch", "idle", "fifo", "rr", "ext". 0 or -1. */
int worker_policy_parse(const char *s, enum worker_policy *out);
const char *worker_policy_name(enum worker_policy p);

/* The name of task tid of process pid (/proc/PID/task/TID/comm). 0 or -errno. */
int worker_task_comm(pid_t pid, pid_t tid, char *buf, size_t len);

/* Apply o to task tid of process pid, from the task itself or from outside.
 * 0, or -errno with err naming what failed. */
int worker_apply(const struct worker_opts *o, bool threads, pid_t pid, pid_t tid, char *err, size_t errlen);
/* In the worker, before the barrier: cgroup, affinity, nice, policy.
 * 0, or -errno with the telem marked failed and the reason in it. */
int worker_apply_opts(const struct worker_opts *o, bool threads, struct telem *t);
/* Pipes and the mutex the work type needs, made before fork. */
int worker_shared_init(struct work_shared *sh, const struct work_type *t, unsigned n, char *err,
		       size_t errlen);
void worker_shared_fini(struct work_shared *sh, unsigned n);

#endif
