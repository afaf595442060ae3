/* The topology a guest reports (REC_HELLO, REC_CPU, REC_NODE), parsed from
 * untrusted records into checked fields. */
#ifndef KTS_HOST_TOPO_OBSERVE_H
#define KTS_HOST_TOPO_OBSERVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/topo.h"
#include "lib/cpuset.h"

struct obs_cpu {
	bool seen;
	bool online;
	int node;
	unsigned llc_level;
	struct cpuset smt, package, llc;
};

struct obs_node {
	bool seen;
	struct cpuset cpus;
	unsigned ndist;
	unsigned dist[TOPO_MAX_NODES];
};

struct observed {
	bool hello;
	char release[128];
	char mode[32];
	int sched_ext;
	char scx_state[32];
	unsigned ncpus, nnodes;
	struct obs_cpu cpu[TOPO_MAX_CPUS];
	struct obs_node node[TOPO_MAX_NODES];
};

/* Take one record. 0, or -1 with the reason in err (the record is dropped). */
int observe_record(struct observed *o, unsigned type, const uint8_t *payload, size_t len, char *err,
		   size_t errlen);

#endif
