#include <stdio.h>
#include <string.h>

#include "host/gauntlet/gauntlet_out.h"
#include "host/run/verdict.h"

static const char *state_name(const struct variant *v)
{
	return v->state == VS_RUN ? "run" : v->state == VS_SKIP ? "skip" : "out";
}

static void dur(char *b, size_t n, double s)
{
	if (s >= 3600)
		snprintf(b, n, "%dh%02dm", (int)(s / 3600), (int)(s / 60) % 60);
	else if (s >= 60)
		snprintf(b, n, "%dm%02ds", (int)(s / 60), (int)s % 60);
	else
		snprintf(b, n, "%.0fs", s);
}

void gauntlet_list(FILE *f, const struct gauntlet *g, double budget_s, unsigned shard_k, unsigned shard_n)
{
	unsigned n[3] = { 0 };
	double est = 0;
	char b[32], c[32];

	int w = 40;

	fit_env_print(f, &g->kern[0].env);
	for (unsigned k = 1; k < g->nkern; k++)
		fprintf(f, "kernel: %s: NR_CPUS=%u, up to %u NUMA nodes\n", g->kern[k].env.kernel,
			g->kern[k].env.nr_cpus, g->kern[k].env.max_nodes);
	for (size_t i = 0; i < g->nv; i++)
		w = (int)strlen(g->v[i].name) > w ? (int)strlen(g->v[i].name) : w;
	fprintf(f, "\n%-*s %-5s %7s  %s\n", w, "VARIANT", "STATE", "EST_S", "WHY");
	for (size_t i = 0; i < g->nv; i++) {
		const struct variant *v = &g->v[i];

		n[v->state]++;
		if (v->state == VS_RUN)
			est += v->cost_s;
		if (v->state == VS_SKIP) /* costs nothing: nothing boots */
			fprintf(f, "%-*s %-5s %7s  %s\n", w, v->name, state_name(v), "-", v->why);
		else
			fprintf(f, "%-*s %-5s %7.1f%s %s\n", w, v->name, state_name(v), v->cost_s,
				v->cost_measured ? "*" : " ", v->why);
	}
	dur(b, sizeof(b), est);
	fprintf(f, "\n%zu variants (%u scenarios): %u to run, est. %s; %u skipped before boot; %u left out",
		g->nv, g->nscen, n[VS_RUN], b, n[VS_SKIP], n[VS_OUT]);
	if (budget_s > 0)
		dur(c, sizeof(c), budget_s), fprintf(f, "; budget %s", c);
	if (shard_n)
		fprintf(f, "; shard %u/%u", shard_k, shard_n);
	fprintf(f, "\n(* cost measured by an earlier run, from --costs; else modelled)\n");
}

void gauntlet_progress_add(struct gauntlet_progress *p, const struct variant *v, double elapsed)
{
	p->done++;
	if (v->verdict >= 0 && v->verdict < 5)
		p->count[v->verdict]++;
	p->est_left -= v->cost_s, p->est_done += v->cost_s;
	p->elapsed = elapsed;
}

void gauntlet_progress_print(FILE *f, const struct gauntlet_progress *p)
{
	/* scale what is left by how far off the estimates were so far */
	double scale = p->est_done > 0 ? p->elapsed / p->est_done : 1,
	       left = p->est_left > 0 ? p->est_left : 0;
	char eta[32];

	dur(eta, sizeof(eta), left * scale);
	fprintf(f, "gauntlet: %u/%u done, %u pass, %u fail, %u error, %u skip; ETA %s\n", p->done, p->total,
		p->count[V_PASS], p->count[V_FAIL], p->count[V_ERROR] + p->count[V_INCONCLUSIVE],
		p->count[V_SKIP], eta);
}

static const char *mark(const struct variant *v)
{
	if (v->state == VS_SKIP)
		return "SKIP";
	if (v->state == VS_OUT || !v->json)
		return "-"; /* not here, or interrupted before it ran */
	return v->verdict == V_INCONCLUSIVE ? "INC" : verdict_name((enum verdict_outcome)v->verdict);
}

/* Presets with a variant that ran here, in table order; presets skipped
 * for every variant are named below the matrix instead of filling it. */
static size_t columns(const struct gauntlet *g, const struct preset **col, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < g->nv; i++) {
		size_t j;

		if (g->v[i].state != VS_RUN)
			continue;
		for (j = 0; j < n && col[j] != g->v[i].preset; j++)
			;
		if (j == n && n < max)
			col[n++] = g->v[i].preset;
	}
	for (size_t i = 1; i < n; i++) /* table order: presets are one array */
		for (size_t j = i; j > 0 && col[j] < col[j - 1]; j--) {
			const struct preset *t = col[j];

			col[j] = col[j - 1], col[j - 1] = t;
		}
	return n;
}

static const struct variant *find(const struct gauntlet *g, unsigned s, const struct preset *p, unsigned sc,
				  unsigned k)
{
	for (size_t i = 0; i < g->nv; i++)
		if (g->v[i].scen == s && g->v[i].preset == p && g->v[i].sched == sc && g->v[i].kern == k)
			return &g->v[i];
	return NULL;
}

static void table(FILE *f, const struct gauntlet *g, const struct preset **col, size_t ncol, unsigned sc,
		  unsigned k)
{
	fprintf(f, "%-20s", "scenario");
	for (size_t c = 0; c < ncol; c++)
		fprintf(f, " %*s", (int)(strlen(col[c]->name) > 5 ? strlen(col[c]->name) : 5), col[c]->name);
	fputc('\n', f);
	for (unsigned s = 0; s < g->nscen; s++) {
		fprintf(f, "%-20s", g->scen[s].meta.name);
		for (size_t c = 0; c < ncol; c++) {
			const struct variant *v = find(g, s, col[c], sc, k);

			fprintf(f, " %*s", (int)(strlen(col[c]->name) > 5 ? strlen(col[c]->name) : 5),
				v ? mark(v) : "-");
		}
		fputc('\n', f);
	}
}

/* Presets without a column: skipped for every scenario (they do not fit,
 * or no scenario's requires holds there), or left out by the budget or
 * for other shards. Named here rather than drawn as columns of SKIP. */
static void not_drawn(FILE *f, const struct gauntlet *g, const struct preset **col, size_t ncol, bool skipped)
{
	size_t np, n = 0;
	const struct preset *p = preset_all(&np);

	for (size_t k = 0; k < np; k++) {
		bool shown = false, skip = false, out = false;

		for (size_t c = 0; c < ncol; c++)
			shown |= col[c] == &p[k];
		for (size_t i = 0; i < g->nv && !shown; i++)
			if (g->v[i].preset == &p[k])
				skip |= g->v[i].state == VS_SKIP, out |= g->v[i].state == VS_OUT;
		if (!shown && (skipped ? skip && !out : out))
			fprintf(f, "%s%s",
				n++	  ? ", "
				: skipped ? "SKIP for every scenario (--list says why): "
					  : "not run here (budget or other shards): ",
				p[k].name);
	}
	if (n)
		fputc('\n', f);
}

void gauntlet_summary(FILE *f, const struct gauntlet *g)
{
	const struct preset *col[64];
	size_t ncol = columns(g, col, 64);
	unsigned count[5] = { 0 }, out = 0, unrun = 0;

	for (unsigned sc = 0; sc < (g->nsched ? g->nsched : 1); sc++)
		for (unsigned k = 0; k < g->nkern; k++) {
			struct variant probe = { .sched = sc };
			char label[128];

			gauntlet_sched_label(g, &probe, label, sizeof(label));
			fprintf(f, "\ngauntlet: %s%s%s\n",
				g->nsched ? label : "each scenario's scheduler (else EEVDF)",
				g->kern[k].label[0] ? ", kernel " : "", g->kern[k].label);
			table(f, g, col, ncol, sc, k);
		}
	not_drawn(f, g, col, ncol, true);
	not_drawn(f, g, col, ncol, false);
	for (size_t i = 0; i < g->nv; i++) {
		if (g->v[i].state == VS_OUT)
			out++;
		else if (g->v[i].state == VS_RUN && !g->v[i].json)
			unrun++; /* interrupted before it ran */
		else
			count[g->v[i].state == VS_SKIP ? V_SKIP : g->v[i].verdict]++;
	}
	fprintf(f, "\n%zu variants: %u pass, %u fail, %u inconclusive, %u error, %u skip; %u left out",
		g->nv - out, count[V_PASS], count[V_FAIL], count[V_INCONCLUSIVE], count[V_ERROR],
		count[V_SKIP], out);
	if (unrun)
		fprintf(f, "; %u not run (interrupted)", unrun);
	fputc('\n', f);
}

int gauntlet_worst(const struct gauntlet *g)
{
	int worst = V_SKIP;

	for (size_t i = 0; i < g->nv; i++)
		if (g->v[i].state == VS_RUN && g->v[i].verdict > worst)
			worst = g->v[i].verdict;
	return worst;
}
