/* rt-app's metrics: the rows of a worker's thread logs (its REC_PAYLOAD_FILE
 * files) aggregated over the whole run, a step's window (rows by their start
 * time) or one phase of one task (rows by their place in the task's round of
 * phases, from its description). lib/payload.h names the metrics; values in
 * ns. doc/payloads.md. */
#ifndef KTS_HOST_PAYLOAD_RTAPP_AGG_H
#define KTS_HOST_PAYLOAD_RTAPP_AGG_H

#include <stddef.h>
#include <stdint.h>

#include "host/payload/payload_metric.h"
#include "host/payload/payload_rec.h"
#include "grammar/rtapp_json.h"
#include "host/payload/rtapp_log.h"

struct rtapp_agg {
	size_t n, overruns;
	double slack_min, slack_sum, run_sum, cdur_sum, period_sum, period_max, wu_sum;
	double *wu; /* every wu_lat, for the percentile */
	size_t cap;
};

/* The part of a run: rows that start in [t0_ns, t1_ns) of CLOCK_MONOTONIC,
 * of task (NULL: any) and its phase (-1: any). */
struct rtapp_sel {
	uint64_t t0_ns, t1_ns;
	const char *task;
	int phase;
};

#define RTAPP_SEL_ALL ((struct rtapp_sel){ 0, UINT64_MAX, NULL, -1 })

void rtapp_agg_add(struct rtapp_agg *a, const struct rtapp_row *r);
/* The metrics of what was added (none when nothing was). */
void rtapp_agg_put(struct rtapp_agg *a, struct payload_vals *o);
void rtapp_agg_free(struct rtapp_agg *a);

/* Phase index of a task's row k (its k-th period), from the description. */
int rtapp_agg_phase(const struct rtapp_task *t, size_t k);

/* o's logs through its description json, the rows sel takes, into out.
 * 0, or -1 with err: a log that is no rt-app log, or no log at all. */
int rtapp_agg_payload(const struct payload_out *o, const char *json, const struct rtapp_sel *sel,
		      struct payload_vals *out, char *err, size_t errlen);

#endif
