/* The verdict of one scenario run: its claims, evaluated on the host from
 * telemetry, and the default checks (progress, largest gap, fairness
 * spread, cpuset isolation) with thresholds per mode. doc/verdicts.md. */
#ifndef KTS_HOST_RUN_VERDICT_H
#define KTS_HOST_RUN_VERDICT_H

#include <stdbool.h>

#include "host/monitor/monitor_find.h"
#include "host/run/run_data.h"

/* Order matters: the worst outcome of the items is the scenario's. */
enum verdict_outcome { V_SKIP, V_PASS, V_INCONCLUSIVE, V_ERROR, V_FAIL };

#define VERDICT_MAX_ITEMS 256

struct verdict_item {
	enum verdict_outcome out;
	bool claim;	     /* a claim of the scenario, else a default check */
	char name[160];	     /* the claim's source text, or the check's name */
	double value, limit; /* NaN if none */
	char unit;	     /* 'd' ns, 'f' fraction, 'n' plain */
	char detail[256];    /* the worker, CPU and time, ... */
};

struct verdict_thresholds {
	double max_gap_ns, spread; /* < 0: off */
	bool progress, isolation;
	struct monitor_limits mon;
};

struct verdict {
	enum verdict_outcome out;
	char reason[512]; /* for skip and error */
	struct verdict_item item[VERDICT_MAX_ITEMS];
	unsigned nitems;
	struct verdict_thresholds th;
};

/* Defaults for hardware virtualisation or emulation, then the scenario's
 * CHECK ops, then the command line's overrides (NaN: not given). */
void verdict_thresholds(struct verdict_thresholds *t, bool emulated, const struct interp_meta *m,
			double cli_gap_ns, double cli_spread);
/* Judge a run; base is the baseline run's data or NULL. */
void verdict_judge(struct verdict *v, const struct bc_prog *p, const struct interp_meta *m,
		   const struct run_data *d, const struct run_data *base);
/* verdict_sched.c: the scheduler's outcome (sched: its name, NULL for the
 * default scheduler), or the scenario's expected failure. */
void verdict_sched(struct verdict *v, const struct interp_meta *m, const char *sched,
		   const struct sched_rec *s);
/* verdict_monitor.c: the default monitor checks, under a sched_ext
 * scheduler only (a scenario claims them under EEVDF with `monitor clean`). */
void verdict_monitor(struct verdict *v, const struct bc_prog *p, const struct interp_meta *m,
		     const struct run_data *d);
/* Findings of window w (0 settle, k step k; -1 the whole run). false with
 * why when there is no such span (the run never started it). */
bool verdict_mon_span(const struct run_data *d, const struct verdict_thresholds *t, int w, bool trim,
		      struct monitor_span *out);
/* A claim's operand: finding f over step (BC_NONE: the run), or `monitor
 * clean` for f < 0: the value, or NaN with why filled. */
double verdict_mon_value(const struct run_data *d, const struct bc_prog *p,
			 const struct verdict_thresholds *t, int f, unsigned step, char *why, size_t len);
/* verdict_payload.c: each work exec program's end and output (ERROR when
 * it failed or printed nothing parseable). */
void verdict_payload(struct verdict *v, const struct bc_prog *p, const struct run_data *d);
/* Whether the scenario confines cgroups to CPUs (cpuset ops). */
bool verdict_has_cpusets(const struct bc_prog *p);
const char *verdict_name(enum verdict_outcome o);
void verdict_add(struct verdict *v, enum verdict_outcome o, bool claim, const char *name, double value,
		 double limit, char unit, const char *detail);

#endif
