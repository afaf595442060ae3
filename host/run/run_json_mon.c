/* The monitor in the JSON result: what it read, its findings per step, and
 * the samples per CPU as one array per field (compact, and what a per-CPU
 * timeline plots), with each sample's host time from the start marker and
 * its window (doc/verdicts.md). */
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "host/run/run_report.h"
#include "interp/bc.h"

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL;
}

static json_object *findings(const struct run_result *r, int w)
{
	struct monitor_span s;
	json_object *o, *peak;

	if (!verdict_mon_span(r->data, &r->v.th, w, false, &s))
		return NULL;
	o = json_object_new_object();
	peak = json_object_new_object();
	for (unsigned f = 0; f < BC_MON_COUNT; f++) {
		json_object_object_add(o, bc_enum_name(BC_E_MON, f), num(s.f[f].v));
		json_object_object_add(peak, bc_enum_name(BC_E_MON, f), num(s.f[f].peak));
	}
	json_object_object_add(o, "peak", peak);
	return o;
}

/* Window of each sample: -1 before "start", 0 the settle time, k step k,
 * nsteps + 1 after "end". */
static int window(const struct run_data *d, uint64_t t)
{
	int w = -1;

	for (unsigned i = 0; i < d->nmarks; i++) {
		if (d->mark_host_ns[i] > t)
			break;
		if (!strcmp(d->mark[i].name, "start"))
			w = 0;
		else if (!strncmp(d->mark[i].name, "step ", 5) || !strcmp(d->mark[i].name, "end"))
			w = (int)d->mark[i].step;
	}
	return w;
}

enum { F_NR, F_SCX_NR, F_DSQ, F_RUNNABLE, F_WAIT, F_CURR, F_IDLE, F_LOST, F_COUNT };
static const char *const fields[F_COUNT] = { "nr_running", "scx_nr_running", "local_dsq", "runnable",
					     "wait_ms",	   "curr_pid",	     "idle",	  "host_lost_ms" };

static json_object *field(const struct monitor *m, unsigned i, unsigned c, int f)
{
	const struct sample_cpu *s = monitor_cpu(m, i, c);

	switch (f) {
	case F_NR: return s->flags & SAMPLE_CPU_RQ ? json_object_new_int64(s->nr_running) : NULL;
	case F_SCX_NR: return s->flags & SAMPLE_CPU_SCX ? json_object_new_int64(s->scx_nr_running) : NULL;
	case F_DSQ: return s->flags & SAMPLE_CPU_SCX ? json_object_new_int64(s->local_dsq_nr) : NULL;
	case F_RUNNABLE: return s->flags & SAMPLE_CPU_WAIT ? json_object_new_int64(s->runnable) : NULL;
	case F_WAIT:
		return s->flags & SAMPLE_CPU_WAIT
			       ? json_object_new_double(round((double)monitor_wait_ns(m, i, c) / 1e5) / 10)
			       : NULL;
	case F_CURR: return s->flags & SAMPLE_CPU_CURR ? json_object_new_int64(s->curr_pid) : NULL;
	case F_IDLE:
		return s->flags & SAMPLE_CPU_CURR ? json_object_new_int(!!(s->flags & SAMPLE_CPU_IDLE))
						  : NULL;
	default:
		return m->nvcpu_threads && i
			       ? json_object_new_double(round((double)monitor_lost_ns(m, i - 1, i, c) / 1e5) /
							10)
			       : NULL;
	}
}

static json_object *cpus(const struct monitor *m)
{
	json_object *a = json_object_new_array();

	for (unsigned c = 0; c < m->ncpus; c++) {
		json_object *o = json_object_new_object();

		json_object_object_add(o, "cpu", json_object_new_int((int)c));
		for (int f = 0; f < F_COUNT; f++) {
			json_object *v = json_object_new_array_ext((int)m->n);

			for (unsigned i = 0; i < m->n; i++)
				json_object_array_add(v, field(m, i, c, f));
			json_object_object_add(o, fields[f], v);
		}
		json_object_array_add(a, o);
	}
	return a;
}

static json_object *globals(const struct run_data *d, uint64_t t0)
{
	const struct monitor *m = d->mon;
	json_object *o = json_object_new_object(), *t = json_object_new_array_ext((int)m->n),
		    *w = json_object_new_array_ext((int)m->n), *j = json_object_new_array_ext((int)m->n),
		    *st = json_object_new_array_ext((int)m->n), *ek = json_object_new_array_ext((int)m->n);

	for (unsigned i = 0; i < m->n; i++) {
		const struct sample *s = &m->s[i];

		json_object_array_add(
			t, json_object_new_double(round(((double)s->t_ns - (double)t0) / 1e5) / 10));
		json_object_array_add(w, json_object_new_int(window(d, s->t_ns)));
		json_object_array_add(
			j, s->valid & SAMPLE_G_JIFFIES ? json_object_new_int64((int64_t)s->jiffies) : NULL);
		json_object_array_add(
			st, s->valid & SAMPLE_G_ENABLE_STATE ? json_object_new_int64(s->enable_state) : NULL);
		json_object_array_add(ek, s->valid & SAMPLE_G_EXIT_KIND ? json_object_new_int64(s->exit_kind)
									: NULL);
	}
	json_object_object_add(o, "t_ms", t);
	json_object_object_add(o, "window", w);
	json_object_object_add(o, "jiffies", j);
	json_object_object_add(o, "scx_enable_state", st);
	json_object_object_add(o, "scx_exit_kind", ek);
	return o;
}

static json_object *tasks(const struct monitor *m)
{
	json_object *o = json_object_new_object();
	char pid[16];

	for (unsigned i = 0; m->ctx && i < SAMPLE_NAMES_MAX; i++)
		if (m->ctx->names.v[i].pid > 0) {
			snprintf(pid, sizeof(pid), "%d", (int)m->ctx->names.v[i].pid);
			json_object_object_add(o, pid, json_object_new_string(m->ctx->names.v[i].comm));
		}
	return o;
}

/* The first sustained violation and the dump asked for then; t0 as the
 * timeline's. */
static json_object *violation(const struct run_data *d, uint64_t t0)
{
	const struct monitor *m = d->mon;
	const struct boot_dump *b = d->mon_dump;
	const char *comm = m->first.pid > 0 ? sample_names_get(&m->ctx->names, m->first.pid) : NULL;
	json_object *o = json_object_new_object(), *dj = json_object_new_object();
	const char *st = !b || !b->id	   ? "not asked"
			 : b->id < 0	   ? "not sent"
			 : !b->answer.done ? "none came"
			 : b->answer.ok	   ? "ok"
					   : "refused";

	json_object_object_add(o, "what", json_object_new_string(m->first.what));
	json_object_object_add(o, "cpu", json_object_new_int((int)m->first.cpu));
	json_object_object_add(o, "pid", json_object_new_int(m->first.pid));
	json_object_object_add(o, "comm", comm ? json_object_new_string(comm) : NULL);
	json_object_object_add(
		o, "t_ms", json_object_new_double(round(((double)m->first.t_ns - (double)t0) / 1e5) / 10));
	json_object_object_add(o, "value_ms", json_object_new_double(round(m->first.value / 1e5) / 10));
	json_object_object_add(o, "limit_ms", json_object_new_double(round(m->first.limit / 1e5) / 10));
	json_object_object_add(dj, "state", json_object_new_string(st));
	if (b && b->id > 0) {
		double at = (double)b->asked.tv_sec * 1e9 + (double)b->asked.tv_nsec;

		json_object_object_add(dj, "asked_ms",
				       json_object_new_double(round((at - (double)t0) / 1e5) / 10));
	}
	if (b && b->answer.done)
		json_object_object_add(dj, "text",
				       json_object_new_string(b->answer.text ? b->answer.text : ""));
	json_object_object_add(o, "dump", dj);
	return o;
}

/* Where the KASLR slide came from (MONITOR_TEXT_*). */
static const char *text_from(int st)
{
	static const char *const n[] = { "waiting", "guest", "none (nokaslr assumed)",
					 "late (nokaslr assumed)", "refused" };

	return st >= 0 && st <= MONITOR_TEXT_BAD ? n[st] : "?";
}

static const char *state_name(enum monitor_state s)
{
	static const char *const n[] = { "off", "waiting", "attached", "no memory" };

	return s <= MONITOR_NO_MEMORY ? n[s] : "?";
}

uint64_t run_json_mon_t0(const struct run_data *d)
{
	for (unsigned i = 0; i < d->nmarks; i++)
		if (!strcmp(d->mark[i].name, "start"))
			return d->mark_host_ns[i];
	return d->mon ? d->mon->t_attach_ns : 0;
}

json_object *run_json_mon(const struct run_result *r)
{
	const struct run_data *d = r->data;
	const struct monitor *m = d ? d->mon : NULL;
	json_object *o, *steps;
	uint64_t t0;

	if (!m)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "state", json_object_new_string(state_name(m->state)));
	json_object_object_add(o, "why", json_object_new_string(m->why));
	json_object_object_add(o, "hz", json_object_new_int((int)m->cfg.hz));
	json_object_object_add(o, "kernel_hz", json_object_new_int((int)m->cfg.kernel_hz));
	json_object_object_add(o, "ncpus", json_object_new_int((int)m->ncpus));
	json_object_object_add(o, "samples", json_object_new_int((int)m->n));
	json_object_object_add(o, "dropped", json_object_new_int64((int64_t)m->dropped));
	json_object_object_add(o, "vcpu_times", json_object_new_boolean(m->nvcpu_threads > 0));
	json_object_object_add(o, "sample_us", num(m->n ? (double)m->busy_ns / m->n / 1e3 : NAN));
	json_object_object_add(o, "sample_cpu_us", num(m->n ? (double)m->busy_cpu_ns / m->n / 1e3 : NAN));
	json_object_object_add(o, "text_from",
			       json_object_new_string(text_from(atomic_load(&m->text_state))));
	json_object_object_add(o, "kaslr_slide", json_object_new_int64((int64_t)atomic_load(&m->slide)));
	if (m->state != MONITOR_ATTACHED)
		return o;
	json_object_object_add(o, "run", findings(r, -1));
	steps = json_object_new_array();
	for (unsigned k = 0; r->prog && k <= r->prog->nsteps; k++)
		json_object_array_add(steps, findings(r, (int)k));
	json_object_object_add(o, "windows", steps);
	t0 = run_json_mon_t0(d);
	json_object_object_add(o, "violation", m->violated ? violation(d, t0) : NULL);
	if (m->cfg.scx_watchdog_ms) {
		json_object *w = json_object_new_object();

		json_object_object_add(w, "state",
				       json_object_new_string(m->wd.state > 0 ? "written"
							      : m->wd.state   ? "failed"
									      : "not enabled"));
		json_object_object_add(w, "from", json_object_new_int64((int64_t)m->wd.from));
		json_object_object_add(w, "to", json_object_new_int64((int64_t)m->wd.to));
		json_object_object_add(
			w, "t_ms",
			json_object_new_double(round(((double)m->wd.t_ns - (double)t0) / 1e5) / 10));
		json_object_object_add(o, "scx_watchdog", w);
	}
	json_object_object_add(o, "timeline", globals(d, t0));
	json_object_object_add(o, "cpus", cpus(m));
	json_object_object_add(o, "tasks", tasks(m));
	return o;
}
