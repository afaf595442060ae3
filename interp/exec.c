/* One op at a time: cgroup definitions (CG_BEGIN .. CG_END) and step ops.
 * Everything that depends on the topology is resolved here, so the runtime
 * sees concrete CPU sets and counts; values a verified program may still
 * hold out of range (a nice of 1000, a billion workers) are refused here. */
#include "interp/interp_priv.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define ERR(...) (snprintf(in->err, INTERP_ERRLEN, __VA_ARGS__), -1)

static const char *str(const struct interp *in, unsigned k)
{
	return in->p->pool[k].u.s;
}

static double num(const struct interp *in, unsigned k)
{
	return bc_num(in->p, k);
}

const struct cpuset *interp_cg_cpus(const struct interp *in, unsigned cg)
{
	while (cg != BC_ROOT && cg < in->p->ncgroups) {
		if (in->cg[cg].has_cpus)
			return &in->cg[cg].cpus;
		cg = in->p->cg_parent[cg];
	}
	return &in->t->all;
}

static const struct cpuset *parent_cpus(const struct interp *in, unsigned cg)
{
	return interp_cg_cpus(in, in->p->cg_parent[cg]);
}

static int rt(struct interp *in, int rc)
{
	return rc ? -1 : 0; /* the runtime wrote in->err */
}

static int set_cpus(struct interp *in, unsigned cg, const struct cpuset *s)
{
	struct interp_set x = { .kind = IS_CPUS, .cpus = *s };

	if (rt(in, in->ops->cg_set(in->ctx, cg, &x, in->err)))
		return -1;
	in->cg[cg].has_cpus = true;
	in->cg[cg].cpus = *s;
	return 0;
}

static int clear_cpus(struct interp *in, unsigned cg)
{
	struct interp_set x = { .kind = IS_CPUS_CLEAR };

	if (rt(in, in->ops->cg_set(in->ctx, cg, &x, in->err)))
		return -1;
	in->cg[cg].has_cpus = false;
	return 0;
}

static int cpuset_op(struct interp *in, enum bc_op op, const unsigned *v)
{
	const struct cpuset *base = parent_cpus(in, v[0]);
	struct cpuset s;
	int r = 0;

	switch (op) {
	case OP_CPUSET_LLC: r = interp_cpus_llc(in->t, num(in, v[1]), &s, in->err); break;
	case OP_CPUSET_NODE: r = interp_cpus_node(in->t, num(in, v[1]), &s, in->err); break;
	case OP_CPUSET_RANGE: r = interp_cpus_range(base, num(in, v[1]), num(in, v[2]), &s, in->err); break;
	case OP_CPUSET_DISJOINT:
		r = interp_cpus_part(base, num(in, v[1]), num(in, v[2]), 0, &s, in->err);
		break;
	case OP_CPUSET_OVERLAP:
		r = interp_cpus_part(base, num(in, v[1]), num(in, v[2]), num(in, v[3]), &s, in->err);
		break;
	default: /* OP_CPUSET_LIST */
		if (cpuset_parse(&s, str(in, v[1])) || !cpuset_count(&s))
			return ERR("\"%s\" is not a CPU list", str(in, v[1]));
		break;
	}
	if (r)
		return -1;
	for (unsigned c = 0; c < CPUSET_MAX; c++)
		if (cpuset_has(&s, c) && !cpuset_has(&in->t->all, c))
			return ERR("CPU %u is not in this machine (CPUs 0-%u)", c, in->t->ncpus - 1);
	return set_cpus(in, v[0], &s);
}

static int mems_op(struct interp *in, enum bc_op op, const unsigned *v)
{
	struct interp_set x = { .kind = IS_MEMS };
	double n = num(in, v[1]);

	cpuset_zero(&x.cpus);
	if (op == OP_MEMS_NODE) {
		if (!(n >= 0) || n >= in->t->nodes || n != floor(n))
			return ERR("node %g does not exist: the topology has %u", n, in->t->nodes);
		cpuset_add(&x.cpus, (unsigned)n);
	} else if (cpuset_parse(&x.cpus, str(in, v[1])) || !cpuset_count(&x.cpus)) {
		return ERR("\"%s\" is not a node list", str(in, v[1]));
	}
	for (unsigned c = 0; c < CPUSET_MAX; c++)
		if (cpuset_has(&x.cpus, c) && c >= in->t->nodes)
			return ERR("node %u does not exist: the topology has %u", c, in->t->nodes);
	return rt(in, in->ops->cg_set(in->ctx, v[0], &x, in->err));
}

static int affinity_op(struct interp *in, enum bc_op op, const unsigned *v)
{
	struct interp_set x = { .kind = IS_AFFINITY };
	const struct cpuset *base = interp_cg_cpus(in, v[0]);
	struct icg *g = &in->cg[v[0]];
	int r = 0;

	if (!g->started) { /* the cgroup's cpuset may come later in its block */
		g->aff_pending = true;
		g->aff_op = op;
		memcpy(g->aff_v, v, sizeof(g->aff_v));
		return 0;
	}
	if (op == OP_AFFINITY)
		r = interp_cpus_affinity(in->t, base, v[1], &x.cpus, in->err);
	else if (op == OP_AFFINITY_RANDOM)
		r = interp_cpus_random(base, num(in, v[1]), v[0] + 1, &x.cpus, in->err);
	else if (cpuset_parse(&x.cpus, str(in, v[1])) || !cpuset_count(&x.cpus))
		return ERR("\"%s\" is not a CPU list", str(in, v[1]));
	if (r)
		return -1;
	return rt(in, in->ops->cg_set(in->ctx, v[0], &x, in->err));
}

static int in_range(struct interp *in, double d, double lo, double hi, const char *what)
{
	if (d >= lo && d <= hi && d == floor(d))
		return 0;
	return ERR("%s %g is out of range %g..%g", what, d, lo, hi);
}

/* nice, policy, cpu.weight, cpu.max, memory.*, pids.max, comm */
static int simple_set(struct interp *in, enum bc_op op, const unsigned *v)
{
	struct interp_set x = { 0 };
	double a = 0, b = 0;

	switch (op) {
	case OP_NICE:
		x.kind = IS_NICE, a = num(in, v[1]);
		if (in_range(in, a, -20, 19, "nice"))
			return -1;
		break;
	case OP_POLICY:
		x.kind = IS_POLICY, a = v[1], b = num(in, v[2]);
		if (in_range(in, b, (a == BC_POL_fifo || a == BC_POL_rr) ? 1 : 0,
			     (a == BC_POL_fifo || a == BC_POL_rr) ? 99 : 0, "priority"))
			return -1;
		break;
	case OP_CPU_WEIGHT:
		x.kind = IS_WEIGHT, a = num(in, v[1]);
		if (in_range(in, a, 1, 10000, "cpu.weight"))
			return -1;
		break;
	case OP_CPU_MAX:
		x.kind = IS_CPU_MAX, a = floor(num(in, v[1])), b = floor(num(in, v[2]));
		if (in_range(in, b, 1e6, 1e9, "cpu.max period (ns)") ||
		    in_range(in, a, 1e3, 1e12, "cpu.max quota (ns)"))
			return -1;
		break;
	case OP_MEMORY:
		x.kind = IS_MEMORY, a = v[1], b = floor(num(in, v[2]));
		if (in_range(in, b, 0, 9e18, "memory size"))
			return -1;
		break;
	case OP_PIDS_MAX:
		x.kind = IS_PIDS, a = num(in, v[1]);
		if (in_range(in, a, 1, 4194304, "pids.max"))
			return -1;
		break;
	default: /* OP_COMM */
		x.kind = IS_COMM, x.s = str(in, v[1]);
		if (!*x.s || strlen(x.s) > 15)
			return ERR("comm \"%s\" must be 1 to 15 characters", x.s);
		break;
	}
	x.v = (long long)a;
	x.v2 = (long long)b;
	return rt(in, in->ops->cg_set(in->ctx, v[0], &x, in->err));
}

static int cg_begin(struct interp *in, const unsigned *v)
{
	struct icg *g = &in->cg[v[0]];
	struct interp_cgdef d = { v[0], v[1], str(in, v[2]), g->path, v[3] };
	int n;

	if (g->created)
		return ERR("cgroup %s is added twice (a repeating step?)", g->path);
	char path[INTERP_PATH_MAX];

	if (v[1] == BC_ROOT)
		n = snprintf(path, sizeof(path), "%s", d.name);
	else
		n = snprintf(path, sizeof(path), "%s.%s", in->cg[v[1]].path, d.name);
	memcpy(g->path, path, sizeof(path));
	if (n < 0 || (size_t)n >= sizeof(path))
		return ERR("cgroup path %.40s... is too long", g->path);
	if (v[1] != BC_ROOT && in->cg[v[1]].removed)
		return ERR("parent of %s was removed", g->path);
	if (rt(in, in->ops->cgroup_create(in->ctx, &d, in->err)))
		return -1;
	g->created = true;
	return 0;
}

static struct interp_args *last_args(struct icg *g)
{
	return g->work.nphases ? &g->work.phase[g->work.nphases - 1].args : &g->work.args;
}

static int work_op(struct interp *in, enum bc_op op, const unsigned *v)
{
	struct icg *g = &in->cg[v[0]];

	switch (op) {
	case OP_WORKERS: g->workers = num(in, v[1]), g->share = 0; return 0;
	case OP_WORKERS_SHARE: g->share = num(in, v[1]); return 0;
	case OP_WORK:
		g->work.set = true, g->work.type = v[1], g->work.argc = 0;
		g->work.file_name = g->work.file_text = NULL;
		return 0;
	case OP_WORK_FILE: g->work.file_name = str(in, v[1]), g->work.file_text = str(in, v[2]); return 0;
	case OP_WORK_ARGV:
		if (g->work.argc == INTERP_MAX_ARGV)
			return ERR("more than %u program arguments", INTERP_MAX_ARGV);
		g->work.argv[g->work.argc++] = str(in, v[1]);
		return 0;
	case OP_WORK_METRIC: return 0; /* the host extracts payload metrics */
	case OP_WORK_ARG:
		last_args(g)->has[v[1]] = true;
		last_args(g)->v[v[1]] = num(in, v[2]);
		return 0;
	default: /* OP_WORK_PHASE */
		if (g->work.nphases == INTERP_MAX_PHASES)
			return ERR("more than %u phases", INTERP_MAX_PHASES);
		g->work.phase[g->work.nphases].type = v[1];
		g->work.phase[g->work.nphases].ns = (uint64_t)num(in, v[2]);
		g->work.nphases++;
		return 0;
	}
}

/* Workers of a cgroup: a count, or a share of its CPUs (at least one). */
static int worker_count(struct interp *in, unsigned cg, unsigned *n)
{
	struct icg *g = &in->cg[cg];
	double w = g->share > 0 ? floor(g->share * cpuset_count(interp_cg_cpus(in, cg)) + 0.5) : g->workers;

	if (g->share > 0 && w < 1)
		w = 1;
	if (!(w >= 0) || w > INTERP_MAX_WORKERS || w != floor(w))
		return ERR("%g workers: at most %u per cgroup", w, INTERP_MAX_WORKERS);
	*n = (unsigned)w;
	return 0;
}

static int cg_end(struct interp *in, const unsigned *v)
{
	struct icg *g = &in->cg[v[0]];
	unsigned n;

	g->started = true;
	if (g->aff_pending && affinity_op(in, (enum bc_op)g->aff_op, g->aff_v))
		return -1;
	if (worker_count(in, v[0], &n))
		return -1;
	if (!n)
		return 0; /* a plain container */
	if (!g->work.set)
		g->work.set = true, g->work.type = BC_WORK_spin; /* workers without work spin */
	if (rt(in, in->ops->cg_start(in->ctx, v[0], &g->work, n, in->err)))
		return -1;
	/* a cgroup added by a step starts at once */
	return in->started ? rt(in, in->ops->go(in->ctx, in->err)) : 0;
}

static int count(struct interp *in, double d, const char *what, unsigned *out)
{
	if (in_range(in, d, 0, INTERP_MAX_WORKERS, what))
		return -1;
	*out = (unsigned)d;
	return 0;
}

/* CPUSET_SWAP: each takes the other's; an inherited one clears. */
static int swap_op(struct interp *in, const unsigned *v)
{
	struct icg a = in->cg[v[0]], b = in->cg[v[1]];

	if (b.has_cpus ? set_cpus(in, v[0], &b.cpus) : clear_cpus(in, v[0]))
		return -1;
	return a.has_cpus ? set_cpus(in, v[1], &a.cpus) : clear_cpus(in, v[1]);
}

static int knob_op(struct interp *in, enum bc_op op, const unsigned *v)
{
	char path[INTERP_PATH_MAX];

	if (op == OP_KNOB_READ)
		return rt(in, in->ops->knob_read(in->ctx, str(in, v[0]), in->err));
	if (op == OP_KNOB_WRITE)
		return rt(in, in->ops->knob_write(in->ctx, str(in, v[0]), str(in, v[1]), in->err));
	/* SYSCTL: dots become slashes under /proc/sys */
	if ((size_t)snprintf(path, sizeof(path), "/proc/sys/%s", str(in, v[0])) >= sizeof(path))
		return ERR("sysctl name too long");
	for (char *c = path + 10; *c; c++)
		if (*c == '.')
			*c = '/';
	return rt(in, in->ops->knob_write(in->ctx, path, str(in, v[1]), in->err));
}

static int step_op(struct interp *in, enum bc_op op, const unsigned *v)
{
	unsigned n;

	switch (op) {
	case OP_CG_REMOVE:
		if (rt(in, in->ops->cgroup_remove(in->ctx, v[0], in->err)))
			return -1;
		for (unsigned i = v[0]; i < in->p->ncgroups; i++)
			if (i == v[0] ||
			    (in->p->cg_parent[i] != BC_ROOT && in->cg[in->p->cg_parent[i]].removed))
				in->cg[i].removed = true;
		return 0;
	case OP_CPUSET_CLEAR: return clear_cpus(in, v[0]);
	case OP_CPUSET_SWAP: return swap_op(in, v);
	case OP_SPAWN:
		if (count(in, num(in, v[1]), "spawn count", &n))
			return -1;
		if (!in->cg[v[0]].work.set)
			return ERR("cgroup %s has no work to spawn", in->cg[v[0]].path);
		return rt(in, in->ops->spawn(in->ctx, v[0], n, in->err));
	case OP_STOP:
		if (count(in, num(in, v[1]), "stop count", &n))
			return -1;
		return rt(in, in->ops->stop(in->ctx, v[0], n, in->err));
	case OP_STOP_ALL: return rt(in, in->ops->stop(in->ctx, v[0], UINT32_MAX, in->err));
	case OP_MOVE: return rt(in, in->ops->move(in->ctx, v[0], v[1], in->err));
	case OP_FREEZE:
	case OP_UNFREEZE: return rt(in, in->ops->freeze(in->ctx, v[0], op == OP_FREEZE, in->err));
	case OP_SIGNAL: return rt(in, in->ops->signal(in->ctx, v[0], v[1], in->err));
	case OP_SNAPSHOT: return rt(in, in->ops->snapshot(in->ctx, str(in, v[0]), in->err));
	case OP_SCHED_ATTACH:
	case OP_SCHED_DETACH:
	case OP_SCHED_RESTART: return rt(in, in->ops->sched(in->ctx, op, NULL, NULL, in->err));
	case OP_SCHED_REPLACE:
		return rt(in, in->ops->sched(in->ctx, op, str(in, v[0]), str(in, v[1]), in->err));
	case OP_SYSCTL:
	case OP_KNOB_WRITE:
	case OP_KNOB_READ: return knob_op(in, op, v);
	case OP_WAIT:
		if (!(num(in, v[0]) <= (double)INTERP_MAX_HOLD))
			return ERR("wait longer than a day");
		in->ops->sleep_until(in->ctx, in->ops->now(in->ctx) + (uint64_t)num(in, v[0]));
		return 0;
	default: return ERR("not a step op");
	}
}

int interp_exec(struct interp *in, enum bc_op op, const unsigned *v)
{
	in->err[0] = '\0';
	switch (op) {
	case OP_CG_BEGIN: return cg_begin(in, v);
	case OP_CG_END: return cg_end(in, v);
	case OP_WORKERS:
	case OP_WORKERS_SHARE:
	case OP_WORK:
	case OP_WORK_ARG:
	case OP_WORK_ARGV:
	case OP_WORK_METRIC:
	case OP_WORK_FILE:
	case OP_WORK_PHASE: return work_op(in, op, v);
	case OP_CPUSET_LLC:
	case OP_CPUSET_NODE:
	case OP_CPUSET_RANGE:
	case OP_CPUSET_DISJOINT:
	case OP_CPUSET_OVERLAP:
	case OP_CPUSET_LIST: return cpuset_op(in, op, v);
	case OP_MEMS_NODE:
	case OP_MEMS_LIST: return mems_op(in, op, v);
	case OP_AFFINITY:
	case OP_AFFINITY_RANDOM:
	case OP_AFFINITY_LIST: return affinity_op(in, op, v);
	case OP_NICE:
	case OP_POLICY:
	case OP_CPU_WEIGHT:
	case OP_CPU_MAX:
	case OP_MEMORY:
	case OP_PIDS_MAX:
	case OP_COMM: return simple_set(in, op, v);
	default: return step_op(in, op, v);
	}
}
