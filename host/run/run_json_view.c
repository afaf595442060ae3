/* The members of a JSON result that the HTML report draws (doc/verdicts.md):
 * step markers, worker gaps and the monitor's worst moments on the monitor
 * samples' time axis (ms from the start marker's host time), the guest's
 * CPU topology, each window's work per cgroup, the failure output and the
 * baseline run's cgroup figures. */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/run/run_report.h"
#include "interp/bc.h"

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *ms(double ns)
{
	return json_object_new_double(round(ns / 1e5) / 10);
}

static int mark_of(const struct run_data *d, const char *name)
{
	for (unsigned i = 0; i < d->nmarks; i++)
		if (!strcmp(d->mark[i].name, name))
			return (int)i;
	return -1;
}

static json_object *steps(const struct run_data *d, uint64_t t0)
{
	json_object *a = json_object_new_array();

	for (unsigned i = 0; i < d->nmarks; i++) {
		json_object *o;

		if (!strcmp(d->mark[i].name, "held"))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(d->mark[i].name));
		json_object_object_add(o, "t_ms", ms((double)d->mark_host_ns[i] - (double)t0));
		json_object_array_add(a, o);
	}
	return a;
}

static int first_cpu(const struct cpuset *s)
{
	for (unsigned c = 0; c < CPUSET_MAX; c++)
		if (cpuset_has(s, c))
			return (int)c;
	return -1;
}

/* What the guest reported: per CPU its node, LLC and core, each named by
 * its first CPU (the guest's own numbering of LLCs is not in the records). */
static json_object *topology(const struct observed *ob)
{
	json_object *a = json_object_new_array();

	for (unsigned c = 0; c < ob->ncpus && c < TOPO_MAX_CPUS; c++) {
		const struct obs_cpu *x = &ob->cpu[c];
		json_object *o;

		if (!x->seen)
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "cpu", json_object_new_int((int)c));
		json_object_object_add(o, "node", json_object_new_int(x->node));
		json_object_object_add(o, "llc", json_object_new_int(first_cpu(&x->llc)));
		json_object_object_add(o, "core", json_object_new_int(first_cpu(&x->smt)));
		json_object_array_add(a, o);
	}
	return a;
}

static const struct telemetry_worker *final_rec(const struct run_data *d, unsigned id)
{
	for (unsigned i = d->nrec; i-- > 0;)
		if (d->rec[i].w.id == id)
			return &d->rec[i].w;
	return NULL;
}

/* Each worker's pid (to tell its cgroup in the monitor's curr_pid) and its
 * largest gap; guest times from the start marker's guest time. */
static json_object *workers(const struct run_data *d, int start)
{
	unsigned *ids = malloc(RUN_MAX_RECS * sizeof(*ids)), n = ids ? run_worker_ids(d, ids) : 0;
	json_object *a = json_object_new_array();
	double g0 = start >= 0 ? (double)d->mark[start].t_ns : 0;

	for (unsigned i = 0; i < n; i++) {
		const struct telemetry_worker *w = final_rec(d, ids[i]);
		json_object *o = json_object_new_object();
		struct run_fig f;

		run_fig(d, ids[i], -1, &f);
		json_object_object_add(o, "id", json_object_new_int((int)ids[i]));
		json_object_object_add(o, "set", json_object_new_string(w->set));
		json_object_object_add(o, "work", json_object_new_string(w->work));
		json_object_object_add(o, "pid", json_object_new_int(w->pid));
		json_object_object_add(o, "max_gap_ms", num(f.max_gap / 1e6));
		json_object_object_add(o, "gap_start_ms",
				       start >= 0 && w->start_ns && isfinite(f.gap_at)
					       ? ms((double)w->start_ns + f.gap_at - f.max_gap - g0)
					       : NULL);
		json_object_object_add(o, "gap_cpu", f.gap_cpu >= 0 ? json_object_new_int(f.gap_cpu) : NULL);
		json_object_array_add(a, o);
	}
	free(ids);
	return a;
}

/* Window k's host span: its opening marker to the next window's (or end). */
static bool span(const struct run_data *d, unsigned k, unsigned nsteps, uint64_t *a, uint64_t *b)
{
	char open[32], close[32];
	int i, j;

	snprintf(open, sizeof(open), k ? "step %u" : "start", k);
	snprintf(close, sizeof(close), k < nsteps ? "step %u" : "end", k + 1);
	if ((i = mark_of(d, open)) < 0)
		return false;
	j = mark_of(d, close);
	*a = d->mark_host_ns[i], *b = j >= 0 ? d->mark_host_ns[j] : *a;
	return true;
}

/* Per window: its span, and per worker set the work units and CPU time of
 * the workers placed there (what a work-rate line needs). */
static json_object *windows(const struct run_data *d, const struct bc_prog *p, uint64_t t0)
{
	unsigned *ids = malloc(RUN_MAX_RECS * sizeof(*ids)), n = ids ? run_worker_ids(d, ids) : 0;
	json_object *a = json_object_new_array();

	for (unsigned k = 0; p && k <= p->nsteps; k++) {
		json_object *o, *sets;
		uint64_t ta, tb;

		if (!span(d, k, p->nsteps, &ta, &tb))
			break;
		o = json_object_new_object(), sets = json_object_new_object();
		json_object_object_add(o, "t0_ms", ms((double)ta - (double)t0));
		json_object_object_add(o, "t1_ms", ms((double)tb - (double)t0));
		for (unsigned i = 0; i < n; i++) {
			struct run_fig f;
			json_object *s, *v;

			run_fig(d, ids[i], (int)k, &f);
			if (!f.present || !f.set)
				continue;
			if (!json_object_object_get_ex(sets, f.set, &s)) {
				s = json_object_new_object();
				json_object_object_add(s, "work_units", json_object_new_double(0));
				json_object_object_add(s, "cpu_time", json_object_new_double(0));
				json_object_object_add(sets, f.set, s);
			}
			json_object_object_get_ex(s, "work_units", &v);
			json_object_set_double(v,
					       json_object_get_double(v) + (isfinite(f.units) ? f.units : 0));
			json_object_object_get_ex(s, "cpu_time", &v);
			json_object_set_double(v, json_object_get_double(v) +
							  (isfinite(f.cpu_ns) ? f.cpu_ns : 0));
		}
		json_object_object_add(o, "sets", sets);
		json_object_array_add(a, o);
	}
	free(ids);
	return a;
}

static json_object *moment(const char *what, int win, double value, int cpu, int pid, double t_ms)
{
	json_object *o = json_object_new_object();

	json_object_object_add(o, "finding", json_object_new_string(what));
	json_object_object_add(o, "window", json_object_new_int(win));
	json_object_object_add(o, "value", num(value));
	json_object_object_add(o, "cpu", cpu >= 0 ? json_object_new_int(cpu) : NULL);
	json_object_object_add(o, "pid", pid > 0 ? json_object_new_int(pid) : NULL);
	json_object_object_add(o, "t_ms", json_object_new_double(round(t_ms * 10) / 10));
	return o;
}

/* Where and when each finding was worst, over the run as judged (warm-up
 * trimmed) and per window; then the online check's first violation. */
static json_object *moments(const struct run_result *r, uint64_t t0)
{
	const struct monitor *m = r->data->mon;
	json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (int w = -1; r->prog && w <= (int)r->prog->nsteps; w++) {
		struct monitor_span s;

		if (!verdict_mon_span(r->data, &r->v.th, w, w < 0, &s))
			continue;
		for (unsigned f = 0; f < BC_MON_COUNT; f++) {
			const struct monitor_fv *x = &s.f[f];

			if (isfinite(x->v) && x->v > 0 && x->t_ns)
				json_object_array_add(a,
						      moment(bc_enum_name(BC_E_MON, f), w, x->v, x->cpu,
							     x->pid, ((double)x->t_ns - (double)t0) / 1e6));
		}
	}
	json_object_object_add(o, "findings", a);
	json_object_object_add(o, "first_violation",
			       m->violated
				       ? moment(m->first.what, -1, (double)m->first.value, (int)m->first.cpu,
						m->first.pid, ((double)m->first.t_ns - (double)t0) / 1e6)
				       : NULL);
	return o;
}

void run_json_view(json_object *o, const struct run_result *r)
{
	const struct run_data *d = r->data;
	char *out = run_print_failure(r);
	uint64_t t0 = d ? run_json_mon_t0(d) : 0;
	int start = d ? mark_of(d, "start") : -1;

	json_object_object_add(o, "output", out ? json_object_new_string(out) : NULL);
	free(out);
	if (!d)
		return;
	json_object_object_add(o, "steps", steps(d, t0));
	json_object_object_add(o, "cpu_topology", topology(&d->obs));
	json_object_object_add(o, "workers", workers(d, start));
	json_object_object_add(o, "windows", windows(d, r->prog, t0));
	json_object_object_add(o, "moments",
			       d->mon && d->mon->state == MONITOR_ATTACHED ? moments(r, t0) : NULL);
	json_object_object_add(o, "baseline", r->base ? run_json_cgroups(r->prog, r->base) : NULL);
}
