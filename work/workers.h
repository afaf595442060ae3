/* Worker sets: N workers running one work spec, forked (default) or as
 * threads, each with its own policy, nice, CPU affinity and cgroup.
 *
 *   g = workers_new(&spec, n, &opts, err, len);   shared telemetry mapped here
 *   workers_set_opts(g, i, &o);                   optional per-worker overrides
 *   workers_spawn(g, err, len);                   fork; each applies its opts and
 *                                                  waits at the start barrier
 *   workers_go(g, deadline_ns);                   release (spawn several sets, then
 *                                                  go each, to start them together)
 *   workers_wait(g, timeout_ms);                  until every worker returned
 *   workers_stop(g, grace_ms);                    stop flag, reap; kill stragglers
 *                                                  (workers_ask_stop each set first to
 *                                                  stop several together)
 *   workers_report(g, i, &rep); ... workers_free(g);
 *
 * The telemetry lives in a MAP_SHARED region made before fork, so a worker
 * killed or left SIGSTOPped still leaves what it measured; its state says
 * it never finished and its last iteration time says when it stopped. */
#ifndef KTS_WORK_WORKERS_H
#define KTS_WORK_WORKERS_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "work/telem.h"
#include "work/work.h"
#include "work/worker.h"

struct workers;

struct workers *workers_new(const struct work_spec *spec, unsigned n, const struct worker_opts *o, char *err,
			    size_t errlen);
int workers_set_opts(struct workers *g, unsigned i, const struct worker_opts *o, char *err, size_t errlen);
/* Start every worker and wait (up to timeout_ms) until all reached the
 * barrier. A worker whose setup failed is reported, not fatal: its telem
 * says failed with the reason. -errno only if the set could not start. */
int workers_spawn(struct workers *g, unsigned timeout_ms, char *err, size_t errlen);
/* Release the barrier; workers run until deadline_ns (CLOCK_MONOTONIC;
 * 0 = until workers_stop). */
void workers_go(struct workers *g, uint64_t deadline_ns);
/* Wait until every worker has returned; 0, or -ETIMEDOUT. */
int workers_wait(struct workers *g, unsigned timeout_ms);
/* Set the stop flag, wait up to grace_ms, then take the /proc figures of
 * the workers still there and SIGKILL them (threads cannot be killed:
 * they are reported stuck and the shared region is kept). Reaps all. */
void workers_stop(struct workers *g, unsigned grace_ms);
/* Only set the stop flag and wake the barrier: the workers of every set so
 * asked wind down at once, while workers_stop reaps one set after another. */
void workers_ask_stop(struct workers *g);

/* Change a running worker from outside: join o->cgroup, affinity, nice,
 * policy (the same fields and order as at setup; o->threads must match the
 * set). 0, or -errno with err naming what failed. */
int workers_retarget(struct workers *g, unsigned i, const struct worker_opts *o, char *err, size_t errlen);

unsigned workers_size(const struct workers *g);
pid_t workers_pid(const struct workers *g, unsigned i); /* the tid in thread mode */
struct telem *workers_telem(struct workers *g, unsigned i);
/* How the worker ended: "exited", "killed" (by the stop, after the grace),
 * "signal N" (died on its own), "joined", "stuck", or "running". */
const char *workers_fate(const struct workers *g, unsigned i);
void workers_report(const struct workers *g, unsigned i, struct telem_report *r);
void workers_free(struct workers *g);

#endif
