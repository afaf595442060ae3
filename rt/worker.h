/* Worker sets: N workers running one work spec, forked (default) or as
 * threads, each with its own policy, nice, CPU affinity and cgroup.
 *
 *   g = rt_group_new(&spec, n, &opts, err, len);   shared telemetry mapped here
 *   rt_group_set_opts(g, i, &o);                   optional per-worker overrides
 *   rt_group_spawn(g, err, len);                   fork; each applies its opts and
 *                                                  waits at the start barrier
 *   rt_group_go(g, deadline_ns);                   release (spawn several sets, then
 *                                                  go each, to start them together)
 *   rt_group_wait(g, timeout_ms);                  until every worker returned
 *   rt_group_stop(g, grace_ms);                    stop flag, reap; kill stragglers
 *   rt_group_report(g, i, &rep); ... rt_group_free(g);
 *
 * The telemetry lives in a MAP_SHARED region made before fork, so a worker
 * killed or left SIGSTOPped still leaves what it measured; its state says
 * it never finished and its last iteration time says when it stopped. */
#ifndef KTS_RT_WORKER_H
#define KTS_RT_WORKER_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/cpuset.h"
#include "rt/telem.h"
#include "rt/work.h"

enum rt_policy { RT_POL_NORMAL, RT_POL_BATCH, RT_POL_IDLE, RT_POL_FIFO, RT_POL_RR, RT_POL_EXT };

struct rt_worker_opts {
	enum rt_policy policy;
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
int rt_policy_parse(const char *s, enum rt_policy *out);
const char *rt_policy_name(enum rt_policy p);

struct rt_group;

struct rt_group *rt_group_new(const struct work_spec *spec, unsigned n, const struct rt_worker_opts *o,
			      char *err, size_t errlen);
int rt_group_set_opts(struct rt_group *g, unsigned i, const struct rt_worker_opts *o, char *err,
		      size_t errlen);
/* Start every worker and wait (up to timeout_ms) until all reached the
 * barrier. A worker whose setup failed is reported, not fatal: its telem
 * says failed with the reason. -errno only if the set could not start. */
int rt_group_spawn(struct rt_group *g, unsigned timeout_ms, char *err, size_t errlen);
/* Release the barrier; workers run until deadline_ns (CLOCK_MONOTONIC;
 * 0 = until rt_group_stop). */
void rt_group_go(struct rt_group *g, uint64_t deadline_ns);
/* Wait until every worker has returned; 0, or -ETIMEDOUT. */
int rt_group_wait(struct rt_group *g, unsigned timeout_ms);
/* Set the stop flag, wait up to grace_ms, then take the /proc figures of
 * the workers still there and SIGKILL them (threads cannot be killed:
 * they are reported stuck and the shared region is kept). Reaps all. */
void rt_group_stop(struct rt_group *g, unsigned grace_ms);

/* Change a running worker from outside: join o->cgroup, affinity, nice,
 * policy (the same fields and order as at setup; o->threads must match the
 * set). 0, or -errno with err naming what failed. */
int rt_group_retarget(struct rt_group *g, unsigned i, const struct rt_worker_opts *o, char *err,
		      size_t errlen);

unsigned rt_group_size(const struct rt_group *g);
pid_t rt_group_pid(const struct rt_group *g, unsigned i); /* the tid in thread mode */
struct telem *rt_group_telem(struct rt_group *g, unsigned i);
/* How the worker ended: "exited", "killed" (by the stop, after the grace),
 * "signal N" (died on its own), "joined", "stuck", or "running". */
const char *rt_group_fate(const struct rt_group *g, unsigned i);
void rt_group_report(const struct rt_group *g, unsigned i, struct telem_report *r);
/* The name of task tid of process pid (/proc/PID/task/TID/comm). 0 or -errno. */
int rt_task_comm(pid_t pid, pid_t tid, char *buf, size_t len);
void rt_group_free(struct rt_group *g);

#endif
