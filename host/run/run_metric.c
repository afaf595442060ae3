/* Metrics of claims: a cgroup (with its descendants) or every worker,
 * aggregated as bc_tables.h says (sum, max, union, count, spread), over
 * a step's window or the whole run; NaN when not measured. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/run/run_data.h"

void run_cg_path(const struct bc_prog *p, unsigned cg, char *buf, size_t len)
{
	char tmp[512];

	if (cg >= p->ncgroups) {
		snprintf(buf, len, "?");
		return;
	}
	if (p->cg_parent[cg] == BC_ROOT) {
		snprintf(buf, len, "%s", p->pool[p->cg_name[cg]].u.s);
		return;
	}
	run_cg_path(p, p->cg_parent[cg], tmp, sizeof(tmp));
	snprintf(buf, len, "%s/%s", tmp, p->pool[p->cg_name[cg]].u.s);
}

/* Does the worker's set belong to path (itself or below)? */
static bool under(const char *set, const char *path)
{
	size_t n = strlen(path);

	return !strncmp(set, path, n) && (set[n] == '\0' || set[n] == '/');
}

static double value(const struct run_fig *f, unsigned metric)
{
	switch (metric) {
	case BC_M_work_units: return f->units;
	case BC_M_iterations: return f->iters;
	case BC_M_cpu_time: return f->cpu_ns;
	case BC_M_wall_time: return f->wall_ns;
	case BC_M_max_gap: return f->max_gap;
	case BC_M_p50_wake_latency: return f->p50;
	case BC_M_p90_wake_latency: return f->p90;
	case BC_M_p99_wake_latency: return f->p99;
	case BC_M_max_wake_latency: return f->pmax;
	case BC_M_cpus_used: return cpuset_count(&f->cpus);
	case BC_M_migrations: return f->migrations;
	case BC_M_voluntary_switches: return f->vcsw;
	case BC_M_involuntary_switches: return f->ivcsw;
	case BC_M_workers: return 1;
	default: return NAN;
	}
}

/* Did the worker use a CPU outside its cgroup's cpuset in window w? */
static double violation(const struct run_data *d, const struct run_fig *f, int w)
{
	struct cpuset allowed;

	if (!run_cg_cpus(d, f->set, w, &allowed) || !cpuset_count(&allowed))
		return 0; /* no cpuset figures: nothing to violate */
	for (unsigned c = 0; c < CPUSET_MAX; c++)
		if (cpuset_has(&f->cpus, c) && !cpuset_has(&allowed, c))
			return 1;
	return 0;
}

static bool latency(unsigned metric)
{
	return metric == BC_M_p50_wake_latency || metric == BC_M_p90_wake_latency ||
	       metric == BC_M_p99_wake_latency || metric == BC_M_max_wake_latency;
}

struct agg {
	double sum, max, min, n;
	bool unknown;
	struct cpuset cpus;
};

static void add(struct agg *a, const struct run_data *d, const struct run_fig *f, unsigned metric, int w,
		unsigned nwin)
{
	double v;

	if (metric == BC_M_cpuset_violations) {
		v = 0;
		for (unsigned k = 0; k < nwin; k++) {
			struct run_fig g;

			if (w >= 0 && (unsigned)w != k)
				continue;
			run_fig(d, f->id, (int)k, &g);
			if (g.present)
				v += violation(d, &g, (int)k);
		}
	} else {
		v = metric == BC_M_fairness_spread ? f->units : value(f, metric);
	}
	/* a worker that never slept has no wake latency: the cgroup's is its
	 * other workers' (a lock holder beside its waiter, a hog beside sleepers) */
	if (isnan(v) && latency(metric))
		return;
	if (isnan(v))
		a->unknown = true;
	a->sum += v;
	a->max = a->n ? (v > a->max ? v : a->max) : v;
	a->min = a->n ? (v < a->min ? v : a->min) : v;
	a->n++;
	for (unsigned k = 0; k < CPUSET_MAX / 64; k++)
		a->cpus.w[k] |= f->cpus.w[k];
}

static double result(const struct agg *a, unsigned metric)
{
	if (a->unknown || !a->n)
		return metric == BC_M_workers ? a->n : NAN;
	switch (metric) {
	case BC_M_work_units:
	case BC_M_iterations:
	case BC_M_cpu_time:
	case BC_M_migrations:
	case BC_M_voluntary_switches:
	case BC_M_involuntary_switches:
	case BC_M_cpuset_violations: return a->sum;
	case BC_M_cpus_used: return cpuset_count(&a->cpus);
	case BC_M_workers: return a->n;
	case BC_M_fairness_spread: return a->min > 0 ? a->max / a->min - 1 : a->max > 0 ? INFINITY : 0;
	default: return a->max;
	}
}

double run_metric(const struct run_data *d, const struct bc_prog *p, unsigned cg, unsigned metric,
		  unsigned step, unsigned worker)
{
	unsigned *ids = malloc(RUN_MAX_RECS * sizeof(*ids)), n, nth = 0;
	int w = step == BC_NONE ? -1 : (int)step + 1; /* step N is window N */
	unsigned nwin = run_windows(d, p->nsteps);
	struct agg a = { 0 };
	char path[512] = "";
	double r;

	if (!ids)
		return NAN;
	if (cg != BC_ALL)
		run_cg_path(p, cg, path, sizeof(path));
	n = run_worker_ids(d, ids);
	for (unsigned i = 0; i < n; i++) {
		struct run_fig f;

		run_fig(d, ids[i], w, &f);
		if (!f.set || (cg != BC_ALL && !under(f.set, path)))
			continue;
		if (worker != BC_NONE) { /* the nth worker of the cgroup itself */
			if (strcmp(f.set, path) || nth++ != worker)
				continue;
		}
		if (f.present)
			add(&a, d, &f, metric, w, nwin);
	}
	free(ids);
	r = result(&a, metric);
	return worker != BC_NONE && !a.n ? NAN : r;
}
