/* The machine as the guest kernel sees it: CPUs, NUMA nodes, LLCs (the
 * highest cache level each CPU lists), cores (SMT sibling groups), RAM. */
#include "guest/runtime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/sysinfo.h>

#include "guest/sysfs.h"

static void llc_of(unsigned cpu, struct cpuset *out)
{
	char buf[16], list[256];
	int best = -1;

	cpuset_zero(out);
	cpuset_add(out, cpu); /* no cache info: each CPU its own LLC */
	for (int i = 0; i < 8; i++) {
		if (sysfs_read(buf, sizeof(buf), "/sys/devices/system/cpu/cpu%u/cache/index%d/level", cpu, i))
			break;
		if (atoi(buf) >= best &&
		    !sysfs_read(list, sizeof(list),
				"/sys/devices/system/cpu/cpu%u/cache/index%d/shared_cpu_list", cpu, i) &&
		    !cpuset_parse(out, list))
			best = atoi(buf);
	}
}

/* Add s to the groups unless an equal one is there. */
static void add_group(struct cpuset *g, unsigned *n, unsigned max, const struct cpuset *s)
{
	for (unsigned i = 0; i < *n; i++)
		if (cpuset_equal(&g[i], s))
			return;
	if (*n < max)
		g[(*n)++] = *s;
}

int runtime_topo_read(struct interp_topo *t, char *err, size_t errlen)
{
	char buf[256];
	struct cpuset sib, maxsib;
	struct sysinfo si;

	memset(t, 0, sizeof(*t));
	if (sysfs_read(buf, sizeof(buf), "/sys/devices/system/cpu/online") || cpuset_parse(&t->all, buf)) {
		snprintf(err, errlen, "cannot read the online CPUs");
		return -EIO;
	}
	t->ncpus = cpuset_count(&t->all);
	for (unsigned n = 0; n < INTERP_MAX_NODES; n++)
		if (!sysfs_read(buf, sizeof(buf), "/sys/devices/system/node/node%u/cpulist", n) &&
		    !cpuset_parse(&t->node[n], buf))
			t->nodes = n + 1;
	if (!t->nodes) /* no NUMA: one node with everything */
		t->nodes = 1, t->node[0] = t->all;
	cpuset_zero(&maxsib);
	for (unsigned c = 0; c < CPUSET_MAX; c++) {
		struct cpuset llc;

		if (!cpuset_has(&t->all, c))
			continue;
		llc_of(c, &llc);
		add_group(t->llc, &t->llcs, INTERP_MAX_LLCS, &llc);
		if (sysfs_read(buf, sizeof(buf),
			       "/sys/devices/system/cpu/cpu%u/topology/thread_siblings_list", c) ||
		    cpuset_parse(&sib, buf))
			cpuset_zero(&sib), cpuset_add(&sib, c);
		if (cpuset_count(&sib) > cpuset_count(&maxsib))
			maxsib = sib;
		/* a core is counted at its first CPU */
		if (interp_cpus_nth(&sib, 0) == (int)c)
			t->cores++;
	}
	t->threads = cpuset_count(&maxsib) ? cpuset_count(&maxsib) : 1;
	if (!sysinfo(&si))
		t->mem_bytes = (uint64_t)si.totalram * si.mem_unit;
	return 0;
}
