/* ktsrun report --html: one self-contained HTML file (inline CSS and SVG,
 * no script, a Content-Security-Policy that allows nothing but its own
 * stylesheet): the verdict matrices, then per run its items, cgroups,
 * baseline, steps, per-CPU timelines from the monitor's samples, work
 * rates per cgroup and its failure output. doc/reports.md.
 *
 * Everything read from a result file is untrusted: text is escaped
 * (markup.h), numbers are used only when finite, arrays are bounded. */
#ifndef KTS_HOST_REPORT_REPORT_HTML_H
#define KTS_HOST_REPORT_REPORT_HTML_H

#include <json-c/json.h>
#include <stdio.h>

#include "host/report/report_load.h"

/* 0, or -1 when out of memory or the hash of the stylesheet failed (said). */
int report_html_write(FILE *f, const struct report_set *s);

/* Within the module. */
#define REPORT_HTML_BINS      500 /* columns a timeline is drawn in at most */
#define REPORT_HTML_W	      1000
#define REPORT_HTML_LABEL     120 /* the lanes' label column */
#define REPORT_HTML_MAX_MARKS 64  /* violation markers drawn per timeline */

/* The time axis every chart of one run shares: samples binned into n
 * columns over [t0, t1] ms. */
struct report_html_axis {
	double t0, t1;
	unsigned bins;
	json_object *t; /* the samples' t_ms, or NULL */
	size_t nsamples;
};
double report_html_x(const struct report_html_axis *a, double t_ms);
/* Column of sample i (its t_ms), or -1 when its time is not a number. */
int report_html_bin(const struct report_html_axis *a, size_t i);
void report_html_ticks(FILE *f, const struct report_html_axis *a, double top, double bottom);

/* report_html_run.c: one run's section. */
void report_html_run(FILE *f, const struct report_result *r, unsigned id);
/* report_html_cpus.c: the per-CPU timeline of a run's monitor samples
 * (axis set from them; false when there are none, with why). */
bool report_html_cpus(FILE *f, json_object *res, struct report_html_axis *a, char *why, size_t len);
/* report_html_rate.c: work rates per cgroup on the same axis. */
void report_html_rates(FILE *f, json_object *res, const struct report_html_axis *a);

/* report_html_json.c: members of untrusted JSON of one type, else NULL. */
json_object *report_html_get(json_object *o, const char *key, json_type t);
const char *report_html_str(json_object *o, const char *key);
/* A number, or NaN for anything else (null, a string, infinity). */
double report_html_num(json_object *o);
double report_html_at(json_object *arr, size_t i);
double report_html_field(json_object *o, const char *key);
/* Number of elements, capped at max (0 for anything but an array). */
size_t report_html_len(json_object *arr, size_t max);
/* The verdict's CSS class part ("pass", "fail", ...). */
const char *report_html_vclass(enum verdict_outcome o);

#endif
