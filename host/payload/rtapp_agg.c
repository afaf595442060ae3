#include "host/payload/rtapp_agg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/log.h"

#define NS_US 1e3

void rtapp_agg_add(struct rtapp_agg *a, const struct rtapp_row *r)
{
	if (a->n == a->cap) {
		double *w = realloc(a->wu, (a->cap = a->cap ? a->cap * 2 : 256) * sizeof(*w));

		if (!w)
			abort();
		a->wu = w;
	}
	a->slack_min = !a->n || (double)r->slack < a->slack_min ? (double)r->slack : a->slack_min;
	a->period_max = !a->n || (double)r->period > a->period_max ? (double)r->period : a->period_max;
	a->overruns += r->slack < 0;
	a->slack_sum += (double)r->slack, a->run_sum += (double)r->run, a->cdur_sum += (double)r->c_duration;
	a->period_sum += (double)r->period, a->wu_sum += (double)r->wu_lat;
	a->wu[a->n++] = (double)r->wu_lat;
}

static int cmp(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return a < b ? -1 : a > b;
}

void rtapp_agg_put(struct rtapp_agg *a, struct payload_vals *o)
{
	double n = (double)a->n;

	payload_metric_put(o, "rtapp.periods", n);
	if (!a->n)
		return;
	qsort(a->wu, a->n, sizeof(*a->wu), cmp);
	payload_metric_put(o, "rtapp.overruns", (double)a->overruns);
	payload_metric_put(o, "rtapp.slack_min", a->slack_min * NS_US);
	payload_metric_put(o, "rtapp.slack_mean", a->slack_sum / n * NS_US);
	payload_metric_put(o, "rtapp.wu_lat_mean", a->wu_sum / n * NS_US);
	/* nearest rank: the smallest value with 99% of the periods at or below it */
	payload_metric_put(o, "rtapp.wu_lat_p99", a->wu[(size_t)ceil(0.99 * n) - 1] * NS_US);
	payload_metric_put(o, "rtapp.wu_lat_max", a->wu[a->n - 1] * NS_US);
	payload_metric_put(o, "rtapp.run_mean", a->run_sum / n * NS_US);
	payload_metric_put(o, "rtapp.c_duration", a->cdur_sum / n * NS_US);
	payload_metric_put(o, "rtapp.period_mean", a->period_sum / n * NS_US);
	payload_metric_put(o, "rtapp.period_max", a->period_max * NS_US);
}

void rtapp_agg_free(struct rtapp_agg *a)
{
	free(a->wu);
	memset(a, 0, sizeof(*a));
}

int rtapp_agg_phase(const struct rtapp_task *t, size_t k)
{
	size_t round = 0;
	bool forever = false;

	for (unsigned i = 0; i < t->nphase && !forever; i++)
		if (!(forever = t->phase_loop[i] < 0))
			round += (size_t)t->phase_loop[i];
	if (!forever) {
		if (!round || (t->loop >= 0 && k >= round * (size_t)t->loop))
			return -1; /* past the rounds rt-app runs: no such row */
		k %= round;
	}
	for (unsigned i = 0; i < t->nphase; i++) {
		if (t->phase_loop[i] < 0 || k < (size_t)t->phase_loop[i])
			return (int)i; /* a phase that loops for good keeps the rest */
		k -= (size_t)t->phase_loop[i];
	}
	return -1;
}

static bool takes(const struct rtapp_sel *s, const struct rtapp_task *t, size_t k, const struct rtapp_row *r)
{
	uint64_t at = (uint64_t)r->start * 1000;

	return at >= s->t0_ns && at < s->t1_ns && (!s->task || !strcmp(s->task, t->name)) &&
	       (s->phase < 0 || rtapp_agg_phase(t, k) == s->phase);
}

int rtapp_agg_payload(const struct payload_out *o, const char *json, const struct rtapp_sel *sel,
		      struct payload_vals *out, char *err, size_t errlen)
{
	struct rtapp_desc d;
	struct rtapp_agg a = { 0 };
	unsigned logs = 0;
	size_t rows = 0;

	if (rtapp_json_desc(json, &d, err, errlen))
		return -1;
	for (unsigned i = 0; i < o->nfile; i++) {
		const struct rtapp_task *t;
		struct rtapp_log l;
		unsigned ind;

		if (!(t = rtapp_json_task_of(&d, o->file[i].name, &ind)))
			continue; /* not a thread log (gnuplot's files) */
		const char *text = o->file[i].text ? o->file[i].text : "";
		/* only its tail travelled: the first line is cut, and the rows
		 * before it are gone, so no row can be placed in its phase */
		bool cut = o->file[i].size > o->file[i].len;

		if (cut)
			text = strchr(text, '\n') ? strchr(text, '\n') + 1 : "";
		if (rtapp_log_parse(o->file[i].name, text, &l, err, errlen)) {
			rtapp_agg_free(&a);
			return -1;
		}
		logs++, rows += l.n;
		for (size_t k = 0; k < l.n && !(cut && sel->phase >= 0); k++)
			if (takes(sel, t, k, &l.row[k]))
				rtapp_agg_add(&a, &l.row[k]);
		rtapp_log_free(&l);
	}
	if (!logs || !rows) {
		rtapp_agg_free(&a);
		return !logs ? errf(err, errlen, "rt-app left no thread log (%u other files)", o->nfile)
			     : errf(err, errlen, "rt-app's %u thread logs have no rows", logs);
	}
	rtapp_agg_put(&a, out);
	rtapp_agg_free(&a);
	return 0;
}
