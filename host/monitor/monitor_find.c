/* The findings of a span of samples. Every per-CPU figure that host
 * descheduling inflates is corrected by the vCPU's host run-queue wait
 * (monitor_lost_ns): under TCG a vCPU thread waits for a host core for tens
 * of milliseconds, which is not the guest scheduler's doing. */
#include "host/monitor/monitor_find.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "interp/bc.h"

/* enum scx_ops_enable_state and enum scx_exit_kind in 6.12 */
#define SCX_OPS_ENABLED 1
#define SCX_EXIT_UNREG	64 /* below: NONE, DONE (also the value before any scheduler) */
#define SCX_EXIT_ERROR	1024
#define SLOTS		(SAMPLE_MAX_CPUS + SAMPLE_MAX_NODES) /* CPUs, then global DSQs */

void monitor_limits_default(struct monitor_limits *l, bool emulated)
{
	/* emulation: a vCPU thread shares 2 host cores with the others, so a
	 * still clock or a wait needs to last longer before it means anything */
	*l = (struct monitor_limits){
		.stall_ns = emulated ? 1000000000ull : 250000000ull,
		.wait_ns = emulated ? 3000000000ull : 1000000000ull,
		.wait_div = 3, /* well under the watchdog, which ejects at timeout */
		.dsq = emulated ? 32 : 16,
		.imbalance = emulated ? 8 : 4,
		.warmup_ns = emulated ? 500000000ull : 100000000ull,
	};
}

uint64_t monitor_limits_wait(const struct monitor_limits *l, uint64_t watchdog, unsigned kernel_hz)
{
	uint64_t cap = watchdog && kernel_hz ? watchdog * (1000000000ull / kernel_hz) / l->wait_div : 0;

	return cap && cap < l->wait_ns ? cap : l->wait_ns;
}

/* The last MONITOR_SUSTAIN values of a slot: their minimum is what held. */
struct ring {
	double v[MONITOR_SUSTAIN];
	unsigned n;
};

static double ring_push(struct ring *r, double v)
{
	double lo = v;

	r->v[r->n++ % MONITOR_SUSTAIN] = v;
	if (r->n < MONITOR_SUSTAIN)
		return NAN;
	for (unsigned k = 0; k < MONITOR_SUSTAIN; k++)
		lo = r->v[k] < lo ? r->v[k] : lo;
	return lo;
}

static void worst(struct monitor_fv *f, double v, int cpu, int32_t pid, uint64_t t)
{
	if (!(v > f->v) && !isnan(f->v))
		return;
	f->v = v, f->cpu = cpu, f->pid = pid, f->t_ns = t;
	if (cpu >= 0)
		snprintf(f->where, sizeof(f->where), "CPU %d", cpu);
}

static void sustained(struct monitor_fv *f, double lo)
{
	if (!isnan(lo) && (isnan(f->sus) || lo > f->sus))
		f->sus = lo;
}

/* Work waiting on a CPU besides what runs there. */
static bool queued(const struct sample_cpu *c)
{
	bool idle = (c->flags & SAMPLE_CPU_CURR) && (c->flags & SAMPLE_CPU_IDLE);

	return (c->flags & SAMPLE_CPU_RQ) && c->nr_running > (idle ? 0u : 1u);
}

struct walk {
	const struct monitor *m;
	const struct monitor_limits *lim;
	struct monitor_span *o;
	struct ring r[3][SLOTS], imb;	/* waits, DSQ depths, rq lengths */
	unsigned from[SAMPLE_MAX_CPUS]; /* the sample a still clock began at */
	bool open[SAMPLE_MAX_CPUS];
};

/* Samples past a still episode's end whose vCPU times still count: the
 * host adds a thread's run-queue wait to its schedstat only when it next
 * runs (which ends the episode), and the monitor reads them every
 * MONITOR_VCPU_EVERY samples. */
#define STALL_LAG (MONITOR_VCPU_EVERY + 2)

/* CPU c's still episode, from w->from[c] to sample end: a stall when it
 * lasted the stall time less what its vCPU waited for a host core. */
static void stall_end(struct walk *w, unsigned end, unsigned c)
{
	const struct monitor *m = w->m;
	unsigned from = w->from[c], lag = end + STALL_LAG < m->n ? end + STALL_LAG : m->n - 1;
	uint64_t span = m->s[end].t_ns - m->s[from].t_ns, lost = monitor_lost_ns(m, from, lag, c);
	struct monitor_fv *f = &w->o->f[BC_MON_stalls];
	const struct sample_cpu *b = monitor_cpu(m, end, c);

	if (!w->open[c])
		return;
	w->open[c] = false;
	if (span <= lost || span - lost < w->lim->stall_ns)
		return;
	f->v = f->sus = (isnan(f->v) ? 0 : f->v) + 1;
	if (f->cpu < 0) {
		f->cpu = (int)c, f->pid = b->waiter_pid >= 0 ? b->waiter_pid : -1;
		f->t_ns = m->s[from].t_ns;
		snprintf(f->where, sizeof(f->where), "CPU %u: rq clock still with %u runnable", c,
			 b->nr_running);
	}
}

static void stall(struct walk *w, unsigned i, unsigned c)
{
	const struct sample_cpu *a = monitor_cpu(w->m, i - 1, c), *b = monitor_cpu(w->m, i, c);

	if (!(a->flags & b->flags & SAMPLE_CPU_RQ) || a->clock != b->clock || !queued(a) || !queued(b)) {
		stall_end(w, i - 1, c);
		return;
	}
	if (!w->open[c])
		w->open[c] = true, w->from[c] = i - 1;
}

static void cpus(struct walk *w, unsigned i, bool scx)
{
	const struct monitor *m = w->m;
	struct monitor_fv *f = w->o->f;
	uint64_t t = m->s[i].t_ns, dt = i > w->o->first ? t - m->s[i - 1].t_ns : 0;
	int idle = -1, busy = -1, hi = -1, lo = -1;

	for (unsigned c = 0; c < m->ncpus; c++) {
		const struct sample_cpu *sc = monitor_cpu(m, i, c);

		if (i > w->o->first)
			stall(w, i, c);
		if (!(sc->flags & SAMPLE_CPU_RQ))
			continue;
		worst(&f[BC_MON_max_rq_len], sc->nr_running, (int)c, sc->curr_pid, t);
		sustained(&f[BC_MON_max_rq_len], ring_push(&w->r[2][c], sc->nr_running));
		if (sc->flags & SAMPLE_CPU_IDLE && sc->flags & SAMPLE_CPU_CURR && !sc->nr_running)
			idle = idle < 0 ? (int)c : idle;
		if (sc->nr_running >= 2 && (busy < 0 || sc->nr_running > monitor_cpu(m, i, busy)->nr_running))
			busy = (int)c;
		if (hi < 0 || sc->nr_running > monitor_cpu(m, i, hi)->nr_running)
			hi = (int)c;
		if (lo < 0 || sc->nr_running < monitor_cpu(m, i, lo)->nr_running)
			lo = (int)c;
		if (!scx)
			continue;
		if (sc->flags & SAMPLE_CPU_WAIT) {
			double v = (double)monitor_wait_ns(m, i, c);

			worst(&f[BC_MON_max_runnable_wait], v, (int)c, sc->waiter_pid, t);
			sustained(&f[BC_MON_max_runnable_wait], ring_push(&w->r[0][c], v));
		}
		if (sc->flags & SAMPLE_CPU_SCX) {
			worst(&f[BC_MON_max_dsq_depth], sc->local_dsq_nr, (int)c, -1, t);
			sustained(&f[BC_MON_max_dsq_depth], ring_push(&w->r[1][c], sc->local_dsq_nr));
		}
	}
	if (idle >= 0 && busy >= 0) {
		struct monitor_fv *x = &f[BC_MON_idle_while_runnable];

		if (isnan(x->v) || !x->v) {
			x->cpu = idle, x->t_ns = t, x->pid = monitor_cpu(m, i, busy)->waiter_pid;
			snprintf(x->where, sizeof(x->where), "CPU %d idle while CPU %d had %u runnable", idle,
				 busy, monitor_cpu(m, i, busy)->nr_running);
		}
		x->v = x->sus = (isnan(x->v) ? 0 : x->v) + (double)dt;
	}
	if (hi >= 0 && monitor_cpu(m, i, hi)->nr_running >= 2) {
		unsigned a = monitor_cpu(m, i, hi)->nr_running, b = monitor_cpu(m, i, lo)->nr_running;
		double r = (double)a / (b ? b : 1);
		struct monitor_fv *x = &f[BC_MON_imbalance];

		if (isnan(x->v) || r > x->v) {
			worst(x, r, hi, -1, t);
			snprintf(x->where, sizeof(x->where), "CPU %d had %u runnable, CPU %d %u", hi, a, lo,
				 b);
		}
		sustained(x, ring_push(&w->imb, r));
	} else {
		ring_push(&w->imb, 1);
	}
}

static void globals(struct walk *w, unsigned i, bool scx)
{
	const struct sample *s = &w->m->s[i], *p = i ? &w->m->s[i - 1] : NULL;
	struct monitor_fv *f = w->o->f;

	if (s->valid & SAMPLE_G_EXIT_KIND && s->exit_kind >= SCX_EXIT_UNREG &&
	    (!p || (p->valid & SAMPLE_G_EXIT_KIND && p->exit_kind < SCX_EXIT_UNREG))) {
		struct monitor_fv *x = &f[BC_MON_scx_exits];

		x->v = x->sus = (isnan(x->v) ? 0 : x->v) + 1;
		x->t_ns = s->t_ns;
		snprintf(x->where, sizeof(x->where), "exit kind %u (%s)", s->exit_kind,
			 s->exit_kind >= SCX_EXIT_ERROR ? "an error" : "unregistered");
	}
	for (unsigned n = 0; scx && s->valid & SAMPLE_G_GLOBAL_DSQS && n < s->nr_nodes; n++) {
		struct monitor_fv *x = &f[BC_MON_max_dsq_depth];

		if (isnan(x->v) || s->global_dsq_nr[n] > x->v) {
			worst(x, s->global_dsq_nr[n], -1, -1, s->t_ns);
			snprintf(x->where, sizeof(x->where), "global DSQ of node %u", n);
		}
		sustained(x, ring_push(&w->r[1][SAMPLE_MAX_CPUS + n], s->global_dsq_nr[n]));
	}
}

void monitor_find_span(const struct monitor *m, const struct monitor_limits *lim, uint64_t t0, uint64_t t1,
		       struct monitor_span *out)
{
	static struct walk w; /* large; runs are judged one at a time */
	unsigned i = 0;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.m = m, w.lim = lim, w.o = out;
	out->t0 = t0, out->t1 = t1;
	for (unsigned f = 0; f < BC_MON_COUNT; f++)
		out->f[f] = (struct monitor_fv){ .v = NAN, .sus = NAN, .peak = NAN, .cpu = -1, .pid = -1 };
	while (i < m->n && m->s[i].t_ns < t0)
		i++;
	out->first = out->last = i;
	if (m->state != MONITOR_ATTACHED)
		return;
	for (; i < m->n && m->s[i].t_ns < t1; i++) {
		const struct sample *s = &m->s[i];
		bool scx = !(s->valid & SAMPLE_G_ENABLE_STATE) || s->enable_state == SCX_OPS_ENABLED;

		out->last = i + 1;
		cpus(&w, i, scx);
		globals(&w, i, scx);
	}
	for (unsigned c = 0; c < m->ncpus && out->last > out->first; c++)
		stall_end(&w, out->last - 1, c); /* still at the span's end */
	out->f[BC_MON_samples].v = out->f[BC_MON_samples].sus = out->last - out->first;
	if (out->last == out->first)
		return; /* nothing seen: every other finding stays unknown */
	/* what was read and found nothing is 0, not unknown; a peak held for
	 * fewer samples than MONITOR_SUSTAIN is noise to the operand (a fresh
	 * fork's first wait counts from its fork, for one sample) */
	for (unsigned f = 0; f < BC_MON_COUNT; f++) {
		struct monitor_fv *x = &out->f[f];
		bool held = f == BC_MON_max_rq_len || f == BC_MON_max_dsq_depth ||
			    f == BC_MON_max_runnable_wait || f == BC_MON_imbalance;

		if (isnan(x->v))
			x->v = f == BC_MON_imbalance ? 1 : 0;
		x->peak = x->v;
		if (isnan(x->sus))
			x->sus = held ? (f == BC_MON_imbalance ? 1 : 0) : x->v;
		if (held)
			x->v = x->sus;
	}
}

const char *monitor_find_why(const struct monitor *m, unsigned f, char *buf, size_t len)
{
	const char *name = bc_enum_name(BC_E_MON, f);

	if (!m)
		return "the monitor was off (--no-monitor)";
	if (m->state != MONITOR_ATTACHED) {
		snprintf(buf, len, "the monitor could not read the guest: %s", m->why);
		return buf;
	}
	for (unsigned u = 0; u < LAYOUT_USE_COUNT; u++)
		if (!strcmp(layout_use_name((enum layout_use)u), name) && m->cfg.l->unavailable & (1u << u)) {
			snprintf(buf, len,
				 "this kernel's BTF or symbols lack what %s needs (ktsrun kernel offsets)",
				 name);
			return buf;
		}
	return NULL;
}
