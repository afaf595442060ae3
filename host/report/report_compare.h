/* ktsrun compare: results of side A against side B, matched by variant
 * name; per metric A, B, the change, and whether it is a regression (worse
 * by more than both gates, and every B run worse than every A run by that
 * much when a side has several runs). doc/reports.md. */
#ifndef KTS_HOST_REPORT_REPORT_COMPARE_H
#define KTS_HOST_REPORT_REPORT_COMPARE_H

#include <stdio.h>

#include "host/report/report_load.h"
#include "host/report/report_metric.h"

#define COMPARE_MAX_METRICS 64

/* One --metric: a metric, of one cgroup or of every cgroup (NULL). */
struct compare_pick {
	const char *cgroup;
	unsigned metric;
};

struct compare_opts {
	struct compare_pick pick[COMPARE_MAX_METRICS];
	unsigned npick; /* 0: every metric with a direction */
	double abs_n;	/* --abs for counts; NaN: the table's */
	double abs_d;	/* for durations (ns) */
	double abs_f;	/* for fractions */
	double rel;	/* --rel as a fraction; NaN: the table's */
	int emulation;	/* -1 by the runs' accel, 0 hardware gates, 1 emulation gates */
};

enum compare_state { CMP_SAME, CMP_REGRESSION, CMP_IMPROVEMENT, CMP_NOISE, CMP_INFO };

struct compare_row {
	const char *cgroup;
	unsigned metric;
	double a, b;		       /* means over the runs that measured it */
	double a_lo, a_hi, b_lo, b_hi; /* their range */
	unsigned na, nb;	       /* runs that measured it */
	double delta, rel;	       /* b - a; delta / |a| (NaN when a is 0) */
	struct report_gate gate;
	enum compare_state st;
};

struct compare_item {
	const char *name;
	enum verdict_outcome a, b; /* the worst of each side's runs */
	bool in_a, in_b;
};

struct compare_variant {
	const char *name;
	unsigned na, nb;	     /* runs of it on each side */
	enum verdict_outcome va, vb; /* the worst verdict of each side */
	unsigned va_runs, vb_runs;   /* runs that had it */
	const char *reason_b;	     /* B's reason for that verdict, or NULL */
	const char *defs_a, *defs_b; /* -D of the first run of each side */
	bool emulated, verdict_regression;
	struct compare_item *item; /* items whose outcome differs */
	unsigned nitems;
	struct compare_row *row;
	unsigned nrows, nreg, nimp, nnoise;
};

struct compare {
	struct compare_variant *v; /* in both sides, by name */
	unsigned nv;
	const char **only_a, **only_b; /* missing from B, new in B */
	unsigned nonly_a, nonly_b;
	unsigned regressions, improvements, noise, same, verdict_changes, verdict_regressions;
};

/* Compare side a with side b. 0, or -1 with one line in err. c points
 * into a and b: free it before them. */
int report_compare(struct compare *c, const struct report_set *a, const struct report_set *b,
		   const struct compare_opts *o, char *err, size_t len);
void report_compare_free(struct compare *c);
/* Does the comparison find a regression (a metric or a verdict)? */
bool report_compare_regressed(const struct compare *c);
const char *report_compare_state_name(enum compare_state s);

/* report_compare_print.c. Text: verdict changes first, then new and
 * missing variants, then the metrics (all rows with verbose, else those
 * that changed beyond a gate). */
struct report_color;
void report_compare_print(FILE *f, const struct compare *c, const char *const *files_a, unsigned nfa,
			  const char *const *files_b, unsigned nfb, bool verbose,
			  const struct report_color *col);
struct json_object *report_compare_json(const struct compare *c, const char *const *files_a, unsigned nfa,
					const char *const *files_b, unsigned nfb);

#endif
