#include "lib/payload.h"

#include <string.h>

/* clang-format off */
static const struct payload_tool tools[] = {
	{ "hackbench", "hb", "rt-tests", NULL },
	{ "cyclictest", "ct", "rt-tests", NULL },
	{ "stress-ng", "stress", "stress-ng", NULL },
	{ "sysbench", "sb", "sysbench", NULL },
	{ "perf", "perf", "linux-perf", NULL },
	{ "rt-app", "rtapp", "rt-app", "libgcc_s.so.1" },
};

static const struct payload_metric metrics[] = {
	{ "hb.time", 'd', PAYLOAD_MAX, "hackbench's `Time: S` line (seconds)" },
	{ "ct.max_latency", 'd', PAYLOAD_MAX, "cyclictest: the largest Max: over its threads (us)" },
	{ "ct.avg_latency", 'd', PAYLOAD_MEAN, "cyclictest: the mean of its threads' Avg: (us)" },
	{ "ct.min_latency", 'd', PAYLOAD_MAX, "cyclictest: the smallest Min: over its threads (us)" },
	{ "ct.p99_latency", 'd', PAYLOAD_MAX,
	  "cyclictest: 99th percentile from its histogram (needs -h N; unknown if it falls in the overflow)" },
	{ "ct.cycles", 'n', PAYLOAD_SUM, "cyclictest: the C: cycle counts added up" },
	{ "stress.bogo_ops", 'n', PAYLOAD_SUM, "stress-ng --metrics-brief: bogo ops of every stressor" },
	{ "stress.bogo_ops_per_s", 'n', PAYLOAD_SUM, "stress-ng --metrics-brief: bogo ops/s (real time)" },
	{ "sb.events", 'n', PAYLOAD_SUM, "sysbench: total number of events" },
	{ "sb.events_per_s", 'n', PAYLOAD_SUM, "sysbench: events (or transactions) per second" },
	{ "sb.latency_avg", 'd', PAYLOAD_MEAN, "sysbench: Latency avg (ms)" },
	{ "sb.latency_p95", 'd', PAYLOAD_MAX, "sysbench: Latency 95th percentile (ms)" },
	{ "sb.latency_max", 'd', PAYLOAD_MAX, "sysbench: Latency max (ms)" },
	{ "perf.time", 'd', PAYLOAD_MAX, "perf bench sched messaging|pipe: Total time (sec)" },
	{ "perf.usecs_per_op", 'd', PAYLOAD_MAX, "perf bench sched pipe: usecs/op" },
	{ "perf.ops_per_s", 'n', PAYLOAD_SUM, "perf bench sched pipe: ops/sec" },
	{ "rtapp.periods", 'n', PAYLOAD_SUM, "rt-app: rows of its thread logs (one per phase run, a period)" },
	{ "rtapp.overruns", 'n', PAYLOAD_SUM, "rt-app: periods whose slack is negative (the work overran its period)" },
	{ "rtapp.slack_min", 'd', PAYLOAD_MIN, "rt-app: the smallest slack (us), time left to the period's end" },
	{ "rtapp.slack_mean", 'd', PAYLOAD_MEAN, "rt-app: the mean slack (us)" },
	{ "rtapp.wu_lat_mean", 'd', PAYLOAD_MEAN, "rt-app: the mean wakeup latency after a timer (wu_lat, us)" },
	{ "rtapp.wu_lat_p99", 'd', PAYLOAD_MAX, "rt-app: the 99th percentile of wu_lat over the periods (us)" },
	{ "rtapp.wu_lat_max", 'd', PAYLOAD_MAX, "rt-app: the largest wu_lat (us)" },
	{ "rtapp.run_mean", 'd', PAYLOAD_MEAN, "rt-app: the mean time spent in run events per period (run, us)" },
	{ "rtapp.c_duration", 'd', PAYLOAD_MEAN, "rt-app: the configured run time per period (c_duration, us)" },
	{ "rtapp.period_mean", 'd', PAYLOAD_MEAN, "rt-app: the mean measured period (period, us)" },
	{ "rtapp.period_max", 'd', PAYLOAD_MAX, "rt-app: the longest measured period (us)" },
};
/* clang-format on */

const struct payload_tool *payload_tools(size_t *n)
{
	*n = sizeof(tools) / sizeof(tools[0]);
	return tools;
}

const struct payload_tool *payload_tool_of(const char *prog)
{
	const char *base = strrchr(prog, '/') ? strrchr(prog, '/') + 1 : prog;

	for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
		if (!strcmp(base, tools[i].prog))
			return &tools[i];
	return NULL;
}

const struct payload_metric *payload_metrics(size_t *n)
{
	*n = sizeof(metrics) / sizeof(metrics[0]);
	return metrics;
}

const struct payload_metric *payload_metric_find(const char *name)
{
	for (size_t i = 0; i < sizeof(metrics) / sizeof(metrics[0]); i++)
		if (!strcmp(name, metrics[i].name))
			return &metrics[i];
	return NULL;
}

const char *payload_agg_name(enum payload_agg a)
{
	return a == PAYLOAD_SUM ? "sum" : a == PAYLOAD_MEAN ? "mean" : a == PAYLOAD_MIN ? "min" : "max";
}
