/*
 * Findings from a run's samples (host/monitor/monitor.h) over a span of
 * host time: the whole run or one step. Names and units are the language's
 * (doc/language.md, interp/bc_tables.h BC_MONS); thresholds and what each
 * costs are in doc/monitor.md.
 */
#ifndef KTS_HOST_MONITOR_MONITOR_FIND_H
#define KTS_HOST_MONITOR_MONITOR_FIND_H

#include <stdbool.h>
#include <stdint.h>

#include "host/monitor/monitor.h"
#include "interp/bc_tables.h"

/* Limits for hardware virtualisation or emulation (TCG). */
struct monitor_limits {
	uint64_t stall_ns; /* a still rq clock with queued work this long is a stall */
	uint64_t wait_ns;  /* runnable wait, capped at watchdog / wait_div */
	unsigned wait_div;
	unsigned dsq;	    /* local DSQ depth */
	double imbalance;   /* max/min nr_running across CPUs */
	uint64_t warmup_ns; /* trimmed after the start marker for the checks */
};
void monitor_limits_default(struct monitor_limits *l, bool emulated);
/* The wait limit for a watchdog timeout (jiffies, 0: unknown) at kernel_hz. */
uint64_t monitor_limits_wait(const struct monitor_limits *l, uint64_t watchdog, unsigned kernel_hz);

/* One finding over a span: its value (NaN: unavailable), the sustained
 * value the checks judge (the largest held over MONITOR_SUSTAIN samples in
 * a row), and where the worst was. */
struct monitor_fv {
	double v;    /* the operand: for max_rq_len, max_dsq_depth, max_runnable_wait and
			imbalance the sustained value, as the checks judge it */
	double sus;  /* sustained */
	double peak; /* the largest in any one sample */
	int cpu;     /* -1: not per CPU */
	int32_t pid; /* the task concerned, -1 none */
	uint64_t t_ns;
	char where[96]; /* "CPU 3", "global DSQ of node 1", "CPU 2 idle, CPU 5 had 3" */
};

struct monitor_span {
	uint64_t t0, t1;      /* host ns, [t0, t1) */
	unsigned first, last; /* sample indices, [first, last) */
	struct monitor_fv f[BC_MON_COUNT];
};

/* Findings over [t0, t1). Waits and DSQ depths count only in samples where
 * a sched_ext scheduler was enabled (or the kernel has no sched_ext state). */
void monitor_find_span(const struct monitor *m, const struct monitor_limits *lim, uint64_t t0, uint64_t t1,
		       struct monitor_span *out);
/* Why finding f cannot be had from m (NULL: it can): the monitor did not
 * read the guest, or the kernel's BTF lacks what it needs. */
const char *monitor_find_why(const struct monitor *m, unsigned f, char *buf, size_t len);

#endif
