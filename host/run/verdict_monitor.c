/* The monitor's side of a verdict: findings per step aligned to the guest's
 * step markers, `monitor clean`, and the default monitor checks. Which
 * checks apply: no stall always; imbalance when the scenario confines no
 * cgroup to some CPUs (then imbalance is the point); runnable wait and DSQ
 * depth while a sched_ext scheduler is enabled. doc/monitor.md. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "host/run/verdict.h"
#include "interp/bc.h"

enum { CHECK_ALWAYS, CHECK_SCX, CHECK_SPREAD };

static const struct {
	unsigned f;
	int when;
} checks[] = {
	{ BC_MON_stalls, CHECK_ALWAYS },
	{ BC_MON_max_runnable_wait, CHECK_SCX },
	{ BC_MON_max_dsq_depth, CHECK_SCX },
	{ BC_MON_imbalance, CHECK_SPREAD },
};

static int find_mark(const struct run_data *d, const char *name)
{
	for (unsigned i = 0; i < d->nmarks; i++)
		if (!strcmp(d->mark[i].name, name))
			return (int)i;
	return -1;
}

/* Host time of the marker that opens window w (nsteps + 1: "end"). */
static bool mark_at(const struct run_data *d, unsigned w, unsigned nsteps, uint64_t *t)
{
	char name[32];
	int i;

	if (w == 0)
		snprintf(name, sizeof(name), "start");
	else if (w > nsteps)
		snprintf(name, sizeof(name), "end");
	else
		snprintf(name, sizeof(name), "step %u", w);
	if ((i = find_mark(d, name)) < 0)
		return false;
	*t = d->mark_host_ns[i];
	return true;
}

static unsigned nsteps_of(const struct run_data *d)
{
	unsigned n = 0;

	for (unsigned i = 0; i < d->nmarks; i++)
		if (!strncmp(d->mark[i].name, "step ", 5) && d->mark[i].step > n)
			n = d->mark[i].step;
	return n;
}

bool verdict_mon_span(const struct run_data *d, const struct verdict_thresholds *t, int w, bool trim,
		      struct monitor_span *out)
{
	unsigned n = nsteps_of(d);
	uint64_t t0, t1 = UINT64_MAX;

	if (!d->mon || !mark_at(d, w < 0 ? 0 : (unsigned)w, n, &t0))
		return false;
	/* a run that ended early is judged up to its last sample */
	mark_at(d, w < 0 ? n + 1 : (unsigned)w + 1, n, &t1);
	if (trim)
		t0 += t->mon.warmup_ns;
	monitor_find_span(d->mon, &t->mon, t0, t1 > t0 ? t1 : t0, out);
	return true;
}

static bool saw_scx(const struct monitor *m, const struct monitor_span *s, uint64_t *watchdog)
{
	bool any = false;

	for (unsigned i = s->first; i < s->last; i++)
		if (m->s[i].valid & SAMPLE_G_ENABLE_STATE && m->s[i].enable_state == 1) {
			any = true;
			if (m->s[i].valid & SAMPLE_G_WATCHDOG)
				*watchdog = m->s[i].watchdog_timeout;
		}
	return any;
}

static bool applies(int when, const struct bc_prog *p, const struct monitor *m, bool scx)
{
	return when == CHECK_ALWAYS || (when == CHECK_SCX && scx) ||
	       (when == CHECK_SPREAD && m->ncpus >= 2 && !verdict_has_cpusets(p));
}

static double limit_of(unsigned f, const struct verdict_thresholds *t, const struct monitor *m,
		       uint64_t watchdog)
{
	switch (f) {
	case BC_MON_max_runnable_wait:
		return (double)monitor_limits_wait(&t->mon, watchdog, m->cfg.kernel_hz);
	case BC_MON_max_dsq_depth: return t->mon.dsq;
	case BC_MON_imbalance: return t->mon.imbalance;
	default: return 0;
	}
}

/* Like monitor_find_why, always into why. */
static bool unavailable(const struct monitor *m, unsigned f, char *why, size_t len)
{
	const char *w = monitor_find_why(m, f, why, len);

	if (w && w != why)
		snprintf(why, len, "%s", w);
	return w != NULL;
}

/* "CPU 3: ..., 2.41 s after the start, task 812 (spin)" */
static void detail(char *b, size_t n, const struct run_data *d, const struct monitor_fv *f)
{
	const char *comm = f->pid > 0 && d->mon->ctx ? sample_names_get(&d->mon->ctx->names, f->pid) : NULL;
	uint64_t t0 = 0;
	int len;

	mark_at(d, 0, 0, &t0);
	len = snprintf(b, n, "%s%s%.2f s after the start", f->where, f->where[0] ? ", " : "",
		       f->t_ns > t0 ? (double)(f->t_ns - t0) / 1e9 : 0.0);
	if (f->pid > 0 && len > 0 && (size_t)len < n)
		snprintf(b + len, n - (size_t)len, ", task %d (%s)", (int)f->pid, comm ? comm : "?");
}

/* `monitor clean`: 1 when every check that applies held, 0 when one did
 * not, NaN (why) when one could not be judged. */
static double clean(const struct run_data *d, const struct bc_prog *p, const struct verdict_thresholds *t,
		    char *why, size_t len)
{
	struct monitor_span s;
	uint64_t watchdog = 0;
	bool scx, ok = true;

	if (unavailable(d->mon, BC_MON_samples, why, len))
		return NAN;
	if (!verdict_mon_span(d, t, -1, true, &s)) {
		snprintf(why, len, "the run never reached its start marker");
		return NAN;
	}
	scx = saw_scx(d->mon, &s, &watchdog);
	for (unsigned i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		const struct monitor_fv *f = &s.f[checks[i].f];

		if (!applies(checks[i].when, p, d->mon, scx))
			continue;
		if (unavailable(d->mon, checks[i].f, why, len))
			return NAN;
		if (isnan(f->sus)) {
			snprintf(why, len, "no monitor sample during the run");
			return NAN;
		}
		ok &= f->sus <= limit_of(checks[i].f, t, d->mon, watchdog);
	}
	return ok;
}

double verdict_mon_value(const struct run_data *d, const struct bc_prog *p,
			 const struct verdict_thresholds *t, int f, unsigned step, char *why, size_t len)
{
	struct monitor_span s;

	if (f < 0)
		return clean(d, p, t, why, len);
	if (unavailable(d->mon, (unsigned)f, why, len))
		return NAN;
	if (!verdict_mon_span(d, t, step == BC_NONE ? -1 : (int)step + 1, false, &s)) {
		snprintf(why, len, "the run never reached %s", step == BC_NONE ? "its start" : "that step");
		return NAN;
	}
	if (isnan(s.f[f].v))
		snprintf(why, len, "no monitor sample during %s", step == BC_NONE ? "the run" : "that step");
	return s.f[f].v;
}

static void judge(struct verdict *v, const struct bc_prog *p, const struct run_data *d,
		  const struct monitor_span *s)
{
	uint64_t watchdog = 0;
	bool scx = saw_scx(d->mon, s, &watchdog);
	char why[300], name[64], det[256];

	for (unsigned i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		unsigned f = checks[i].f;
		const struct monitor_fv *x = &s->f[f];
		double lim = limit_of(f, &v->th, d->mon, watchdog);

		if (!applies(checks[i].when, p, d->mon, scx) || unavailable(d->mon, f, why, sizeof(why)) ||
		    isnan(x->sus))
			continue;
		snprintf(name, sizeof(name), "monitor.%s", bc_enum_name(BC_E_MON, f));
		detail(det, sizeof(det), d, x);
		verdict_add(v, x->sus <= lim ? V_PASS : V_FAIL, false, name, x->sus, lim,
			    bc_mon_unit[f] == 'd' ? 'd' : 'n', x->sus <= lim ? "" : det);
	}
}

void verdict_monitor(struct verdict *v, const struct bc_prog *p, const struct interp_meta *m,
		     const struct run_data *d)
{
	struct monitor_span s;
	char why[300];

	if (m->expect_fail || !(d->sr.enabled || d->sr.enabled_ms >= 0))
		return; /* judged automatically under a sched_ext scheduler only */
	if (unavailable(d->mon, BC_MON_samples, why, sizeof(why)))
		;
	else if (!verdict_mon_span(d, &v->th, -1, true, &s))
		snprintf(why, sizeof(why), "the run never reached its start marker");
	else {
		judge(v, p, d, &s);
		return;
	}
	/* not a verdict: the run is judged as it was before the monitor */
	verdict_add(v, V_SKIP, false, "monitor", NAN, NAN, 'n', why);
}
