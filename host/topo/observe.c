#include "host/topo/observe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kv.h"
#include "lib/proto.h"

static int need_uint(const struct kv *kv, const char *key, unsigned long max, unsigned long *v, char *err,
		     size_t errlen)
{
	if (kv_get_uint(kv, key, max, v) == 0)
		return 0;
	snprintf(err, errlen, "field %s missing or not a number <= %lu", key, max);
	return -1;
}

static int need_cpus(const struct kv *kv, const char *key, struct cpuset *s, char *err, size_t errlen)
{
	const char *v = kv_get(kv, key);

	if (v && cpuset_parse(s, v) == 0)
		return 0;
	snprintf(err, errlen, "field %s missing or not a cpulist", key);
	return -1;
}

static int take_hello(struct observed *o, const struct kv *kv, char *err, size_t errlen)
{
	unsigned long ncpus, nnodes, scx;
	const char *rel = kv_get(kv, "release"), *mode = kv_get(kv, "mode");
	const char *st = kv_get(kv, "scx_state");

	if (!rel || !mode || need_uint(kv, "ncpus", 4096, &ncpus, err, errlen) ||
	    need_uint(kv, "nnodes", 4096, &nnodes, err, errlen) ||
	    need_uint(kv, "sched_ext", 1, &scx, err, errlen)) {
		if (!rel || !mode)
			snprintf(err, errlen, "hello without release or mode");
		return -1;
	}
	snprintf(o->release, sizeof(o->release), "%s", rel);
	snprintf(o->mode, sizeof(o->mode), "%s", mode);
	snprintf(o->scx_state, sizeof(o->scx_state), "%s", st ? st : "");
	o->ncpus = (unsigned)ncpus;
	o->nnodes = (unsigned)nnodes;
	o->sched_ext = (int)scx;
	o->hello = true;
	return 0;
}

static int take_cpu(struct observed *o, const struct kv *kv, char *err, size_t errlen)
{
	unsigned long cpu, online, level;
	const char *node = kv_get(kv, "node");
	struct obs_cpu c = { .seen = true };

	if (need_uint(kv, "cpu", TOPO_MAX_CPUS - 1, &cpu, err, errlen) ||
	    need_uint(kv, "online", 1, &online, err, errlen) ||
	    need_uint(kv, "llc_level", 9, &level, err, errlen) || need_cpus(kv, "smt", &c.smt, err, errlen) ||
	    need_cpus(kv, "package_cpus", &c.package, err, errlen) ||
	    need_cpus(kv, "llc", &c.llc, err, errlen))
		return -1;
	if (!node || (strcmp(node, "-1") && (*node < '0' || *node > '9' || atoi(node) >= TOPO_MAX_NODES))) {
		snprintf(err, errlen, "field node missing or out of range");
		return -1;
	}
	c.node = atoi(node);
	c.online = online;
	c.llc_level = (unsigned)level;
	o->cpu[cpu] = c;
	return 0;
}

static int parse_distances(struct obs_node *n, const char *v)
{
	char *end;

	n->ndist = 0;
	while (*v) {
		unsigned long d = strtoul(v, &end, 10);

		if (end == v || d > 255 || n->ndist == TOPO_MAX_NODES)
			return -1;
		n->dist[n->ndist++] = (unsigned)d;
		v = end;
		while (*v == ' ')
			v++;
	}
	return 0;
}

static int take_node(struct observed *o, const struct kv *kv, char *err, size_t errlen)
{
	unsigned long node;
	const char *d = kv_get(kv, "distance");
	struct obs_node n = { .seen = true };

	if (need_uint(kv, "node", TOPO_MAX_NODES - 1, &node, err, errlen) ||
	    need_cpus(kv, "cpus", &n.cpus, err, errlen))
		return -1;
	if (!d || parse_distances(&n, d)) {
		snprintf(err, errlen, "field distance missing or malformed");
		return -1;
	}
	o->node[node] = n;
	return 0;
}

int observe_record(struct observed *o, unsigned type, const uint8_t *payload, size_t len, char *err,
		   size_t errlen)
{
	struct kv kv;
	const char *why;

	if (type != REC_HELLO && type != REC_CPU && type != REC_NODE)
		return 0;
	if (kv_parse(&kv, payload, len, &why)) {
		snprintf(err, errlen, "%s record: %s", proto_rec_name(type), why);
		return -1;
	}
	if (type == REC_HELLO)
		return take_hello(o, &kv, err, errlen);
	if (type == REC_CPU)
		return take_cpu(o, &kv, err, errlen);
	return take_node(o, &kv, err, errlen);
}
