/* The direction and default gates of every metric. Emulation's gates are
 * wide: under TCG the vCPUs are host threads on a few shared cores, so a
 * whole run's throughput follows the host's load, and gaps and wake
 * latencies follow the host's descheduling. They were set from three runs
 * of the stdlib under EEVDF on a 2-core host shared with other VMs and a
 * kernel build (doc/reports.md): the largest change between two of those
 * runs stays within them, and a cgroup throttled to a tenth does not. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "host/report/report_metric.h"

#define MS 1e6
#define US 1e3

/* clang-format off */
const struct report_metric report_metric_table[REPORT_M_COUNT] = {
	/* throughput: fewer units is worse; seen 8x apart under TCG, so only a collapse there */
	[BC_M_work_units]           = { REPORT_LOWER_WORSE,  { 10, 0.10 },     { 50, 0.95 } },
	[BC_M_iterations]           = { REPORT_LOWER_WORSE,  { 10, 0.10 },     { 50, 0.95 } },
	/* what a worker was given, not what it achieved: shown, never gated */
	[BC_M_cpu_time]             = { REPORT_INFO,         { 0, 0 },         { 0, 0 } },
	[BC_M_wall_time]            = { REPORT_INFO,         { 0, 0 },         { 0, 0 } },
	/* waiting: longer is worse */
	[BC_M_max_gap]              = { REPORT_HIGHER_WORSE, { 10 * MS, 0.50 }, { 1500 * MS, 1.00 } },
	[BC_M_p50_wake_latency]     = { REPORT_HIGHER_WORSE, { 50 * US, 0.50 }, { 20 * MS, 1.00 } },
	[BC_M_p90_wake_latency]     = { REPORT_HIGHER_WORSE, { 50 * US, 0.50 }, { 100 * MS, 1.00 } },
	[BC_M_p99_wake_latency]     = { REPORT_HIGHER_WORSE, { 100 * US, 0.50 }, { 200 * MS, 1.00 } },
	[BC_M_max_wake_latency]     = { REPORT_HIGHER_WORSE, { 1 * MS, 0.50 }, { 1500 * MS, 1.00 } },
	/* a scheduler's choices, good or bad by the scenario: shown, never gated */
	[BC_M_cpus_used]            = { REPORT_INFO,         { 0, 0 },         { 0, 0 } },
	[BC_M_migrations]           = { REPORT_INFO,         { 0, 0 },         { 0, 0 } },
	[BC_M_voluntary_switches]   = { REPORT_INFO,         { 0, 0 },         { 0, 0 } },
	[BC_M_involuntary_switches] = { REPORT_INFO,         { 0, 0 },         { 0, 0 } },
	[BC_M_workers]              = { REPORT_INFO,         { 0, 0 },         { 0, 0 } },
	/* unfairness within a cgroup (max/min - 1): more is worse */
	[BC_M_fairness_spread]      = { REPORT_HIGHER_WORSE, { 0.10, 0.50 },   { 2.00, 1.00 } },
	/* any new violation counts, emulated or not */
	[BC_M_cpuset_violations]    = { REPORT_HIGHER_WORSE, { 0, 0 },         { 0, 0 } },
	/* what the scheduler gave a cgroup, whatever the host's speed: a smaller share is worse */
	[REPORT_M_work_units_share] = { REPORT_LOWER_WORSE,  { 0.05, 0.20 },   { 0.35, 0.85 } },
	[REPORT_M_cpu_time_share]   = { REPORT_LOWER_WORSE,  { 0.05, 0.20 },   { 0.35, 0.85 } },
};
/* clang-format on */

const char *report_metric_name(unsigned metric)
{
	return metric < BC_M_COUNT		     ? bc_enum_name(BC_E_METRIC, metric)
	       : metric == REPORT_M_work_units_share ? "work_units_share"
	       : metric == REPORT_M_cpu_time_share   ? "cpu_time_share"
						     : "?";
}

char report_metric_unit(unsigned metric)
{
	return metric < BC_M_COUNT ? bc_metric_unit[metric] : metric < REPORT_M_COUNT ? 'f' : 'n';
}

int report_metric_find(const char *name)
{
	for (unsigned m = 0; m < REPORT_M_COUNT; m++)
		if (!strcmp(name, report_metric_name(m)))
			return (int)m;
	return -1;
}

const char *report_metric_dir_name(enum report_dir d)
{
	return d == REPORT_LOWER_WORSE	  ? "lower is worse"
	       : d == REPORT_HIGHER_WORSE ? "higher is worse"
					  : "no direction";
}

char report_metric_item_unit(const char *name)
{
	size_t best = 0;
	char u = 'n';

	for (unsigned k = 0; k < BC_M_COUNT; k++) {
		const char *mn = bc_enum_name(BC_E_METRIC, k);

		if (strstr(name, mn) && strlen(mn) > best)
			best = strlen(mn), u = bc_metric_unit[k];
	}
	for (unsigned k = 0; k < BC_MON_COUNT; k++) {
		const char *mn = bc_enum_name(BC_E_MON, k);

		if (strstr(name, mn) && strlen(mn) > best)
			best = strlen(mn), u = bc_mon_unit[k] == 'd' ? 'd' : 'n';
	}
	return u;
}

void report_metric_fmt(char *buf, size_t len, unsigned metric, double v, bool sign)
{
	report_metric_fmt_unit(buf, len, report_metric_unit(metric), v, sign);
}

void report_metric_fmt_unit(char *buf, size_t len, char unit, double v, bool sign)
{
	const char *s = sign && v >= 0 ? "+" : "";
	double a = fabs(v);

	if (isnan(v)) {
		snprintf(buf, len, "-");
	} else if (unit == 'd') {
		if (a >= 1e9)
			snprintf(buf, len, "%s%.2f s", s, v / 1e9);
		else if (a >= MS)
			snprintf(buf, len, "%s%.1f ms", s, v / MS);
		else if (a >= US)
			snprintf(buf, len, "%s%.1f us", s, v / US);
		else
			snprintf(buf, len, "%s%.0f ns", s, v);
	} else if (unit == 'f') {
		/* a change of a fraction in points, not to be read as a relative change */
		snprintf(buf, len, sign ? "%s%.1f pt" : "%s%.1f%%", s, v * 100);
	} else {
		/* a mean of large counts needs no decimals */
		snprintf(buf, len, v == rint(v) || a >= 100 ? "%s%.0f" : "%s%.2f", s, v);
	}
}
