#include "host/topo/topo_facts.h"

#include <string.h>

#include "host/topo/observe.h"

void topo_facts(const struct topo *t, unsigned mem_mib, struct interp_topo *out)
{
	memset(out, 0, sizeof(*out));
	out->ncpus = topo_ncpus(t), out->nodes = t->nodes, out->llcs = t->llcs;
	out->cores = t->llcs * t->cores, out->threads = t->threads;
	out->mem_bytes = (uint64_t)mem_mib << 20;
}

/* cpu is the lowest CPU of set: count each group once. */
static bool first_of(const struct cpuset *set, unsigned cpu)
{
	for (unsigned i = 0; i < cpu; i++)
		if (cpuset_has(set, i))
			return false;
	return cpuset_has(set, cpu);
}

void topo_facts_observed(const struct observed *o, uint64_t mem_bytes, struct interp_topo *out)
{
	memset(out, 0, sizeof(*out));
	for (unsigned c = 0; c < TOPO_MAX_CPUS; c++) {
		const struct obs_cpu *x = &o->cpu[c];

		if (!x->seen || !x->online)
			continue;
		out->ncpus++;
		out->llcs += first_of(&x->llc, c);
		out->cores += first_of(&x->smt, c);
	}
	out->nodes = o->nnodes ? o->nnodes : 1;
	out->threads = out->cores ? out->ncpus / out->cores : 0;
	out->mem_bytes = mem_bytes;
}
