#include "host/payload/payload_metric.h"

#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/log.h"
#include "lib/payload.h"

#define NS_S  1e9
#define NS_MS 1e6
#define NS_US 1e3

void payload_metric_put(struct payload_vals *o, const char *name, double v)
{
	const struct payload_metric *m = payload_metric_find(name);

	if (!isfinite(v) || o->n == PAYLOAD_MAX_VALS)
		return;
	snprintf(o->v[o->n].name, sizeof(o->v[o->n].name), "%s", name);
	o->v[o->n].v = v;
	o->v[o->n].unit = m ? m->unit : 'n';
	o->n++;
}

/* The number after the last occurrence of key in text, or NaN. */
static double after_last(const char *text, const char *key)
{
	const char *p = NULL, *q = text;
	char *end;
	double v;

	while ((q = strstr(q, key)))
		p = q, q += strlen(key);
	if (!p)
		return NAN;
	v = strtod(p + strlen(key), &end);
	return end == p + strlen(key) ? NAN : v;
}

/* hackbench: "Time: 0.623" (seconds). */
static void hackbench(const char *t, struct payload_vals *o)
{
	payload_metric_put(o, "hb.time", after_last(t, "Time:") * NS_S);
}

/* cyclictest -q: "T: 0 (123) P: 0 I:1000 C: 1916 Min: 18 Act: 69 Avg: 136 Max: 3921" per
 * thread (us); with -h N also "# Histogram" rows "000017 000123" and overflows. */
static void ct_threads(const char *t, struct payload_vals *o)
{
	double mx = -1, mn = INFINITY, avg = 0, cycles = 0;
	unsigned n = 0;

	for (const char *l = t; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		double c, lo, a, hi;
		const char *cp = strstr(l, " C:"), *nl = strchr(l, '\n');

		if (strncmp(l, "T:", 2) || !cp || (nl && cp > nl))
			continue;
		if (sscanf(cp, " C: %lf Min: %lf Act: %*f Avg: %lf Max: %lf", &c, &lo, &a, &hi) != 4)
			continue;
		mx = hi > mx ? hi : mx, mn = lo < mn ? lo : mn, avg += a, cycles += c, n++;
	}
	if (!n)
		return;
	payload_metric_put(o, "ct.max_latency", mx * NS_US);
	payload_metric_put(o, "ct.min_latency", mn * NS_US);
	payload_metric_put(o, "ct.avg_latency", avg / n * NS_US);
	payload_metric_put(o, "ct.cycles", cycles);
}

/* With -h and -q there are no T: lines, only "# Max Latencies: 05786 00412"
 * rows with a column per thread. */
static double row(const char *t, const char *key, char how)
{
	const char *p = strstr(t, key);
	double acc = how == '>' ? -INFINITY : how == '<' ? INFINITY : 0;
	unsigned n = 0;

	for (p = p ? p + strlen(key) : NULL; p && *p && *p != '\n';) {
		char *end;
		double v = strtod(p, &end);

		if (end == p)
			break;
		acc = how == '>' ? fmax(acc, v) : how == '<' ? fmin(acc, v) : acc + v; /* '+', 's' */
		n++, p = end;
	}
	return !n ? NAN : how == '+' ? acc / n : acc; /* 's': the sum */
}

static void ct_summary(const char *t, struct payload_vals *o)
{
	if (payload_metric_get(o, "ct.max_latency"))
		return;
	payload_metric_put(o, "ct.max_latency", row(t, "# Max Latencies:", '>') * NS_US);
	payload_metric_put(o, "ct.avg_latency", row(t, "# Avg Latencies:", '+') * NS_US);
	payload_metric_put(o, "ct.min_latency", row(t, "# Min Latencies:", '<') * NS_US);
	/* Total counts the histogram's samples; the overflows come on top */
	payload_metric_put(o, "ct.cycles",
			   row(t, "# Total:", 's') + (strstr(t, "# Histogram Overflows:")
							      ? row(t, "# Histogram Overflows:", 's')
							      : 0));
}

/* The 99th percentile from the histogram: buckets of 1 us summed over the
 * threads' columns; unknown when it lies among the overflows. */
static void ct_hist(const char *t, struct payload_vals *o)
{
	const char *h = strstr(t, "# Histogram\n");
	double total = 0, *cnt = NULL, over = row(t, "# Histogram Overflows:", 's');
	size_t nb = 0;

	if (!h || strncmp(h + 12, "000000 ", 7))
		return; /* none, or its head did not travel (a tail of a long output) */
	for (const char *l = h + 12; *l && *l != '#'; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : "") {
		char *end;
		unsigned long us = strtoul(l, &end, 10);
		double sum = 0, *nc;

		if (end == l)
			break;
		for (char *q = end; *q && *q != '\n';) {
			char *e2;
			double v = strtod(q, &e2);

			if (e2 == q)
				break;
			sum += v, q = e2;
		}
		if (us >= nb && (nc = realloc(cnt, (us + 1) * sizeof(*cnt)))) {
			memset(nc + nb, 0, (us + 1 - nb) * sizeof(*cnt));
			cnt = nc, nb = us + 1;
		}
		if (us < nb)
			cnt[us] += sum, total += sum;
	}
	if (!isnan(over))
		total += over; /* cyclictest sums overflows over the threads */
	for (size_t us = 0, acc = 0; total > 0 && us < nb; us++) {
		acc += (size_t)cnt[us];
		if (acc >= 0.99 * total) {
			payload_metric_put(o, "ct.p99_latency", (double)us * NS_US);
			break;
		}
	}
	free(cnt);
}

/* stress-ng --metrics-brief: "stress-ng: metrc: [pid] cpu  386  2.02  0.18  0.00  191.45  2183.52". */
static void stress_ng(const char *t, struct payload_vals *o)
{
	double ops = 0, rate = 0;
	unsigned n = 0;

	for (const char *l = strstr(t, "metrc:"); l; l = strstr(l + 1, "metrc:")) {
		char name[64];
		double b, real, usr, sys, r;

		if (sscanf(l, "metrc: [%*d] %63s %lf %lf %lf %lf %lf", name, &b, &real, &usr, &sys, &r) == 6)
			ops += b, rate += r, n++;
	}
	if (n)
		payload_metric_put(o, "stress.bogo_ops", ops),
			payload_metric_put(o, "stress.bogo_ops_per_s", rate);
}

/* sysbench: "total number of events: 2399", "events per second: 1187.40"
 * (or "transactions: N (R per sec.)"), "Latency (ms):" avg, max, 95th percentile. */
static void sysbench(const char *t, struct payload_vals *o)
{
	const char *lat = strstr(t, "Latency (ms):");
	double rate = after_last(t, "events per second:");

	payload_metric_put(o, "sb.events", after_last(t, "total number of events:"));
	if (isnan(rate) && strstr(t, "transactions:")) {
		const char *p = strstr(strstr(t, "transactions:"), "(");

		rate = p ? strtod(p + 1, NULL) : NAN;
	}
	payload_metric_put(o, "sb.events_per_s", rate);
	if (!lat)
		return;
	payload_metric_put(o, "sb.latency_avg", after_last(lat, "avg:") * NS_MS);
	payload_metric_put(o, "sb.latency_max", after_last(lat, "max:") * NS_MS);
	payload_metric_put(o, "sb.latency_p95", after_last(lat, "95th percentile:") * NS_MS);
}

/* perf bench sched messaging|pipe: "Total time: 0.577 [sec]", pipe adds
 * "26.070800 usecs/op" and "38357 ops/sec". */
static double before(const char *t, const char *key)
{
	const char *p = strstr(t, key), *s;

	if (!p)
		return NAN;
	for (s = p; s > t && s[-1] == ' '; s--)
		;
	while (s > t && (s[-1] == '.' || (s[-1] >= '0' && s[-1] <= '9')))
		s--;
	return s < p ? strtod(s, NULL) : NAN;
}

static void perf(const char *t, struct payload_vals *o)
{
	payload_metric_put(o, "perf.time", after_last(t, "Total time:") * NS_S);
	payload_metric_put(o, "perf.usecs_per_op", before(t, "usecs/op") * NS_US);
	payload_metric_put(o, "perf.ops_per_s", before(t, "ops/sec"));
}

static int user_metric(const char *text, const struct payload_user_metric *u, struct payload_vals *o,
		       char *err, size_t errlen)
{
	regex_t re;
	regmatch_t m[2];
	const char *p = text, *last = NULL;
	int e = regcomp(&re, u->regex, REG_EXTENDED | REG_NEWLINE);
	size_t len = 0;

	if (e) {
		char why[200];

		regerror(e, &re, why, sizeof(why));
		return errf(err, errlen, "metric %s: regex \"%s\": %s", u->name, u->regex, why);
	}
	if (re.re_nsub < 1) {
		regfree(&re);
		return errf(err, errlen, "metric %s: regex \"%s\" has no group: put the value in ( )",
			    u->name, u->regex);
	}
	while (*p && !regexec(&re, p, 2, m, p == text ? 0 : REG_NOTBOL)) {
		if (m[1].rm_so >= 0)
			last = p + m[1].rm_so, len = (size_t)(m[1].rm_eo - m[1].rm_so);
		p += m[0].rm_eo > 0 ? m[0].rm_eo : 1;
	}
	regfree(&re);
	if (last) {
		char num[64], *end;
		double v;

		snprintf(num, sizeof(num), "%.*s", (int)(len < 63 ? len : 63), last);
		v = strtod(num, &end);
		if (end != num)
			payload_metric_put(o, u->name, v);
	}
	return 0;
}

int payload_metric_extract(const char *prog, const char *text, const struct payload_user_metric *user,
			   unsigned nuser, struct payload_vals *out, char *err, size_t errlen)
{
	static const struct {
		const char *prefix;
		void (*fn)(const char *, struct payload_vals *);
	} ex[] = { { "hb", hackbench },	    { "ct", ct_threads }, { "ct", ct_hist }, { "ct", ct_summary },
		   { "stress", stress_ng }, { "sb", sysbench },	  { "perf", perf } };
	const struct payload_tool *t = payload_tool_of(prog);

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; t && i < sizeof(ex) / sizeof(ex[0]); i++)
		if (!strcmp(ex[i].prefix, t->prefix))
			ex[i].fn(text, out);
	for (unsigned i = 0; i < nuser; i++)
		if (user_metric(text, &user[i], out, err, errlen))
			return -1;
	return 0;
}

const struct payload_val *payload_metric_get(const struct payload_vals *vals, const char *name)
{
	for (unsigned i = 0; i < vals->n; i++)
		if (!strcmp(vals->v[i].name, name))
			return &vals->v[i];
	return NULL;
}
