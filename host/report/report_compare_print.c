/* ktsrun compare's output: text for people, JSON for machines. */
#include <json-c/json.h>
#include <math.h>
#include <string.h>

#include "host/report/report_color.h"
#include "host/report/report_compare.h"

static void files(FILE *f, const char *side, const char *const *v, unsigned n)
{
	fprintf(f, "%s:", side);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, " %s", v[i]);
	fputc('\n', f);
}

static const char *outcome(const struct compare_item *x, bool b)
{
	return (b ? x->in_b : x->in_a) ? verdict_name(b ? x->b : x->a) : "(none)";
}

static void verdict_changes(FILE *f, const struct compare *c, const struct report_color *col)
{
	if (!c->verdict_changes)
		return;
	fprintf(f, "\nverdict changes (%u):\n", c->verdict_changes);
	for (unsigned i = 0; i < c->nv; i++) {
		const struct compare_variant *v = &c->v[i];
		char ra[32] = "", rb[32] = "";

		if (v->va == v->vb)
			continue;
		/* with several runs a side, how many had the worst verdict */
		if (v->na > 1)
			snprintf(ra, sizeof(ra), " (%u of %u runs)", v->va_runs, v->na);
		if (v->nb > 1)
			snprintf(rb, sizeof(rb), " (%u of %u runs)", v->vb_runs, v->nb);
		fprintf(f, "  %s  %s%s%s%s -> %s%s%s%s%s\n", v->name, report_color_verdict(col, v->va),
			verdict_name(v->va), report_color_off(col), ra, report_color_verdict(col, v->vb),
			verdict_name(v->vb), report_color_off(col), rb,
			v->verdict_regression ? "  (a regression)"
			: v->vb > v->va && v->vb >= V_ERROR
				? "  (within the noise: some B runs are as good as A's)"
				: "");
		if (v->reason_b && v->reason_b[0] && v->vb != V_PASS)
			fprintf(f, "      B: %s\n", v->reason_b);
		for (unsigned k = 0; k < v->nitems; k++)
			fprintf(f, "      %s: %s -> %s\n", v->item[k].name, outcome(&v->item[k], false),
				outcome(&v->item[k], true));
	}
}

static void names(FILE *f, const char *title, const char *const *v, unsigned n)
{
	if (!n)
		return;
	fprintf(f, "\n%s (%u):\n", title, n);
	for (unsigned i = 0; i < n; i++)
		fprintf(f, "  %s\n", v[i]);
}

static void gate_text(char *buf, size_t len, const struct compare_row *w)
{
	char abs[32];

	/* a fraction's absolute gate is in points, as its change is */
	if (report_metric_unit(w->metric) == 'f')
		snprintf(abs, sizeof(abs), "%.1f pt", w->gate.abs * 100);
	else
		report_metric_fmt(abs, sizeof(abs), w->metric, w->gate.abs, false);
	snprintf(buf, len, "%s and %.0f%%", abs, w->gate.rel * 100);
}

static void row(FILE *f, const struct compare_row *w, const struct report_color *col)
{
	char a[32], b[32], d[32], rel[24], g[64], label[200];
	const char *on = w->st == CMP_REGRESSION    ? report_color_bad(col)
			 : w->st == CMP_IMPROVEMENT ? report_color_good(col)
			 : w->st == CMP_SAME	    ? ""
						    : report_color_dim(col);

	snprintf(label, sizeof(label), "%s.%s", w->cgroup, report_metric_name(w->metric));
	report_metric_fmt(a, sizeof(a), w->metric, w->a, false);
	report_metric_fmt(b, sizeof(b), w->metric, w->b, false);
	report_metric_fmt(d, sizeof(d), w->metric, w->delta, true);
	if (isnan(w->rel))
		snprintf(rel, sizeof(rel), "(from 0)");
	else
		snprintf(rel, sizeof(rel), "(%+.1f%%)", w->rel * 100);
	if (w->st == CMP_INFO)
		snprintf(g, sizeof(g), "-");
	else
		gate_text(g, sizeof(g), w);
	fprintf(f, "  %-32s %12s %12s %12s %-10s %-20s %s%s%s\n", label, a, b, d, rel, g, on,
		w->st == CMP_REGRESSION	   ? "REGRESSION"
		: w->st == CMP_IMPROVEMENT ? "improvement"
		: w->st == CMP_NOISE	   ? "within the noise"
		: w->st == CMP_INFO	   ? "(no direction)"
					   : "within the gates",
		report_color_off(col));
	if (w->na > 1 || w->nb > 1) {
		report_metric_fmt(a, sizeof(a), w->metric, w->a_lo, false);
		report_metric_fmt(b, sizeof(b), w->metric, w->a_hi, false);
		report_metric_fmt(d, sizeof(d), w->metric, w->b_lo, false);
		report_metric_fmt(g, sizeof(g), w->metric, w->b_hi, false);
		fprintf(f, "  %-32s A %s .. %s over %u runs, B %s .. %s over %u runs\n", "", a, b, w->na, d,
			g, w->nb);
	}
}

static bool shown(const struct compare_row *w, bool verbose)
{
	return verbose || w->st == CMP_REGRESSION || w->st == CMP_IMPROVEMENT || w->st == CMP_NOISE;
}

static void variant(FILE *f, const struct compare_variant *v, bool verbose, const struct report_color *col)
{
	unsigned n = 0;

	bool defs = strcmp(v->defs_a, v->defs_b);

	for (unsigned i = 0; i < v->nrows; i++)
		n += shown(&v->row[i], verbose);
	if (!n && !defs && !(v->nitems && v->va == v->vb))
		return;
	fprintf(f, "\n%s%s%s  (A %u run%s, B %u run%s; %s gates)\n", report_color_bold(col), v->name,
		report_color_off(col), v->na, v->na == 1 ? "" : "s", v->nb, v->nb == 1 ? "" : "s",
		v->emulated ? "emulation" : "hardware");
	/* parameters are not in the name: say when the sides ran with different ones */
	if (defs)
		fprintf(f, "  -D differs: A %s, B %s\n", v->defs_a[0] ? v->defs_a : "(none)",
			v->defs_b[0] ? v->defs_b : "(none)");
	if (v->va == v->vb)
		for (unsigned k = 0; k < v->nitems; k++)
			fprintf(f, "  item %s: %s -> %s\n", v->item[k].name, outcome(&v->item[k], false),
				outcome(&v->item[k], true));
	if (!n)
		return;
	fprintf(f, "  %-32s %12s %12s %12s %-10s %-20s %s\n", "metric", "A", "B", "change", "", "gate",
		"result");
	for (unsigned i = 0; i < v->nrows; i++)
		if (shown(&v->row[i], verbose))
			row(f, &v->row[i], col);
}

void report_compare_print(FILE *f, const struct compare *c, const char *const *files_a, unsigned nfa,
			  const char *const *files_b, unsigned nfb, bool verbose,
			  const struct report_color *col)
{
	files(f, "A", files_a, nfa);
	files(f, "B", files_b, nfb);
	fprintf(f, "a regression is a change for the worse beyond both gates (absolute and relative)%s\n",
		nfa > 1 || nfb > 1 ? ",\nwith every B run worse than every A run by that much" : "");
	verdict_changes(f, c, col);
	names(f, "new in B", c->only_b, c->nonly_b);
	names(f, "missing from B", c->only_a, c->nonly_a);
	for (unsigned i = 0; i < c->nv; i++)
		variant(f, &c->v[i], verbose, col);
	fprintf(f,
		"\n%s%u regression%s%s, %u improvement%s, %u within the noise, %u within the gates; "
		"%u variant%s in both, %u new, %u missing; %u verdict change%s (%u for the worse)\n",
		report_compare_regressed(c) ? report_color_bad(col) : "", c->regressions,
		c->regressions == 1 ? "" : "s", report_color_off(col), c->improvements,
		c->improvements == 1 ? "" : "s", c->noise, c->same, c->nv, c->nv == 1 ? "" : "s", c->nonly_b,
		c->nonly_a, c->verdict_changes, c->verdict_changes == 1 ? "" : "s", c->verdict_regressions);
}

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *strs(const char *const *v, unsigned n)
{
	json_object *a = json_object_new_array();

	for (unsigned i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_string(v[i]));
	return a;
}

static json_object *row_json(const struct compare_row *w)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "cgroup", json_object_new_string(w->cgroup));
	json_object_object_add(o, "metric", json_object_new_string(report_metric_name(w->metric)));
	json_object_object_add(
		o, "direction",
		json_object_new_string(report_metric_dir_name(report_metric_table[w->metric].dir)));
	json_object_object_add(o, "a", num(w->a));
	json_object_object_add(o, "b", num(w->b));
	json_object_object_add(o, "a_min", num(w->a_lo));
	json_object_object_add(o, "a_max", num(w->a_hi));
	json_object_object_add(o, "b_min", num(w->b_lo));
	json_object_object_add(o, "b_max", num(w->b_hi));
	json_object_object_add(o, "a_runs", json_object_new_int((int)w->na));
	json_object_object_add(o, "b_runs", json_object_new_int((int)w->nb));
	json_object_object_add(o, "delta", num(w->delta));
	json_object_object_add(o, "relative", num(w->rel));
	json_object_object_add(o, "gate_abs", w->st == CMP_INFO ? NULL : num(w->gate.abs));
	json_object_object_add(o, "gate_rel", w->st == CMP_INFO ? NULL : num(w->gate.rel));
	json_object_object_add(o, "result", json_object_new_string(report_compare_state_name(w->st)));
	return o;
}

static json_object *items_json(const struct compare_variant *v)
{
	json_object *a = json_object_new_array();

	for (unsigned k = 0; k < v->nitems; k++) {
		json_object *o = json_object_new_object();
		const struct compare_item *x = &v->item[k];

		json_object_object_add(o, "name", json_object_new_string(x->name));
		json_object_object_add(o, "a", x->in_a ? json_object_new_string(verdict_name(x->a)) : NULL);
		json_object_object_add(o, "b", x->in_b ? json_object_new_string(verdict_name(x->b)) : NULL);
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *variant_json(const struct compare_variant *v)
{
	json_object *o = json_object_new_object(), *rows = json_object_new_array();

	json_object_object_add(o, "variant", json_object_new_string(v->name));
	json_object_object_add(o, "a_runs", json_object_new_int((int)v->na));
	json_object_object_add(o, "b_runs", json_object_new_int((int)v->nb));
	json_object_object_add(o, "a", json_object_new_string(verdict_name(v->va)));
	json_object_object_add(o, "b", json_object_new_string(verdict_name(v->vb)));
	json_object_object_add(o, "verdict_regression", json_object_new_boolean(v->verdict_regression));
	json_object_object_add(o, "emulated", json_object_new_boolean(v->emulated));
	json_object_object_add(o, "a_defines", json_object_new_string(v->defs_a));
	json_object_object_add(o, "b_defines", json_object_new_string(v->defs_b));
	json_object_object_add(o, "items", items_json(v));
	for (unsigned i = 0; i < v->nrows; i++)
		json_object_array_add(rows, row_json(&v->row[i]));
	json_object_object_add(o, "metrics", rows);
	return o;
}

struct json_object *report_compare_json(const struct compare *c, const char *const *files_a, unsigned nfa,
					const char *const *files_b, unsigned nfb)
{
	json_object *o = json_object_new_object(), *n = json_object_new_object(),
		    *vs = json_object_new_array(), *ch = json_object_new_array();

	json_object_object_add(o, "a", strs(files_a, nfa));
	json_object_object_add(o, "b", strs(files_b, nfb));
	json_object_object_add(o, "regressed", json_object_new_boolean(report_compare_regressed(c)));
	json_object_object_add(n, "regressions", json_object_new_int((int)c->regressions));
	json_object_object_add(n, "improvements", json_object_new_int((int)c->improvements));
	json_object_object_add(n, "noise", json_object_new_int((int)c->noise));
	json_object_object_add(n, "same", json_object_new_int((int)c->same));
	json_object_object_add(n, "verdict_changes", json_object_new_int((int)c->verdict_changes));
	json_object_object_add(n, "verdict_regressions", json_object_new_int((int)c->verdict_regressions));
	json_object_object_add(o, "counts", n);
	for (unsigned i = 0; i < c->nv; i++) {
		if (c->v[i].va != c->v[i].vb)
			json_object_array_add(ch, json_object_new_string(c->v[i].name));
		json_object_array_add(vs, variant_json(&c->v[i]));
	}
	json_object_object_add(o, "verdict_changes", ch);
	json_object_object_add(o, "new", strs(c->only_b, c->nonly_b));
	json_object_object_add(o, "missing", strs(c->only_a, c->nonly_a));
	json_object_object_add(o, "variants", vs);
	return o;
}
