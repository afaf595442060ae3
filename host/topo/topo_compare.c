#include "host/topo/topo_compare.h"

#include <string.h>

void topo_compare_cpu(const struct topo *t, unsigned cpu, struct topo_expect *e)
{
	struct topo_place me, p;

	memset(e, 0, sizeof(*e));
	topo_place(t, cpu, &me);
	e->node = me.node;
	for (unsigned c = 0; c < topo_ncpus(t); c++) {
		topo_place(t, c, &p);
		if (p.core == me.core)
			cpuset_add(&e->smt, c);
		if (p.llc == me.llc)
			cpuset_add(&e->llc, c);
		if (p.node == me.node) /* one package (socket) per node */
			cpuset_add(&e->package, c);
	}
}

void topo_compare_node(const struct topo *t, unsigned node, struct cpuset *cpus)
{
	struct topo_place p;

	cpuset_zero(cpus);
	for (unsigned c = 0; c < topo_ncpus(t); c++) {
		topo_place(t, c, &p);
		if (p.node == node)
			cpuset_add(cpus, c);
	}
}

struct cmp {
	FILE *out;
	unsigned diffs;
};

/* One "declared|observed" cell; a '*' marks a difference. */
static void cell_set(struct cmp *c, const struct cpuset *want, const struct cpuset *got, bool seen)
{
	char a[128], b[128], cellbuf[300];
	bool same = seen && cpuset_equal(want, got);

	c->diffs += !same;
	if (!c->out)
		return;
	snprintf(cellbuf, sizeof(cellbuf), "%s|%s%s", cpuset_format(want, a, sizeof(a)),
		 seen ? cpuset_format(got, b, sizeof(b)) : "?", same ? "" : "*");
	fprintf(c->out, "  %-18s", cellbuf);
}

static void cell_num(struct cmp *c, long want, long got, bool seen)
{
	char cellbuf[64];
	bool same = seen && want == got;

	c->diffs += !same;
	if (!c->out)
		return;
	if (seen)
		snprintf(cellbuf, sizeof(cellbuf), "%ld|%ld%s", want, got, same ? "" : "*");
	else
		snprintf(cellbuf, sizeof(cellbuf), "%ld|?*", want);
	fprintf(c->out, "  %-8s", cellbuf);
}

static void compare_cpus(struct cmp *c, const struct topo *t, const struct observed *o)
{
	if (c->out)
		fprintf(c->out, "%-4s  %-8s  %-18s  %-18s  %-18s  %s\n", "cpu", "node", "llc", "smt",
			"package", "online");
	for (unsigned cpu = 0; cpu < topo_ncpus(t); cpu++) {
		const struct obs_cpu *oc = &o->cpu[cpu];
		struct topo_expect e;

		topo_compare_cpu(t, cpu, &e);
		if (c->out)
			fprintf(c->out, "%-4u", cpu);
		cell_num(c, e.node, oc->node, oc->seen);
		cell_set(c, &e.llc, &oc->llc, oc->seen);
		cell_set(c, &e.smt, &oc->smt, oc->seen);
		cell_set(c, &e.package, &oc->package, oc->seen);
		cell_num(c, 1, oc->online, oc->seen);
		if (c->out)
			fputc('\n', c->out);
	}
}

static void compare_nodes(struct cmp *c, const struct topo *t, const struct observed *o)
{
	for (unsigned n = 0; n < t->nodes; n++) {
		const struct obs_node *on = &o->node[n];
		struct cpuset want;

		topo_compare_node(t, n, &want);
		if (c->out)
			fprintf(c->out, "node %u: cpus", n);
		cell_set(c, &want, &on->cpus, on->seen);
		if (c->out)
			fprintf(c->out, " distances");
		for (unsigned m = 0; m < t->nodes; m++)
			cell_num(c, t->distance[n][m], m < on->ndist ? (long)on->dist[m] : -1,
				 on->seen && m < on->ndist);
		if (c->out)
			fputc('\n', c->out);
	}
}

unsigned topo_compare(const struct topo *t, const struct observed *o, FILE *out)
{
	struct cmp c = { out, 0 };

	if (out)
		fprintf(out, "topology %s, declared|observed ('*' marks a difference)\n", t->spec);
	if (out)
		fprintf(out, "cpus");
	cell_num(&c, topo_ncpus(t), o->ncpus, o->hello);
	if (out)
		fprintf(out, " nodes");
	cell_num(&c, t->nodes, o->nnodes, o->hello);
	if (out)
		fputc('\n', out);
	compare_cpus(&c, t, o);
	compare_nodes(&c, t, o);
	/* extra CPUs or nodes the guest has but the declaration does not */
	for (unsigned cpu = topo_ncpus(t); cpu < TOPO_MAX_CPUS; cpu++)
		c.diffs += o->cpu[cpu].seen;
	for (unsigned n = t->nodes; n < TOPO_MAX_NODES; n++)
		c.diffs += o->node[n].seen;
	return c.diffs;
}
