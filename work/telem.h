/* Per-worker telemetry, kept in memory shared with the controller so a
 * worker that is killed or stopped still leaves what it measured.
 *
 * Only the worker writes its struct telem while it runs; the controller
 * reads it after the stop (or while the worker is stopped). The hot path,
 * telem_tick(), costs one getcpu and a few compares per iteration; the
 * caller passes the clock reading it already took. */
#ifndef KTS_WORK_TELEM_H
#define KTS_WORK_TELEM_H

#include <stdint.h>
#include <sys/types.h>

#include "lib/cpuset.h"
#include "work/hist.h"
#include "work/procstat.h"
#include "work/sys.h"

enum telem_state {
	TELEM_NEW = 0, /* forked, not yet set up */
	TELEM_READY,   /* set up, waiting at the start barrier */
	TELEM_RUNNING, /* released */
	TELEM_DONE,    /* returned from its work and wrote its end figures */
	TELEM_FAILED,  /* setup or work failed: err and msg say why */
};

struct telem {
	/* hot, written every iteration */
	uint64_t units, iters;
	uint64_t t_last;		       /* CLOCK_MONOTONIC ns of the last iteration (or wake) */
	int32_t cpu;			       /* CPU of the last iteration, -1 before the first */
	uint32_t migrations;		       /* CPU changes seen between iterations */
	uint64_t max_gap;		       /* longest time between iterations, voluntary sleep excluded */
	uint64_t max_gap_at;		       /* when that gap ended */
	int32_t max_gap_cpu, max_gap_from_cpu; /* CPU after / before the gap */
	uint64_t aux;			       /* a per-work-type counter (see doc/worktypes.md) */
	struct cpuset cpus;		       /* CPUs it ran on */
	struct hist wake;		       /* wake latencies, ns */
	uint64_t slot;			       /* scratch a work type may share with its children */

	/* life cycle */
	uint32_t state; /* enum telem_state, atomic */
	int32_t pid, tid;
	int32_t err; /* -errno of a failure */
	char msg[128];
	uint64_t t_start, t_end;
	uint64_t cpu_ns;	       /* thread CPU time over the run (end figures) */
	uint64_t cpu_clock0;	       /* CLOCK_THREAD_CPUTIME_ID at start */
	struct procstat_sample s0, s1; /* /proc counters at start and end */
};

void telem_init(struct telem *t);
/* Called by the worker right after the start barrier / before it returns. */
void telem_begin(struct telem *t);
void telem_end(struct telem *t);
/* Called from outside for a worker that did not reach telem_end (stopped,
 * stuck, killed): end figures from /proc while the task still exists. */
void telem_end_outside(struct telem *t, uint64_t now);
__attribute__((format(printf, 3, 4))) void telem_fail(struct telem *t, int err, const char *fmt, ...);

static inline void telem_tick(struct telem *t, uint64_t now, uint64_t units)
{
	int cpu = sys_cpu();
	uint64_t gap = now - t->t_last;

	if (gap > t->max_gap) {
		t->max_gap = gap;
		t->max_gap_at = now;
		t->max_gap_cpu = cpu;
		t->max_gap_from_cpu = t->cpu;
	}
	if (cpu != t->cpu) {
		if (t->cpu >= 0)
			t->migrations++;
		t->cpu = cpu;
		if (cpu >= 0)
			cpuset_add(&t->cpus, (unsigned)cpu);
	}
	t->units += units;
	t->iters++;
	t->t_last = now;
}

/* The worker runs again after a voluntary block. ref_ns is when it should
 * have run: the waker's timestamp or the timer's expiry; 0 = unknown (no
 * latency sample). The blocked time does not count as a gap. */
static inline void telem_woke(struct telem *t, uint64_t now, uint64_t ref_ns)
{
	if (ref_ns)
		hist_add(&t->wake, now > ref_ns ? now - ref_ns : 0);
	t->t_last = now;
}

/* What a worker's telemetry adds up to, ready to report. */
struct telem_report {
	const char *state; /* done, failed, stopped (never finished), ... */
	uint64_t units, iters, aux;
	uint64_t start_ns, end_ns, last_ns, wall_ns, cpu_ns;
	uint64_t max_gap_ns, max_gap_at_ns;
	int max_gap_cpu, max_gap_from_cpu;
	uint64_t wake_n, wake_p50, wake_p90, wake_p99, wake_max;
	struct cpuset cpus;
	uint64_t migrations;
	/* from /proc; has bits say which are valid */
	unsigned have;
	uint64_t vcsw, ivcsw, nr_migrations, run_delay_ns, slices;
	int err;
	const char *msg;
};

void telem_report(const struct telem *t, struct telem_report *r);

#endif
