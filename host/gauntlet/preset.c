/* The preset table. The first 24 shapes are those of the system this
 * project follows (names kept, so results compare); then the short names
 * ktsrun had before the gauntlet; then shapes of our own. */
#include "host/gauntlet/preset.h"

#include <stdio.h>
#include <string.h>

#include "host/util/log.h"

/* 4 nodes in a ring: a neighbour is nearer than the node across */
static const unsigned char ring4[] = { 10, 16, 22, 16, 16, 10, 16, 22, 22, 16, 10, 16, 16, 22, 16, 10 };
/* asymmetric: reaching node 1 from node 0 costs less than the way back */
static const unsigned char asym2[] = { 10, 21, 31, 10 };
static const unsigned char asym3[] = { 10, 20, 30, 25, 10, 20, 35, 25, 10 };

static const struct preset builtin[] = {
	{ "tiny-1llc", "1n1l4c1t", "tiny", "4 CPUs in one LLC", NULL },
	{ "tiny-2llc", "1n2l2c1t", "tiny", "4 CPUs in 2 LLCs", NULL },
	{ "odd-3llc", "1n3l3c1t", "", "9 CPUs in 3 LLCs", NULL },
	{ "odd-5llc", "1n5l3c1t", "", "15 CPUs in 5 LLCs", NULL },
	{ "odd-7llc", "1n7l2c1t", "", "14 CPUs in 7 LLCs", NULL },
	{ "smt-2llc", "1n2l2c2t", "", "8 CPUs: 2 LLCs of 2 SMT cores", NULL },
	{ "smt-3llc", "1n3l2c2t", "", "12 CPUs: 3 LLCs of 2 SMT cores", NULL },
	{ "medium-4llc", "1n4l4c2t", "medium", "32 CPUs in 4 LLCs", NULL },
	{ "medium-8llc", "1n8l4c2t", "medium", "64 CPUs in 8 LLCs", NULL },
	{ "large-4llc", "1n4l16c2t", "", "128 CPUs in 4 LLCs", NULL },
	{ "large-8llc", "1n8l8c2t", "", "128 CPUs in 8 LLCs", NULL },
	{ "near-max-llc", "1n15l8c2t", "max", "240 CPUs in 15 LLCs", NULL },
	{ "max-cpu", "1n14l9c2t", "max", "252 CPUs in 14 LLCs: APIC IDs up to 433", NULL },
	{ "medium-4llc-nosmt", "1n4l8c1t", "medium", "32 CPUs in 4 LLCs", NULL },
	{ "medium-8llc-nosmt", "1n8l8c1t", "medium", "64 CPUs in 8 LLCs", NULL },
	{ "large-4llc-nosmt", "1n4l32c1t", "", "128 CPUs in 4 LLCs", NULL },
	{ "large-8llc-nosmt", "1n8l16c1t", "", "128 CPUs in 8 LLCs", NULL },
	{ "near-max-llc-nosmt", "1n15l16c1t", "max", "240 CPUs in 15 LLCs", NULL },
	{ "max-cpu-nosmt", "1n14l18c1t", "max", "252 CPUs in 14 LLCs", NULL },
	{ "numa2-4llc", "2n4l4c1t", "", "16 CPUs: 2 nodes x 2 LLCs", NULL },
	{ "numa2-8llc", "2n8l8c2t", "", "128 CPUs: 2 nodes x 4 LLCs", NULL },
	{ "numa2-8llc-nosmt", "2n8l16c1t", "", "128 CPUs: 2 nodes x 4 LLCs", NULL },
	{ "numa4-8llc", "4n8l4c1t", "", "32 CPUs: 4 nodes x 2 LLCs", NULL },
	{ "numa4-12llc", "4n12l8c2t", "", "192 CPUs: 4 nodes x 3 LLCs", NULL },
	{ "tiny", "1n1l2c1t", "tiny,ours", "2 CPUs in one LLC, no SMT", NULL },
	{ "smt", "1n1l2c2t", "tiny,ours", "2 SMT cores in one LLC", NULL },
	{ "llc2", "1n2l2c1t", "tiny,ours", "2 LLCs of 2 cores", NULL },
	{ "llc2-smt", "1n2l2c2t", "ours", "2 LLCs of 2 SMT cores", NULL },
	{ "llc3", "1n3l2c1t", "ours", "3 LLCs of 2 cores", NULL },
	{ "wide", "1n2l4c1t", "ours", "8 CPUs in 2 LLCs", NULL },
	{ "numa2", "2n2l2c1t", "ours", "2 NUMA nodes, one LLC each", NULL },
	{ "numa2-smt", "2n4l2c2t", "ours", "2 NUMA nodes x 2 LLCs x 2 SMT cores", NULL },
	{ "big", "2n4l4c2t", "ours", "32 CPUs: 2 nodes x 2 LLCs x 4 SMT cores", NULL },
	{ "one-cpu", "1n1l1c1t", "tiny,ours", "a single CPU: nothing to balance", NULL },
	{ "numa3", "3n3l2c1t", "ours", "3 NUMA nodes (not a power of two)", NULL },
	{ "numa2-asym", "2n2l2c1t", "asym,ours", "2 nodes, distance 21 one way and 31 back", asym2 },
	{ "numa3-asym", "3n3l1c2t", "asym,ours", "3 nodes, SMT, every distance different", asym3 },
	{ "numa4-ring", "4n4l1c1t", "asym,ours", "4 nodes in a ring: neighbours 16, across 22", ring4 },
};

#define NBUILTIN (sizeof(builtin) / sizeof(builtin[0]))

/* The built-in presets, then those a matrix file declares: one array, so
 * a preset's place in it is its order everywhere. */
static struct preset table[PRESET_MAX];
static size_t ntable;

static struct own {
	char name[64], spec[32], tags[PRESET_TAGS_MAX], what[160];
	unsigned char dist[TOPO_MAX_NODES * TOPO_MAX_NODES];
} own[PRESET_MAX];

static void fill(void)
{
	if (ntable)
		return;
	memcpy(table, builtin, sizeof(builtin));
	ntable = NBUILTIN;
}

const struct preset *preset_all(size_t *n)
{
	fill();
	*n = ntable;
	return table;
}

const struct preset *preset_find(const char *name)
{
	fill();
	for (size_t i = 0; i < ntable; i++)
		if (!strcmp(name, table[i].name))
			return &table[i];
	return NULL;
}

int preset_add(const char *name, const char *spec, const char *tags, const unsigned *dist, unsigned ndist,
	       char *err, size_t errlen)
{
	struct topo t;
	struct own *o;
	char why[300];

	fill();
	if (preset_find(name))
		return errf(err, errlen, "preset '%s' exists already; pick another name", name);
	if (!name[0] || strlen(name) >= sizeof(o->name) || strpbrk(name, "/ ,\t"))
		return errf(err, errlen, "preset name '%s': 1 to 63 characters, no '/', ',' or blanks", name);
	if (ntable == PRESET_MAX)
		return errf(err, errlen, "more than %d presets", PRESET_MAX);
	if (topo_parse(spec, &t, why, sizeof(why)))
		return errf(err, errlen, "%s", why);
	if (ndist && ndist != t.nodes * t.nodes)
		return errf(err, errlen, "preset '%s': %u distances for %u nodes; give %u (a row per node)",
			    name, ndist, t.nodes, t.nodes * t.nodes);
	o = &own[ntable - NBUILTIN];
	snprintf(o->name, sizeof(o->name), "%s", name);
	snprintf(o->spec, sizeof(o->spec), "%s", t.spec);
	snprintf(o->tags, sizeof(o->tags), "%s%s%s", "matrix", tags && tags[0] ? "," : "", tags ? tags : "");
	snprintf(o->what, sizeof(o->what), "declared by a matrix file");
	for (unsigned i = 0; i < ndist; i++) {
		bool self = i % (t.nodes + 1) == 0;

		if (self ? dist[i] != 10 : dist[i] <= 10 || dist[i] > 255)
			return errf(
				err, errlen,
				"preset '%s': distance %u is not valid (10 from a node to itself, 11 to 255 "
				"between nodes)",
				name, dist[i]);
		o->dist[i] = (unsigned char)dist[i];
	}
	table[ntable++] = (struct preset){ o->name, o->spec, o->tags, o->what, ndist ? o->dist : NULL };
	return 0;
}

void preset_forget(void)
{
	ntable = 0;
}

int preset_parse(const char *text, struct topo *t, char *err, size_t errlen)
{
	const struct preset *p = preset_find(text);

	if (topo_parse(p ? p->spec : text, t, err, errlen))
		return -1;
	if (p && p->dist)
		for (unsigned i = 0; i < t->nodes; i++)
			for (unsigned j = 0; j < t->nodes; j++)
				t->distance[i][j] = p->dist[i * t->nodes + j];
	return 0;
}

static void add_tag(char *buf, size_t len, const char *tag)
{
	size_t n = strlen(buf);

	snprintf(buf + n, len - n, "%s%s", n ? "," : "", tag);
}

char *preset_tags(const struct preset *p, char *buf, size_t len)
{
	struct topo t;
	char err[200];
	unsigned ncpus;

	buf[0] = '\0';
	if (topo_parse(p->spec, &t, err, sizeof(err)))
		return buf;
	ncpus = topo_ncpus(&t);
	add_tag(buf, len, t.threads > 1 ? "smt" : "nosmt");
	if (t.llcs > 1)
		add_tag(buf, len, "llc");
	if (t.llcs > 1 && t.llcs % 2)
		add_tag(buf, len, "odd");
	if (t.nodes > 1)
		add_tag(buf, len, "numa");
	if (ncpus <= 4)
		add_tag(buf, len, "small");
	if (ncpus >= 64)
		add_tag(buf, len, "large");
	if (p->tags[0])
		add_tag(buf, len, p->tags);
	return buf;
}

bool preset_has_tag(const struct preset *p, const char *tag)
{
	char buf[PRESET_TAGS_MAX], *save = NULL;

	preset_tags(p, buf, sizeof(buf));
	for (char *w = strtok_r(buf, ",", &save); w; w = strtok_r(NULL, ",", &save))
		if (!strcmp(w, tag))
			return true;
	return false;
}

bool preset_is_tag(const char *word)
{
	fill();
	for (size_t i = 0; i < ntable; i++)
		if (preset_has_tag(&table[i], word))
			return true;
	return false;
}

unsigned preset_mem_mib(const struct topo *t)
{
	unsigned mib = 384 + 8 * topo_ncpus(t), unit = 64 * t->nodes;

	mib = mib < 512 ? 512 : mib;
	return (mib + unit - 1) / unit * unit;
}

int preset_check(const char *name, char *err, size_t errlen)
{
	struct topo t;

	return preset_parse(name, &t, err, errlen);
}
