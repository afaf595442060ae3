/* Which way each metric gets worse, and the gates compare uses by default:
 * the one table of it (report_metric.c). A change is a regression only when
 * it is worse by more than both the absolute and the relative gate. */
#ifndef KTS_HOST_REPORT_REPORT_METRIC_H
#define KTS_HOST_REPORT_REPORT_METRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "interp/bc.h"

/* The metrics of results (BC_METRICS), then those compare derives: a
 * cgroup's share of the run's work units and of its CPU time, over the
 * top-level cgroups. Under emulation a whole run's throughput follows the
 * host's load; a share does not, so it shows what the scheduler gave. */
enum { REPORT_M_work_units_share = BC_M_COUNT, REPORT_M_cpu_time_share, REPORT_M_COUNT };

/* 0 is no entry, so a metric left out of the table fails its test. */
enum report_dir { REPORT_DIR_NONE, REPORT_INFO, REPORT_LOWER_WORSE, REPORT_HIGHER_WORSE };

struct report_gate {
	double abs, rel; /* abs in the metric's unit (ns, fraction, count); rel 0.25 = 25% */
};

struct report_metric {
	enum report_dir dir;
	struct report_gate hw, emu; /* hardware virtualisation, emulation (TCG) */
};

extern const struct report_metric report_metric_table[REPORT_M_COUNT];

/* Metric index of name, or -1. */
int report_metric_find(const char *name);
const char *report_metric_name(unsigned metric);
/* 'd' ns, 'f' fraction, 'n' plain, as bc_metric_unit. */
char report_metric_unit(unsigned metric);
const char *report_metric_dir_name(enum report_dir d);
/* A value in the metric's unit, for people: "1.25 s", "31.0%", "733052";
 * with sign, a change: "+41.3 ms". NaN prints "-". */
void report_metric_fmt(char *buf, size_t len, unsigned metric, double v, bool sign);
void report_metric_fmt_unit(char *buf, size_t len, char unit, double v, bool sign);
/* The unit of a verdict item's value and limit: that of the longest metric
 * or monitor finding named in it ('n' when none is). */
char report_metric_item_unit(const char *name);

#endif
