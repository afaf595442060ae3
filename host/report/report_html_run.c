/* One run's section of the HTML report: what it was, its verdict and every
 * item, its cgroups (beside EEVDF's when it has a baseline), its steps, its
 * timelines and its failure output. */
#include <math.h>
#include <string.h>

#include "host/report/markup.h"
#include "host/report/report_html.h"
#include "host/report/report_metric.h"

static void text(FILE *f, const char *tag, const char *cls, const char *s)
{
	fprintf(f, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	markup_esc(f, s ? s : "");
	fprintf(f, "</%s>", tag);
}

static void meta(FILE *f, const struct report_result *r)
{
	double wall = report_html_field(r->json, "wall_s");
	const char *preset = report_html_str(r->json, "preset");

	fputs("<p class=\"meta\">", f);
	markup_esc(f, r->file);
	fprintf(f, ", result %u; topology ", r->index + 1);
	markup_esc(f, r->topology ? r->topology : "-");
	if (preset) {
		fputs(" (preset ", f);
		markup_esc(f, preset);
		fputs(")", f);
	}
	fputs("; scheduler ", f);
	markup_esc(f, r->scheduler);
	fputs("; ", f);
	markup_esc(f, r->accel ? r->accel : "accel unknown");
	if (r->kernel) {
		fputs("; kernel ", f);
		markup_esc(f, r->kernel);
	}
	if (!isnan(wall))
		fprintf(f, "; %.1f s", wall);
	if (r->defines[0]) {
		fputs("; -D ", f);
		markup_esc(f, r->defines);
	}
	fputs("</p>\n", f);
	if (r->reason && r->reason[0]) {
		fputs("<p>reason: ", f);
		markup_esc(f, r->reason);
		fputs("</p>\n", f);
	}
	if (r->sched_kind) {
		fputs("<p>scheduler ended: ", f);
		markup_esc(f, r->sched_kind);
		if (r->sched_msg && r->sched_msg[0]) {
			fputs(": ", f);
			markup_esc(f, r->sched_msg);
		}
		fputs("</p>\n", f);
	}
}

static void items(FILE *f, const struct report_result *r)
{
	if (!r->nitems)
		return;
	fputs("<table class=\"items\"><tr><th>outcome</th><th>kind</th><th>item</th><th>value</th>"
	      "<th>limit</th><th>detail</th></tr>\n",
	      f);
	for (unsigned i = 0; i < r->nitems; i++) {
		const struct report_item *x = &r->item[i];
		char u = report_metric_item_unit(x->name), v[32], l[32];

		report_metric_fmt_unit(v, sizeof(v), u, x->value, false);
		report_metric_fmt_unit(l, sizeof(l), u, x->limit, false);
		fprintf(f, "<tr><td class=\"v-%s\">%s</td><td>%s</td>", report_html_vclass(x->out),
			verdict_name(x->out), x->claim ? "claim" : "check");
		text(f, "td", NULL, x->name);
		fprintf(f, "<td class=\"num\">%s</td><td class=\"num\">%s</td>", v, l);
		text(f, "td", NULL, x->detail);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static const unsigned shown[] = { BC_M_workers,		BC_M_work_units, REPORT_M_work_units_share,
				  BC_M_cpu_time,	BC_M_max_gap,	 BC_M_p99_wake_latency,
				  BC_M_fairness_spread, BC_M_migrations, BC_M_cpus_used };
#define NSHOWN (sizeof(shown) / sizeof(shown[0]))

static void cgroups(FILE *f, const struct report_result *r)
{
	char v[32];

	if (!r->ncg)
		return;
	fputs("<table class=\"cgroups\"><tr><th>cgroup</th>", f);
	for (unsigned k = 0; k < NSHOWN; k++)
		text(f, "th", NULL, report_metric_name(shown[k]));
	fputs("</tr>\n", f);
	for (unsigned c = 0; c < r->ncg; c++) {
		fputs("<tr>", f);
		text(f, "td", NULL, r->cg[c].name);
		for (unsigned k = 0; k < NSHOWN; k++) {
			report_metric_fmt(v, sizeof(v), shown[k], r->cg[c].m[shown[k]], false);
			fprintf(f, "<td class=\"num\">%s</td>", v);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static const unsigned compared[] = { BC_M_work_units, BC_M_cpu_time, BC_M_max_gap, BC_M_p99_wake_latency,
				     BC_M_fairness_spread };
#define NCOMPARED (sizeof(compared) / sizeof(compared[0]))

/* The scheduler's figures beside the baseline run's (EEVDF), per cgroup. */
static void baseline(FILE *f, const struct report_result *r)
{
	json_object *b = report_html_get(r->json, "baseline", json_type_array);
	size_t n = report_html_len(b, REPORT_MAX_CGROUPS);
	char v[32], w[32];

	if (!b)
		return;
	fputs("<h4>Beside the baseline run under EEVDF</h4>\n<table class=\"baseline\"><tr><th>cgroup</th>"
	      "<th>metric</th><th>this run</th><th>EEVDF</th><th>ratio</th></tr>\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(b, i);
		const char *name = report_html_str(e, "name");
		const struct report_cgroup *c = NULL;

		for (unsigned k = 0; name && k < r->ncg; k++)
			if (!strcmp(r->cg[k].name, name))
				c = &r->cg[k];
		if (!c)
			continue;
		for (unsigned k = 0; k < NCOMPARED; k++) {
			double a = c->m[compared[k]],
			       e0 = report_html_field(e, report_metric_name(compared[k]));

			report_metric_fmt(v, sizeof(v), compared[k], a, false);
			report_metric_fmt(w, sizeof(w), compared[k], e0, false);
			fputs("<tr>", f);
			text(f, "td", NULL, name);
			text(f, "td", NULL, report_metric_name(compared[k]));
			fprintf(f, "<td class=\"num\">%s</td><td class=\"num\">%s</td>", v, w);
			if (!isnan(a) && !isnan(e0) && e0 != 0)
				fprintf(f, "<td class=\"num\">%.2f</td>", a / e0);
			else
				fputs("<td class=\"num\">-</td>", f);
			fputs("</tr>\n", f);
		}
	}
	fputs("</table>\n", f);
}

static void steps(FILE *f, const struct report_result *r)
{
	json_object *a = report_html_get(r->json, "steps", json_type_array);
	size_t n = report_html_len(a, 4096);

	if (!n)
		return;
	fputs("<p class=\"steps\">steps:", f);
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(a, i);
		double t = report_html_field(e, "t_ms");

		fputs(" ", f);
		markup_esc(f, report_html_str(e, "name") ? report_html_str(e, "name") : "?");
		if (!isnan(t))
			fprintf(f, " @%.2f s", t / 1000);
	}
	fputs("</p>\n", f);
}

static void timelines(FILE *f, const struct report_result *r)
{
	struct report_html_axis ax = { 0 };
	char why[256];

	if (!report_html_cpus(f, r->json, &ax, why, sizeof(why))) {
		fputs("<p class=\"meta\">no per-CPU timeline: ", f);
		markup_esc(f, why);
		fputs("</p>\n", f);
	}
	report_html_rates(f, r->json, &ax);
}

void report_html_run(FILE *f, const struct report_result *r, unsigned id)
{
	const char *out = report_html_str(r->json, "output");

	fprintf(f, "<section class=\"run\" id=\"r%u\"><h3><span class=\"badge v-%s\">%s</span> ", id,
		report_html_vclass(r->verdict), verdict_name(r->verdict));
	markup_esc(f, r->variant);
	fputs("</h3>\n", f);
	meta(f, r);
	if (r->verdict != V_SKIP || r->nitems) {
		items(f, r);
		cgroups(f, r);
		baseline(f, r);
		steps(f, r);
		timelines(f, r);
	}
	if (out && out[0]) {
		fputs("<details open=\"open\"><summary>failure output</summary><pre>", f);
		markup_esc(f, out);
		fputs("</pre></details>\n", f);
	}
	fputs("</section>\n", f);
}
