#include "host/gauntlet/budget.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int budget_parse(const char *text, double *seconds)
{
	const char *p = text;
	double total = 0;

	if (!*p)
		return -1;
	while (*p) {
		char *end;
		double v = strtod(p, &end);

		if (end == p || v < 0)
			return -1;
		p = end;
		switch (*p) {
		case 'h': total += v * 3600, p++; break;
		case 'm': total += v * 60, p++; break;
		case 's': total += v, p++; break;
		case '\0': total += v; break;
		default: return -1;
		}
	}
	*seconds = total;
	return total > 0 ? 0 : -1;
}

const char *budget_cpu_bucket(unsigned n)
{
	return n <= 1	  ? "cpus:1"
	       : n <= 4	  ? "cpus:2-4"
	       : n <= 8	  ? "cpus:5-8"
	       : n <= 16  ? "cpus:9-16"
	       : n <= 32  ? "cpus:17-32"
	       : n <= 64  ? "cpus:33-64"
	       : n <= 128 ? "cpus:65-128"
			  : "cpus:129+";
}

const char *budget_llc_bucket(unsigned n)
{
	return n <= 1 ? "llcs:1" : n <= 2 ? "llcs:2" : n <= 4 ? "llcs:3-4" : n <= 8 ? "llcs:5-8" : "llcs:9+";
}

void budget_features(const struct gauntlet *g, const struct variant *v, char f[BUDGET_FEATURES][160])
{
	char sched[128];

	gauntlet_sched_label(g, v, sched, sizeof(sched));
	snprintf(f[0], 160, "%s", budget_cpu_bucket(topo_ncpus(&v->topo)));
	snprintf(f[1], 160, "%s", budget_llc_bucket(v->topo.llcs));
	snprintf(f[2], 160, "smt:%d", v->topo.threads > 1);
	snprintf(f[3], 160, "numa:%d", v->topo.nodes > 1);
	snprintf(f[4], 160, "sched:%s", sched);
	snprintf(f[5], 160, "scen:%s", g->scen[v->scen].meta.name);
	snprintf(f[6], 160, "kern:%u", v->kern);
}

/* Features as small integers, so coverage is an array of flags. */
struct pool {
	char (*name)[160];
	size_t n;
};

static unsigned intern(struct pool *p, const char *s)
{
	for (size_t i = 0; i < p->n; i++)
		if (!strcmp(p->name[i], s))
			return (unsigned)i;
	snprintf(p->name[p->n], 160, "%s", s);
	return (unsigned)p->n++;
}

struct cand {
	size_t v;
	unsigned rank; /* order of choice, from 1 */
	unsigned f[BUDGET_FEATURES];
	double cost;
	bool picked;
};

/* Features of c not yet covered; only the first nf kinds count. */
static unsigned gain(const struct cand *c, const bool *covered, unsigned nf)
{
	unsigned n = 0;

	for (unsigned k = 0; k < nf; k++)
		n += !covered[c->f[k]];
	return n;
}

/* The best next pick: most new features per second; ties go to the
 * cheaper, then the earlier variant. -1 if none with a gain fits. */
static long best(const struct cand *c, size_t n, const bool *covered, unsigned nf, double left)
{
	long b = -1;
	double br = 0;

	for (size_t i = 0; i < n; i++) {
		unsigned gn;
		double r;

		if (c[i].picked || c[i].cost > left || !(gn = gain(&c[i], covered, nf)))
			continue;
		r = gn / c[i].cost;
		if (b < 0 || r > br || (r == br && c[i].cost < c[b].cost))
			b = (long)i, br = r;
	}
	return b;
}

static void cover(const struct cand *c, bool *covered)
{
	for (unsigned k = 0; k < BUDGET_FEATURES; k++)
		covered[c->f[k]] = true;
}

static void pick(struct cand *c, size_t n, long b, bool *covered)
{
	unsigned r = 0;

	for (size_t i = 0; i < n; i++)
		r += c[i].picked;
	c[b].picked = true;
	c[b].rank = r + 1;
	cover(&c[b], covered);
}

/* Pick greedily over the first nf feature kinds; with rounds, start over
 * with nothing covered each time coverage is complete. */
static double pass(struct cand *c, size_t n, bool *covered, size_t ncov, unsigned nf, double *left,
		   bool rounds)
{
	double used = 0;
	long b;

	for (;;) {
		if ((b = best(c, n, covered, nf, *left)) < 0) {
			if (!rounds)
				break;
			memset(covered, 0, ncov * sizeof(*covered));
			if ((b = best(c, n, covered, nf, *left)) < 0)
				break;
		}
		pick(c, n, b, covered);
		*left -= c[b].cost, used += c[b].cost;
	}
	return used;
}

/* The cheapest unpicked candidate with feature id, or -1. */
static long cheapest(const struct cand *c, size_t n, unsigned id, unsigned nf)
{
	long b = -1;

	for (size_t i = 0; i < n; i++)
		for (unsigned k = 0; k < nf; k++)
			if (!c[i].picked && c[i].f[k] == id && (b < 0 || c[i].cost < c[b].cost))
				b = (long)i;
	return b;
}

/* CPU and LLC buckets. When the cheapest variant of every bucket fits in
 * all together, take them, costliest bucket first, so every bucket is
 * covered; else (not all can be) the greedy pass covers the most. */
static double buckets(struct cand *c, size_t n, bool *covered, size_t ncov, double *left)
{
	unsigned *ids = calloc(ncov, sizeof(*ids)), nb = 0;
	double *price = calloc(ncov, sizeof(*price)), sum = 0, used = 0;
	bool *counted = calloc(n + 1, sizeof(*counted));

	for (size_t i = 0; ids && price && counted && i < n; i++)
		for (unsigned k = 0; k < 2; k++) {
			unsigned id = c[i].f[k], j;

			for (j = 0; j < nb && ids[j] != id; j++)
				;
			if (j == nb) {
				long b = cheapest(c, n, id, 2);

				ids[nb] = id, price[nb++] = c[b].cost;
				if (!counted[b])
					counted[b] = true, sum += c[b].cost;
			}
		}
	if (ids && price && counted && sum <= *left) {
		for (unsigned i = 1; i < nb; i++) /* costliest first; stable */
			for (unsigned j = i; j > 0 && price[j] > price[j - 1]; j--) {
				double tp = price[j];
				unsigned ti = ids[j];

				price[j] = price[j - 1], ids[j] = ids[j - 1], price[j - 1] = tp,
				ids[j - 1] = ti;
			}
		for (unsigned i = 0; i < nb; i++) {
			long b;

			if (covered[ids[i]] || (b = cheapest(c, n, ids[i], 2)) < 0 || c[b].cost > *left)
				continue;
			pick(c, n, b, covered);
			*left -= c[b].cost, used += c[b].cost;
		}
	} else {
		used = pass(c, n, covered, ncov, 2, left, false);
	}
	free(ids);
	free(price);
	free(counted);
	return used;
}

double budget_pick(struct gauntlet *g, double seconds)
{
	size_t n = 0, cap = g->nv * BUDGET_FEATURES + 1;
	struct cand *c = calloc(g->nv + 1, sizeof(*c));
	struct pool p = { calloc(cap, 160), 0 };
	bool *covered = calloc(cap, sizeof(*covered));
	double left = seconds, used = 0;

	if (!c || !p.name || !covered)
		goto out;
	for (size_t i = 0; i < g->nv; i++) {
		char f[BUDGET_FEATURES][160];

		if (g->v[i].state != VS_RUN)
			continue;
		budget_features(g, &g->v[i], f);
		c[n].v = i;
		c[n].cost = g->v[i].cost_s > 0.1 ? g->v[i].cost_s : 0.1;
		for (unsigned k = 0; k < BUDGET_FEATURES; k++)
			c[n].f[k] = intern(&p, f[k]);
		n++;
	}
	used += buckets(c, n, covered, cap, &left);
	used += pass(c, n, covered, cap, BUDGET_FEATURES, &left, true);
	for (size_t i = 0; i < n; i++)
		g->v[c[i].v].rank = c[i].rank;
	for (size_t i = 0; i < n; i++)
		if (!c[i].picked) {
			g->v[c[i].v].state = VS_OUT;
			snprintf(g->v[c[i].v].why, sizeof(g->v[0].why), "left out by --budget (%.0f s)",
				 c[i].cost);
		}
out:
	free(c);
	free(p.name);
	free(covered);
	return used;
}
