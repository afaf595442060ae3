/* topo_facts_observed: a real machine's shape from its runner's CPU
 * records, as ktsrun local's claims read it. */
#include "host/topo/observe.h"
#include "host/topo/topo_facts.h"
#include "tests/unit/tu.h"

TU_TEST(topo_facts_observed_counts_groups_once)
{
	static struct observed o;
	struct interp_topo f;

	/* 1n2l2c2t, with CPU 7 offline */
	for (unsigned c = 0; c < 8; c++) {
		o.cpu[c].seen = true, o.cpu[c].online = c != 7;
		cpuset_add(&o.cpu[c].smt, c & ~1u), cpuset_add(&o.cpu[c].smt, c | 1u);
		for (unsigned i = c & ~3u; i < (c & ~3u) + 4; i++)
			cpuset_add(&o.cpu[c].llc, i);
	}
	o.nnodes = 1;
	topo_facts_observed(&o, 1ull << 30, &f);
	TU_EQ_INT(f.ncpus, 7);
	TU_EQ_INT(f.llcs, 2);
	TU_EQ_INT(f.cores, 4);
	TU_EQ_INT(f.threads, 1); /* 7 online CPUs over 4 cores: not a whole number, rounded down */
	TU_EQ_INT(f.nodes, 1);
	TU_CHECK(f.mem_bytes == 1ull << 30);
	o.cpu[7].online = true;
	topo_facts_observed(&o, 0, &f);
	TU_EQ_INT(f.ncpus, 8);
	TU_EQ_INT(f.threads, 2);
}
