#include "lib/topo.h"

#include <stdio.h>
#include <string.h>

unsigned topo_ncpus(const struct topo *t)
{
	return t->llcs * t->cores * t->threads;
}

unsigned topo_llcs_per_node(const struct topo *t)
{
	return t->llcs / t->nodes;
}

void topo_place(const struct topo *t, unsigned cpu, struct topo_place *p)
{
	p->thread = cpu % t->threads;
	p->core = cpu / t->threads;
	p->llc = p->core / t->cores;
	p->node = p->llc / topo_llcs_per_node(t);
}

static void default_distances(struct topo *t)
{
	for (unsigned i = 0; i < TOPO_MAX_NODES; i++)
		for (unsigned j = 0; j < TOPO_MAX_NODES; j++)
			t->distance[i][j] = i == j ? 10 : 20;
}

/* "<N>n<L>l<C>c<T>t": units in this order, each optional, at least one. */
static int parse_spelling(const char *s, struct topo *t, char *err, size_t errlen)
{
	static const char units[] = "nlct";
	unsigned *field[] = { &t->nodes, &t->llcs, &t->cores, &t->threads };
	int next = 0, seen = 0;
	const char *p = s;

	while (*p) {
		unsigned long v = 0;
		const char *u;

		if (*p < '0' || *p > '9')
			goto bad;
		while (*p >= '0' && *p <= '9') {
			v = v * 10 + (unsigned long)(*p++ - '0');
			if (v > 1024)
				goto bad;
		}
		u = *p ? strchr(units, *p) : NULL;
		if (!u || u - units < next)
			goto bad;
		if (v == 0) {
			snprintf(err, errlen, "topology '%s': a count of 0 %s", s,
				 (const char *[]){ "nodes", "LLCs", "cores", "threads" }[u - units]);
			return -1;
		}
		*field[u - units] = (unsigned)v;
		next = (int)(u - units) + 1;
		seen = 1;
		p++;
	}
	if (seen)
		return 0;
bad:
	snprintf(err, errlen,
		 "topology '%s' is neither a preset nor a spelling like 2n4l2c2t "
		 "(nodes, LLCs in all, cores per LLC, threads per core); see 'ktsrun topo --list'",
		 s);
	return -1;
}

static int check_shape(const struct topo *t, const char *s, char *err, size_t errlen)
{
	if (t->nodes > TOPO_MAX_NODES) {
		snprintf(err, errlen, "topology '%s': %u NUMA nodes, at most %d supported", s, t->nodes,
			 TOPO_MAX_NODES);
		return -1;
	}
	if (t->llcs % t->nodes) {
		snprintf(err, errlen,
			 "topology '%s': %u LLCs cannot be split evenly over %u nodes; "
			 "make the LLC count a multiple of the node count",
			 s, t->llcs, t->nodes);
		return -1;
	}
	if (t->threads > 8) {
		snprintf(err, errlen, "topology '%s': %u threads per core, at most 8", s, t->threads);
		return -1;
	}
	if ((unsigned long)t->llcs * t->cores * t->threads > TOPO_MAX_CPUS) {
		snprintf(err, errlen, "topology '%s' has %lu CPUs; at most %d", s,
			 (unsigned long)t->llcs * t->cores * t->threads, TOPO_MAX_CPUS);
		return -1;
	}
	return 0;
}

int topo_parse(const char *text, struct topo *t, char *err, size_t errlen)
{
	memset(t, 0, sizeof(*t));
	if (parse_spelling(text, t, err, errlen))
		return -1;
	/* left-out parts: one LLC per node, one core, one thread */
	t->nodes = t->nodes ? t->nodes : 1;
	t->llcs = t->llcs ? t->llcs : t->nodes;
	t->cores = t->cores ? t->cores : 1;
	t->threads = t->threads ? t->threads : 1;
	if (check_shape(t, text, err, errlen))
		return -1;
	default_distances(t);
	snprintf(t->spec, sizeof(t->spec), "%un%ul%uc%ut", t->nodes, t->llcs, t->cores, t->threads);
	return 0;
}
