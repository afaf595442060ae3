/* The text report: matrices, then the failures of each variant. A
 * variant's name gives its place: scenario (row), topology (column),
 * the rest (scheduler[/kernel]) picks the matrix. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/report_matrix.h"
#include "host/report/report_metric.h"
#include "host/report/report_text.h"
#include "host/util/log.h"

static size_t names_width(const struct report_names *s, size_t min)
{
	for (unsigned i = 0; i < s->n; i++)
		min = strlen(s->v[i]) > min ? strlen(s->v[i]) : min;
	return min;
}

static void mark(char *buf, size_t len, const struct report_cell *x)
{
	const char *v = !x ? "-" : x->worst == V_INCONCLUSIVE ? "INCONC" : verdict_name(x->worst);

	if (x && x->worst_runs < x->runs) /* the runs disagree: how many were this bad */
		snprintf(buf, len, "%s %u/%u", v, x->worst_runs, x->runs);
	else
		snprintf(buf, len, "%s", v);
}

/* Columns [from, to) of a matrix, every row; no blanks at a line's end. */
static void slice(FILE *f, const struct report_cell *c, unsigned n, const char *group,
		  const struct report_names *rows, const struct report_names *cols, unsigned from,
		  unsigned to, const size_t w[2], const struct report_color *col)
{
	fprintf(f, "  %-*s", (int)w[0], "scenario");
	for (unsigned j = from; j < to; j++)
		fprintf(f, "  %-*s", j + 1 < to ? (int)w[1] : 0, cols->v[j]);
	fputc('\n', f);
	for (unsigned i = 0; i < rows->n; i++) {
		fprintf(f, "  %-*s", (int)w[0], rows->v[i]);
		for (unsigned j = from; j < to; j++) {
			const struct report_cell *x = report_matrix_find(c, n, group, rows->v[i], cols->v[j]);
			char m[32];

			mark(m, sizeof(m), x);
			fprintf(f, "  %s%-*s%s", x ? report_color_verdict(col, x->worst) : "",
				j + 1 < to ? (int)w[1] : 0, m, x ? report_color_off(col) : "");
		}
		fputc('\n', f);
	}
}

/* A matrix wider than the terminal is cut into slices of whole columns,
 * each with the scenario names again. */
static void matrix(FILE *f, const struct report_cell *c, unsigned n, const char *group, unsigned width,
		   const struct report_color *col)
{
	struct report_names rows = { 0 }, cols = { 0 };
	unsigned count[V_FAIL + 1] = { 0 }, variants = 0, per;
	size_t w[2];

	for (unsigned i = 0; i < n; i++)
		if (!strcmp(c[i].group, group)) {
			if (report_matrix_name(&rows, c[i].row) || report_matrix_name(&cols, c[i].col))
				goto out;
			count[c[i].worst]++, variants++;
		}
	w[0] = names_width(&rows, strlen("scenario"));
	w[1] = names_width(&cols, strlen("ERROR 9/9"));
	per = width > w[0] + 2 ? (unsigned)((width - w[0] - 2) / (w[1] + 2)) : 0;
	per = !width ? cols.n : per ? per : 1;
	fprintf(f, "%s%s%s: %u variant%s: %u pass, %u fail, %u error, %u inconclusive, %u skip\n",
		report_color_bold(col), group, report_color_off(col), variants, variants == 1 ? "" : "s",
		count[V_PASS], count[V_FAIL], count[V_ERROR], count[V_INCONCLUSIVE], count[V_SKIP]);
	for (unsigned from = 0; from < cols.n; from += per) {
		slice(f, c, n, group, &rows, &cols, from, from + per < cols.n ? from + per : cols.n, w, col);
		fputc('\n', f);
	}
out:
	free(rows.v), free(cols.v);
}

static void item(FILE *f, const struct report_item *x, const struct report_color *col)
{
	char u = report_metric_item_unit(x->name), v[32], l[32];

	report_metric_fmt_unit(v, sizeof(v), u, x->value, false);
	report_metric_fmt_unit(l, sizeof(l), u, x->limit, false);
	fprintf(f, "    %s%-12s%s %s %s", report_color_verdict(col, x->out), verdict_name(x->out),
		report_color_off(col), x->claim ? "claim" : "check", x->name);
	if (!isnan(x->value))
		fprintf(f, ": %s", v);
	if (!isnan(x->limit))
		fprintf(f, " (limit %s)", l);
	if (x->detail && x->detail[0])
		fprintf(f, "; %s", x->detail);
	fputc('\n', f);
}

/* Every run that did not pass or skip: its reason, its scheduler's end
 * and the items that did not pass. */
static void failures(FILE *f, const struct report_set *s, const struct report_color *col)
{
	bool any = false;

	for (unsigned i = 0; i < s->n; i++) {
		const struct report_result *r = &s->res[i];

		if (r->verdict == V_PASS || r->verdict == V_SKIP)
			continue;
		if (!any)
			fprintf(f, "not passed:\n");
		any = true;
		fprintf(f, "  %s%s%s %s (%s, result %u)\n", report_color_verdict(col, r->verdict),
			verdict_name(r->verdict), report_color_off(col), r->variant, r->file, r->index + 1);
		if (r->reason && r->reason[0])
			fprintf(f, "    reason: %s\n", r->reason);
		if (r->sched_kind && strcmp(r->sched_kind, "pass"))
			fprintf(f, "    scheduler: %s%s%s\n", r->sched_kind,
				r->sched_msg && r->sched_msg[0] ? ": " : "",
				r->sched_msg ? r->sched_msg : "");
		for (unsigned k = 0; k < r->nitems; k++)
			if (r->item[k].out != V_PASS && r->item[k].out != V_SKIP)
				item(f, &r->item[k], col);
	}
	if (!any)
		fprintf(f, "every variant passed or was skipped\n");
}

int report_text_print(FILE *f, const struct report_set *s, unsigned width, const struct report_color *col)
{
	struct report_names groups = { 0 };
	unsigned n;
	struct report_cell *c = report_matrix_cells(s, &n);
	int rc = 0;

	if (!c) {
		log_err("out of memory");
		return -1;
	}
	for (unsigned i = 0; i < n && !rc; i++)
		rc = report_matrix_name(&groups, c[i].group);
	for (unsigned g = 0; g < groups.n && !rc; g++)
		matrix(f, c, n, groups.v[g], width, col);
	if (!rc) {
		unsigned count[V_FAIL + 1] = { 0 };

		failures(f, s, col);
		for (unsigned i = 0; i < s->n; i++)
			count[s->res[i].verdict]++;
		fprintf(f,
			"\n%u variant%s, %u run%s in %u file%s: %u pass, %u fail, %u error, %u inconclusive, "
			"%u skip\n",
			n, n == 1 ? "" : "s", s->n, s->n == 1 ? "" : "s", s->ntree, s->ntree == 1 ? "" : "s",
			count[V_PASS], count[V_FAIL], count[V_ERROR], count[V_INCONCLUSIVE], count[V_SKIP]);
	}
	if (rc)
		log_err("out of memory");
	free(groups.v);
	free(c);
	return rc;
}
