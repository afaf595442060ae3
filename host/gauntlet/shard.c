#include "host/gauntlet/shard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int shard_parse(const char *text, unsigned *k, unsigned *n)
{
	char *end;
	unsigned long a = strtoul(text, &end, 10), b;

	if (end == text || *end != '/')
		return -1;
	text = end + 1;
	b = strtoul(text, &end, 10);
	if (end == text || *end || a < 1 || b < 1 || a > b || b > 1000)
		return -1;
	*k = (unsigned)a, *n = (unsigned)b;
	return 0;
}

static const struct gauntlet *sort_g;

/* Costliest first; equal costs by name, so the order is total. */
static int by_cost(const void *a, const void *b)
{
	const struct variant *x = &sort_g->v[*(const size_t *)a], *y = &sort_g->v[*(const size_t *)b];

	if (x->cost_s != y->cost_s)
		return x->cost_s > y->cost_s ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void leave_out(struct variant *v, unsigned owner, unsigned n)
{
	v->state = VS_OUT;
	snprintf(v->why, sizeof(v->why), "shard %u/%u runs it", owner, n);
}

void shard_pick(struct gauntlet *g, unsigned k, unsigned n)
{
	size_t *order = calloc(g->nv + 1, sizeof(*order)), m = 0, skips = 0;
	double *load = calloc(n, sizeof(*load));

	if (!order || !load)
		goto out;
	for (size_t i = 0; i < g->nv; i++) {
		if (g->v[i].state == VS_RUN)
			order[m++] = i;
		else if (g->v[i].state == VS_SKIP && skips++ % n != k - 1)
			leave_out(&g->v[i], (unsigned)((skips - 1) % n) + 1, n);
	}
	sort_g = g;
	qsort(order, m, sizeof(*order), by_cost);
	for (size_t i = 0; i < m; i++) {
		unsigned s = 0;

		for (unsigned j = 1; j < n; j++)
			if (load[j] < load[s])
				s = j;
		load[s] += g->v[order[i]].cost_s;
		if (s != k - 1)
			leave_out(&g->v[order[i]], s + 1, n);
	}
out:
	free(order);
	free(load);
}
