/* What a variant costs, in seconds of wall time: the measured time of an
 * earlier run from a cost file (--costs), else the model. Both are the
 * same on every shard given the same file, so the budget's choice is too.
 *
 * The model (fitted to this machine's TCG runs, doc/gauntlet.md): a run's
 * fixed part that grows with the vCPUs (the kernel brings each up, and
 * under TCG each is a host thread) and the NUMA nodes, the scenario's
 * settle and duration, a scheduler's load, and a second run for baseline
 * claims. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/gauntlet/cost.h"
#include "host/run/run_report.h"
#include "host/util/log.h"

double cost_boot_s(enum vm_want vm, const struct topo *t)
{
	unsigned ncpus = topo_ncpus(t);

	switch (vm) {
	case VM_KVM_OWN: return 0.2 + 0.01 * ncpus;
	case VM_QEMU_KVM: return 0.8 + 0.03 * ncpus;
	default: return COST_TCG_BOOT_S + COST_TCG_VCPU_S * ncpus + COST_TCG_NODE_S * (t->nodes - 1);
	}
}

double cost_model(const struct gauntlet *g, const struct variant *v)
{
	const struct interp_meta *m = &g->scen[v->scen].meta;
	char spec[600];
	double run = (double)(m->settle_ns + m->duration_ns) / 1e9;
	double base = cost_boot_s(g->kern[v->kern].env.vm, &v->topo) + run;
	double one = base + (gauntlet_sched_spec(g, v, spec, sizeof(spec)) ? COST_SCHED_LOAD_S : 0);

	return m->nbase ? one + base : one; /* the baseline runs under the default scheduler */
}

void cost_estimate(struct gauntlet *g, struct json_object *file)
{
	struct json_object *vars = NULL, *c;

	if (file)
		json_object_object_get_ex(file, "variants", &vars);
	for (size_t i = 0; i < g->nv; i++) {
		struct variant *v = &g->v[i];

		v->cost_measured = vars && json_object_object_get_ex(vars, v->name, &c) &&
				   json_object_is_type(c, json_type_double) && json_object_get_double(c) > 0;
		v->cost_s = v->cost_measured ? json_object_get_double(c) : cost_model(g, v);
	}
}

int cost_load(const char *path, struct json_object **out)
{
	struct json_object *j, *vars;

	*out = NULL;
	if (access(path, F_OK))
		return 0; /* the first run: it writes the file */
	j = json_object_from_file(path);
	if (!j || !json_object_object_get_ex(j, "variants", &vars) ||
	    !json_object_is_type(vars, json_type_object)) {
		log_err("%s: not a ktsrun cost file (JSON with a \"variants\" object); delete it or pass "
			"another --costs",
			path);
		json_object_put(j);
		return -1;
	}
	*out = j;
	return 0;
}

int cost_save(const char *path, const struct gauntlet *g)
{
	struct json_object *j, *vars;
	int rc;

	if (cost_load(path, &j))
		return -1;
	if (!j) {
		j = json_object_new_object();
		json_object_object_add(j, "ktsrun_costs", json_object_new_int(1));
		json_object_object_add(j, "variants", json_object_new_object());
	}
	json_object_object_get_ex(j, "variants", &vars);
	for (size_t i = 0; i < g->nv; i++)
		if (g->v[i].state == VS_RUN && g->v[i].wall_s > 0)
			json_object_object_add(vars, g->v[i].name, json_object_new_double(g->v[i].wall_s));
	/* run_json_write is atomic and says why it failed */
	rc = run_json_write(path, j);
	json_object_put(j);
	return rc;
}
