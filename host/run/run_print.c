/* The text a user reads after a run. A pass is one line; anything else
 * explains itself: each failed item with its value and threshold, the
 * per-cgroup figures, the step timeline, and on errors the console tail. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "host/run/run_report.h"
#include "host/sched/sched_explain.h"
#include "lib/scx_kind.h"

static void fmt_val(char *b, size_t n, double v, char unit)
{
	if (isnan(v))
		snprintf(b, n, "-");
	else if (isinf(v))
		snprintf(b, n, "inf");
	else if (unit == 'd')
		snprintf(b, n, v >= 1e9 ? "%.3fs" : "%.2fms", v >= 1e9 ? v / 1e9 : v / 1e6);
	else if (unit == 'f')
		snprintf(b, n, "%.1f%%", v * 100);
	else
		snprintf(b, n, "%.6g", v);
}

static void items(FILE *out, const struct verdict *v, bool all)
{
	for (unsigned i = 0; i < v->nitems; i++) {
		const struct verdict_item *it = &v->item[i];
		char val[32], lim[32];

		if (!all && it->out <= V_PASS)
			continue;
		fmt_val(val, sizeof(val), it->value, it->unit);
		fmt_val(lim, sizeof(lim), it->limit, it->unit);
		fprintf(out, "  %-12s %s %s: %s", verdict_name(it->out), it->claim ? "claim" : "check",
			it->name, val);
		if (!isnan(it->limit))
			fprintf(out, " (limit %s)", lim);
		fprintf(out, "%s%s\n", it->detail[0] ? "; " : "", it->detail);
	}
}

static void cgroup_table(FILE *out, const struct run_result *r)
{
	const struct bc_prog *p = r->prog;

	fprintf(out, "  %-20s %4s %12s %9s %9s %9s %6s %7s %s\n", "cgroup", "wrk", "units", "cpu_s",
		"max_gap", "p99_wake", "spread", "migr", "cpus");
	for (unsigned cg = 0; cg < p->ncgroups; cg++) {
		char path[256], gap[32], p99[32], spr[32], cpus[64];
		struct run_fig f = { 0 };
		double n = run_metric(r->data, p, cg, BC_M_workers, BC_NONE, BC_NONE);

		if (!(n > 0))
			continue;
		run_cg_path(p, cg, path, sizeof(path));
		fmt_val(gap, sizeof(gap), run_metric(r->data, p, cg, BC_M_max_gap, BC_NONE, BC_NONE), 'd');
		fmt_val(p99, sizeof(p99), run_metric(r->data, p, cg, BC_M_p99_wake_latency, BC_NONE, BC_NONE),
			'd');
		fmt_val(spr, sizeof(spr), run_metric(r->data, p, cg, BC_M_fairness_spread, BC_NONE, BC_NONE),
			'f');
		(void)f;
		snprintf(cpus, sizeof(cpus), "%.0f",
			 run_metric(r->data, p, cg, BC_M_cpus_used, BC_NONE, BC_NONE));
		fprintf(out, "  %-20s %4.0f %12.0f %9.2f %9s %9s %6s %7.0f %s\n", path, n,
			run_metric(r->data, p, cg, BC_M_work_units, BC_NONE, BC_NONE),
			run_metric(r->data, p, cg, BC_M_cpu_time, BC_NONE, BC_NONE) / 1e9, gap, p99, spr,
			run_metric(r->data, p, cg, BC_M_migrations, BC_NONE, BC_NONE), cpus);
	}
}

static void timeline(FILE *out, const struct run_data *d)
{
	uint64_t t0 = d->nmarks ? d->mark[0].t_ns : 0;

	fprintf(out, "  timeline:");
	for (unsigned i = 0; i < d->nmarks; i++)
		if (strcmp(d->mark[i].name, "held"))
			fprintf(out, " %s@%.2fs", d->mark[i].name, (double)(d->mark[i].t_ns - t0) / 1e9);
	fputc('\n', out);
}

void run_print(FILE *out, const struct run_result *r, bool verbose)
{
	const struct verdict *v = &r->v;
	bool explain = verbose || v->out >= V_INCONCLUSIVE;

	const struct sched_rec *sr = r->data ? &r->data->sr : NULL;

	fprintf(out, "%-13s %s (%s, %s, %s, %.1f s)%s%s\n", verdict_name(v->out),
		r->meta.name && r->meta.name[0] ? r->meta.name : r->file, r->topo ? r->topo : "-",
		r->accel ? r->accel : "-", r->sched ? r->sched : "EEVDF", r->wall_s, v->reason[0] ? ": " : "",
		v->reason);
	if (!explain || !r->prog)
		return;
	items(out, v, verbose || v->out == V_INCONCLUSIVE);
	if (r->data && r->data->nrec) {
		cgroup_table(out, r);
		timeline(out, r->data);
	}
	run_print_mon(out, r);
	if (r->data && r->data->knobs[0])
		fprintf(out, "  %s", r->data->knobs);
	if (sr && sr->result && sr->kind != SCX_PASS) { /* its console tail is in there */
		fprintf(out, "  scheduler %s: %s: %s\n", r->sched ? r->sched : "-", scx_kind_name(sr->kind),
			sr->why);
		sched_explain_print(out, "    ", sr, r->boot ? r->boot->console : NULL,
				    r->boot ? r->boot->console_len : 0);
	} else if (r->boot && r->boot->outcome != BOOT_OK && r->boot->outcome != BOOT_SETUP_ERROR) {
		boot_print_failure(r->boot, out, 20);
	}
}

char *run_print_failure(const struct run_result *r)
{
	char *text = NULL;
	size_t n;
	FILE *f;

	if (r->v.out == V_PASS || !(f = open_memstream(&text, &n)))
		return NULL;
	run_print(f, r, false);
	fclose(f);
	return text;
}
