/* Declared CPU topology: NUMA nodes, LLCs, cores per LLC, threads per core.
 *
 * Spelling: "<N>n<L>l<C>c<T>t", e.g. 2n4l2c2t = 2 nodes, 4 LLCs in all
 * (2 per node), 2 cores per LLC, 2 threads per core = 16 CPUs. Parts may be
 * left out from the left and default to 1 ("4c" = 1n1l4c1t). Named presets
 * live on the host (host/gauntlet/preset.h): only the host needs names.
 *
 * CPU numbering is the one QEMU and our kvm backend use: node, then LLC
 * within the node, then core, then thread, outermost first. */
#ifndef KTS_LIB_TOPO_H
#define KTS_LIB_TOPO_H

#include <stddef.h>

#define TOPO_MAX_NODES 8
#define TOPO_MAX_CPUS  256 /* CPUSET_MAX; a kernel's own NR_CPUS may be lower */

struct topo {
	char spec[32]; /* canonical spelling */
	unsigned nodes;
	unsigned llcs;	  /* in all; a multiple of nodes */
	unsigned cores;	  /* per LLC */
	unsigned threads; /* per core */
	unsigned distance[TOPO_MAX_NODES][TOPO_MAX_NODES];
};

struct topo_place {
	unsigned node, llc, core, thread; /* llc and core are global indices */
};

/* Parse a spelling. 0, or -1 with a one-line reason in err. */
int topo_parse(const char *text, struct topo *t, char *err, size_t errlen);
unsigned topo_ncpus(const struct topo *t);
unsigned topo_llcs_per_node(const struct topo *t);
void topo_place(const struct topo *t, unsigned cpu, struct topo_place *out);

#endif
