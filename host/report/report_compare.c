/* Matching, gating and the spread check of ktsrun compare. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/report_compare.h"
#include "host/util/log.h"

/* The results of one side, by variant name (stable: file order within). */
struct side {
	const struct report_result **r;
	unsigned n;
};

static int by_name(const void *x, const void *y)
{
	const struct report_result *a = *(const struct report_result *const *)x,
				   *b = *(const struct report_result *const *)y;
	int c = strcmp(a->variant, b->variant);

	return c ? c : a < b ? -1 : a > b;
}

static int sort_side(struct side *s, const struct report_set *set)
{
	s->n = set->n;
	if (!(s->r = malloc((set->n + 1) * sizeof(*s->r))))
		return -1;
	for (unsigned i = 0; i < set->n; i++)
		s->r[i] = &set->res[i];
	qsort(s->r, s->n, sizeof(*s->r), by_name);
	return 0;
}

/* Runs of the variant starting at i: their count. */
static unsigned group(const struct side *s, unsigned i)
{
	unsigned j = i;

	while (j < s->n && !strcmp(s->r[j]->variant, s->r[i]->variant))
		j++;
	return j - i;
}

static void worst(const struct report_result *const *r, unsigned n, enum verdict_outcome *v, unsigned *runs,
		  const char **reason)
{
	*v = V_SKIP, *runs = 0, *reason = NULL;
	for (unsigned i = 0; i < n; i++) {
		if (r[i]->verdict > *v || !*runs)
			*v = r[i]->verdict, *runs = 0, *reason = r[i]->reason;
		*runs += r[i]->verdict == *v;
	}
}

static enum verdict_outcome best(const struct report_result *const *r, unsigned n)
{
	enum verdict_outcome v = r[0]->verdict;

	for (unsigned i = 1; i < n; i++)
		v = r[i]->verdict < v ? r[i]->verdict : v;
	return v;
}

/* The worst outcome of item name over the runs; false if none has it. */
static bool item_outcome(const struct report_result *const *r, unsigned n, const char *name,
			 enum verdict_outcome *o)
{
	bool seen = false;

	for (unsigned i = 0; i < n; i++)
		for (unsigned k = 0; k < r[i]->nitems; k++)
			if (!strcmp(r[i]->item[k].name, name) && (!seen || r[i]->item[k].out > *o))
				*o = r[i]->item[k].out, seen = true;
	return seen;
}

static int add_item(struct compare_variant *v, const char *name, const struct report_result *const *ra,
		    unsigned na, const struct report_result *const *rb, unsigned nb)
{
	struct compare_item x = { .name = name }, *grown;

	for (unsigned i = 0; i < v->nitems; i++)
		if (!strcmp(v->item[i].name, name))
			return 0;
	x.in_a = item_outcome(ra, na, name, &x.a);
	x.in_b = item_outcome(rb, nb, name, &x.b);
	if (x.in_a && x.in_b && x.a == x.b)
		return 0;
	if (!(grown = realloc(v->item, (v->nitems + 1) * sizeof(*grown))))
		return -1;
	v->item = grown;
	v->item[v->nitems++] = x;
	return 0;
}

static int items(struct compare_variant *v, const struct report_result *const *ra, unsigned na,
		 const struct report_result *const *rb, unsigned nb)
{
	for (unsigned s = 0; s < 2; s++)
		for (unsigned i = 0; i < (s ? nb : na); i++) {
			const struct report_result *r = s ? rb[i] : ra[i];

			for (unsigned k = 0; k < r->nitems; k++)
				if (add_item(v, r->item[k].name, ra, na, rb, nb))
					return -1;
		}
	return 0;
}

/* Mean and range of metric m of cgroup over the runs that measured it. */
static unsigned stats(const struct report_result *const *r, unsigned n, const char *cgroup, unsigned m,
		      double *mean, double *lo, double *hi)
{
	unsigned k = 0;
	double sum = 0;

	for (unsigned i = 0; i < n; i++)
		for (unsigned c = 0; c < r[i]->ncg; c++) {
			double x = r[i]->cg[c].m[m];

			if (strcmp(r[i]->cg[c].name, cgroup) || isnan(x))
				continue;
			*lo = k ? fmin(*lo, x) : x;
			*hi = k ? fmax(*hi, x) : x;
			sum += x, k++;
		}
	*mean = k ? sum / k : NAN;
	return k;
}

static struct report_gate gate(const struct compare_opts *o, unsigned m, bool emulated)
{
	const struct report_metric *t = &report_metric_table[m];
	struct report_gate g = emulated ? t->emu : t->hw;
	char u = report_metric_unit(m);
	double abs = u == 'd' ? o->abs_d : u == 'f' ? o->abs_f : o->abs_n;

	if (!isnan(abs))
		g.abs = abs;
	if (!isnan(o->rel))
		g.rel = o->rel;
	return g;
}

static bool beyond_gate(double d, double a, const struct report_gate *g)
{
	return fabs(d) > g->abs && fabs(d) > g->rel * fabs(a);
}

/* Gate, then spread: with one run a side the gates are all we know of the
 * noise; with more, the means must differ beyond the gates and so must the
 * nearest runs (B's closest to A against A's closest to B): one outlier
 * moves a mean, not every run. */
static enum compare_state judge(struct compare_row *w, enum report_dir dir)
{
	double d = w->delta, worse = dir == REPORT_LOWER_WORSE ? -d : d;
	double a_near = d > 0 ? w->a_hi : w->a_lo, b_near = d > 0 ? w->b_lo : w->b_hi;

	if (dir == REPORT_INFO)
		return CMP_INFO;
	if (!beyond_gate(d, w->a, &w->gate))
		return CMP_SAME;
	if ((w->na > 1 || w->nb > 1) &&
	    !((d > 0) == (b_near > a_near) && beyond_gate(b_near - a_near, a_near, &w->gate)))
		return CMP_NOISE;
	return worse > 0 ? CMP_REGRESSION : CMP_IMPROVEMENT;
}

static bool picked(const struct compare_opts *o, const char *cgroup, unsigned m)
{
	if (!o->npick)
		return report_metric_table[m].dir != REPORT_INFO;
	for (unsigned i = 0; i < o->npick; i++)
		if (o->pick[i].metric == m && (!o->pick[i].cgroup || !strcmp(o->pick[i].cgroup, cgroup)))
			return true;
	return false;
}

static int add_row(struct compare_variant *v, const struct compare_row *w)
{
	struct compare_row *grown = realloc(v->row, (v->nrows + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	v->row = grown;
	v->row[v->nrows++] = *w;
	v->nreg += w->st == CMP_REGRESSION;
	v->nimp += w->st == CMP_IMPROVEMENT;
	v->nnoise += w->st == CMP_NOISE;
	return 0;
}

static bool cgroup_seen(const struct compare_variant *v, const char *cgroup)
{
	for (unsigned i = 0; i < v->nrows; i++)
		if (!strcmp(v->row[i].cgroup, cgroup))
			return true;
	return false;
}

/* Every picked metric of every cgroup either side has, A's order first. */
static int rows(struct compare_variant *v, const struct report_result *const *ra, unsigned na,
		const struct report_result *const *rb, unsigned nb, const struct compare_opts *o)
{
	for (unsigned s = 0; s < 2; s++)
		for (unsigned i = 0; i < (s ? nb : na); i++) {
			const struct report_result *r = s ? rb[i] : ra[i];

			for (unsigned c = 0; c < r->ncg; c++) {
				const char *cg = r->cg[c].name;

				if (cgroup_seen(v, cg))
					continue;
				for (unsigned m = 0; m < REPORT_M_COUNT; m++) {
					struct compare_row w = { .cgroup = cg, .metric = m };

					if (!picked(o, cg, m))
						continue;
					w.na = stats(ra, na, cg, m, &w.a, &w.a_lo, &w.a_hi);
					w.nb = stats(rb, nb, cg, m, &w.b, &w.b_lo, &w.b_hi);
					if (!w.na || !w.nb)
						continue; /* not measured on a side: no change to tell */
					w.delta = w.b - w.a;
					w.rel = w.a ? w.delta / fabs(w.a) : NAN;
					w.gate = gate(o, m, v->emulated);
					w.st = judge(&w, report_metric_table[m].dir);
					if (add_row(v, &w))
						return -1;
				}
			}
		}
	return 0;
}

static bool any_emulated(const struct report_result *const *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (report_load_emulated(r[i]))
			return true;
	return false;
}

static int variant(struct compare *c, const struct report_result *const *ra, unsigned na,
		   const struct report_result *const *rb, unsigned nb, const struct compare_opts *o)
{
	struct compare_variant *v, *grown = realloc(c->v, (c->nv + 1) * sizeof(*grown));
	const char *reason_a;

	if (!grown)
		return -1;
	c->v = grown;
	v = &c->v[c->nv++];
	memset(v, 0, sizeof(*v));
	v->name = ra[0]->variant, v->na = na, v->nb = nb;
	v->defs_a = ra[0]->defines, v->defs_b = rb[0]->defines;
	worst(ra, na, &v->va, &v->va_runs, &reason_a);
	worst(rb, nb, &v->vb, &v->vb_runs, &v->reason_b);
	/* a pass that turns into a skip or an inconclusive is listed, not gated;
	 * with several runs, every B run must be worse than every A run */
	v->verdict_regression = v->vb >= V_ERROR && best(rb, nb) > v->va;
	v->emulated = o->emulation < 0 ? any_emulated(ra, na) || any_emulated(rb, nb) : o->emulation;
	if (items(v, ra, na, rb, nb) || rows(v, ra, na, rb, nb, o))
		return -1;
	c->verdict_changes += v->va != v->vb;
	c->verdict_regressions += v->verdict_regression;
	c->regressions += v->nreg, c->improvements += v->nimp, c->noise += v->nnoise;
	for (unsigned i = 0; i < v->nrows; i++)
		c->same += v->row[i].st == CMP_SAME;
	return 0;
}

static int only(const char ***list, unsigned *n, const char *name)
{
	const char **grown = realloc(*list, (*n + 1) * sizeof(*grown));

	if (!grown)
		return -1;
	*list = grown;
	(*list)[(*n)++] = name;
	return 0;
}

/* Does any variant of either side have what a --metric names? */
static bool pick_found(const struct report_set *s, const struct compare_pick *p)
{
	for (unsigned i = 0; i < s->n; i++)
		for (unsigned c = 0; c < s->res[i].ncg; c++)
			if ((!p->cgroup || !strcmp(s->res[i].cg[c].name, p->cgroup)) &&
			    !isnan(s->res[i].cg[c].m[p->metric]))
				return true;
	return false;
}

int report_compare(struct compare *c, const struct report_set *a, const struct report_set *b,
		   const struct compare_opts *o, char *err, size_t len)
{
	struct side sa = { 0 }, sb = { 0 };
	unsigned i = 0, j = 0;
	int rc = 0;

	memset(c, 0, sizeof(*c));
	for (unsigned k = 0; k < o->npick; k++)
		if (!pick_found(a, &o->pick[k]) && !pick_found(b, &o->pick[k]))
			return errf(err, len, "--metric %s%s%s: no result on either side measured it",
				    o->pick[k].cgroup ? o->pick[k].cgroup : "", o->pick[k].cgroup ? "." : "",
				    report_metric_name(o->pick[k].metric));
	if (sort_side(&sa, a) || sort_side(&sb, b))
		rc = -1;
	while (!rc && (i < sa.n || j < sb.n)) {
		int d = i == sa.n ? 1 : j == sb.n ? -1 : strcmp(sa.r[i]->variant, sb.r[j]->variant);
		unsigned gi = i < sa.n ? group(&sa, i) : 0, gj = j < sb.n ? group(&sb, j) : 0;

		if (d < 0)
			rc = only(&c->only_a, &c->nonly_a, sa.r[i]->variant), i += gi;
		else if (d > 0)
			rc = only(&c->only_b, &c->nonly_b, sb.r[j]->variant), j += gj;
		else
			rc = variant(c, sa.r + i, gi, sb.r + j, gj, o), i += gi, j += gj;
	}
	free(sa.r), free(sb.r);
	if (rc) {
		report_compare_free(c);
		return errf(err, len, "out of memory");
	}
	return 0;
}

void report_compare_free(struct compare *c)
{
	for (unsigned i = 0; i < c->nv; i++) {
		free(c->v[i].item);
		free(c->v[i].row);
	}
	free(c->v);
	free(c->only_a);
	free(c->only_b);
	memset(c, 0, sizeof(*c));
}

bool report_compare_regressed(const struct compare *c)
{
	return c->regressions || c->verdict_regressions;
}

const char *report_compare_state_name(enum compare_state s)
{
	static const char *const n[] = { "same", "regression", "improvement", "noise", "info" };

	return n[s];
}
