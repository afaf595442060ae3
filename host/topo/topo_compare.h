/* Declared topology against what the guest observed, field by field. */
#ifndef KTS_HOST_TOPO_TOPO_COMPARE_H
#define KTS_HOST_TOPO_TOPO_COMPARE_H

#include <stdio.h>

#include "host/topo/observe.h"
#include "lib/topo.h"

/* The sets a declaration implies for one CPU. */
struct topo_expect {
	struct cpuset smt, llc, package;
	unsigned node;
};

void topo_compare_cpu(const struct topo *t, unsigned cpu, struct topo_expect *e);
void topo_compare_node(const struct topo *t, unsigned node, struct cpuset *cpus);

/* Print declared beside observed to out (NULL: print nothing); returns the
 * number of fields that differ. */
unsigned topo_compare(const struct topo *t, const struct observed *o, FILE *out);

#endif
