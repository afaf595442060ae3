/* A declared topology as the facts requirements and claims read
 * (`requires llcs >= 2`, `topo.cpus`). */
#ifndef KTS_HOST_TOPO_TOPO_FACTS_H
#define KTS_HOST_TOPO_TOPO_FACTS_H

#include "interp/interp.h"
#include "lib/topo.h"

/* Counts and memory only: no CPU sets (nothing that reads facts needs them). */
void topo_facts(const struct topo *t, unsigned mem_mib, struct interp_topo *out);
/* The same from the CPUs a runner reported (ktsrun local: a real machine):
 * online CPUs, distinct LLCs and SMT groups, nodes. */
struct observed;
void topo_facts_observed(const struct observed *o, uint64_t mem_bytes, struct interp_topo *out);

#endif
