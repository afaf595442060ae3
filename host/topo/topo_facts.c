#include "host/topo/topo_facts.h"

#include <string.h>

void topo_facts(const struct topo *t, unsigned mem_mib, struct interp_topo *out)
{
	memset(out, 0, sizeof(*out));
	out->ncpus = topo_ncpus(t), out->nodes = t->nodes, out->llcs = t->llcs;
	out->cores = t->llcs * t->cores, out->threads = t->threads;
	out->mem_bytes = (uint64_t)mem_mib << 20;
}
