/* The sampling thread and the samples it keeps. */
#include "host/monitor/monitor.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static uint64_t cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

static void sleep_until(uint64_t t)
{
	struct timespec ts = { (time_t)(t / 1000000000ull), (long)(t % 1000000000ull) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

void monitor_init(struct monitor *m, const struct monitor_cfg *cfg)
{
	memset(m, 0, sizeof(*m));
	m->cfg = *cfg;
	if (!m->cfg.hz)
		m->cfg.hz = MONITOR_HZ_DEFAULT;
	if (!m->cfg.kernel_hz)
		m->cfg.kernel_hz = 1000;
	for (unsigned i = 0; i < SAMPLE_MAX_CPUS; i++)
		m->vfd[i] = -1;
	snprintf(m->why, sizeof(m->why), "the guest never said HELLO, so the monitor never started");
}

/* Room for one more sample; false when full (counted as dropped). */
static bool grow(struct monitor *m)
{
	unsigned cap = m->cap ? m->cap * 2 : 1024;
	void *s, *c, *v;

	if (m->n < m->cap)
		return true;
	if (m->cap >= MONITOR_MAX_SAMPLES)
		return false;
	cap = cap > MONITOR_MAX_SAMPLES ? MONITOR_MAX_SAMPLES : cap;
	if (!(s = realloc(m->s, cap * sizeof(*m->s))))
		return false;
	m->s = s;
	if (!(c = realloc(m->cpu, (size_t)cap * m->ncpus * sizeof(*m->cpu))))
		return false;
	m->cpu = c;
	if (!(v = realloc(m->vt, (size_t)cap * m->ncpus * sizeof(*m->vt))))
		return false;
	m->vt = v;
	m->cap = cap;
	return true;
}

uint64_t monitor_lost_ns(const struct monitor *m, unsigned a, unsigned b, unsigned c)
{
	const struct monitor_vcpu *x = monitor_vt(m, a, c), *y = monitor_vt(m, b, c);

	return x && y && y->delay_ns > x->delay_ns ? y->delay_ns - x->delay_ns : 0;
}

uint64_t monitor_wait_ns(const struct monitor *m, unsigned i, unsigned c)
{
	const struct sample_cpu *sc = monitor_cpu(m, i, c);
	uint64_t raw, t0, span, lost;
	unsigned lo = 0, hi = i;

	if (!(sc->flags & SAMPLE_CPU_WAIT) || !sc->max_wait)
		return 0;
	raw = (uint64_t)sc->max_wait * (1000000000ull / m->cfg.kernel_hz);
	if (!m->nvcpu_threads)
		return raw;
	t0 = m->s[i].t_ns > raw ? m->s[i].t_ns - raw : 0;
	while (lo < hi) { /* the last sample at or before the wait began */
		unsigned mid = (lo + hi + 1) / 2;

		if (m->s[mid].t_ns <= t0)
			lo = mid;
		else
			hi = mid - 1;
	}
	span = m->s[i].t_ns - m->s[lo].t_ns;
	lost = monitor_lost_ns(m, lo, i, c);
	if (span > raw) /* the part of the span the wait covers */
		lost = (uint64_t)((double)lost * (double)raw / (double)span);
	return raw > lost ? raw - lost : 0;
}

void monitor_violation(struct monitor *m, const struct monitor_violation *v)
{
	if (m->violated)
		return;
	m->violated = true;
	m->first = *v;
	if (m->cfg.on_violation)
		m->cfg.on_violation(m->cfg.arg, v);
}

/* The online check after sample i: a runnable wait over the limit for
 * MONITOR_SUSTAIN samples in a row on one CPU. */
static void check(struct monitor *m, unsigned i)
{
	uint64_t lim = m->cfg.wait_limit_ns,
		 wd = m->s[i].watchdog_timeout * (1000000000ull / m->cfg.kernel_hz);

	if (m->s[i].valid & SAMPLE_G_WATCHDOG && m->cfg.wait_div && wd / m->cfg.wait_div < lim)
		lim = wd / m->cfg.wait_div;
	for (unsigned c = 0; c < m->ncpus && lim && !m->violated; c++) {
		uint64_t w = monitor_wait_ns(m, i, c);

		m->wait_run[c] = w > lim ? m->wait_run[c] + 1 : 0;
		if (m->wait_run[c] >= MONITOR_SUSTAIN)
			monitor_violation(m, &(struct monitor_violation){
						     "max_runnable_wait", c, monitor_cpu(m, i, c)->waiter_pid,
						     m->s[i].t_ns, (double)w, (double)lim });
	}
}

/* The vCPU times of the samples since the last read (which carried that
 * read forward), spread linearly in host time up to read n taken at t: the
 * findings' per-interval corrections then see no 5-sample steps. */
static void fill(struct monitor *m, unsigned n, uint64_t t)
{
	unsigned p = n >= MONITOR_VCPU_EVERY ? n - MONITOR_VCPU_EVERY : 0;
	const struct monitor_vcpu *a = &m->vt[(size_t)p * m->ncpus], *b = &m->vt[(size_t)n * m->ncpus];
	uint64_t t0 = m->s[p].t_ns;

	if (n == p || t <= t0)
		return;
	for (unsigned j = p + 1; j < n; j++) {
		struct monitor_vcpu *r = &m->vt[(size_t)j * m->ncpus];
		double f = (double)(m->s[j].t_ns - t0) / (double)(t - t0);

		for (unsigned c = 0; c < m->ncpus; c++)
			if (b[c].run_ns >= a[c].run_ns && b[c].delay_ns >= a[c].delay_ns)
				r[c] = (struct monitor_vcpu){
					a[c].run_ns + (uint64_t)(f * (double)(b[c].run_ns - a[c].run_ns)),
					a[c].delay_ns +
						(uint64_t)(f * (double)(b[c].delay_ns - a[c].delay_ns))
				};
	}
}

/* SCX_OPS_ENABLED of enum scx_ops_enable_state */
#define SCX_OPS_ENABLED 1

/* --scx-watchdog, after sample s. sched_ext reads the timeout when its
 * watchdog work runs and requeues it at timeout / 2, so the new value
 * holds from the next check on. */
static void raise_watchdog(struct monitor *m, const struct sample *s)
{
	if (!m->cfg.scx_watchdog_ms || m->wd.state || !(s->valid & SAMPLE_G_WATCHDOG) ||
	    !(s->valid & SAMPLE_G_ENABLE_STATE) || s->enable_state != SCX_OPS_ENABLED)
		return;
	m->wd.from = s->watchdog_timeout;
	m->wd.to = m->cfg.scx_watchdog_ms * m->cfg.kernel_hz / 1000;
	m->wd.t_ns = now_ns();
	m->wd.state = sample_write_global(m->ctx, LS_SCX_WATCHDOG_TIMEOUT, m->wd.to) ? -1 : 1;
}

static void take(struct monitor *m)
{
	uint64_t t = now_ns(), c = cpu_ns();
	struct sample *s;

	if (!grow(m)) {
		m->dropped++;
		return;
	}
	s = &m->s[m->n];
	s->cpu = &m->cpu[(size_t)m->n * m->ncpus];
	sample_take(m->ctx, s);
	if (m->nvcpu_threads) {
		struct monitor_vcpu *row = &m->vt[(size_t)m->n * m->ncpus];

		if (m->n)
			memcpy(row, row - m->ncpus, m->ncpus * sizeof(*row));
		else
			memset(row, 0, m->ncpus * sizeof(*row));
		if (!(m->n % MONITOR_VCPU_EVERY)) {
			monitor_vcpu_read(m->vfd, m->ncpus, row);
			fill(m, m->n, s->t_ns);
		}
	}
	raise_watchdog(m, s);
	s->cpu = NULL; /* the arrays move as they grow: monitor_cpu() finds it */
	check(m, m->n++);
	m->busy_ns += now_ns() - t;
	m->busy_cpu_ns += cpu_ns() - c;
}

/* The slide to attach with; false while the guest's _text is awaited or
 * was refused (why says so). */
static bool text_slide(struct monitor *m, uint64_t *slide)
{
	int st = atomic_load(&m->text_state);

	if (st == MONITOR_TEXT_WAITING && now_ns() - m->t_start_ns < MONITOR_TEXT_WAIT_MS * 1000000ull) {
		snprintf(m->why, sizeof(m->why), "waiting for the guest's _text (its HELLO)");
		return false;
	}
	if (st == MONITOR_TEXT_WAITING &&
	    atomic_compare_exchange_strong(&m->text_state, &st, MONITOR_TEXT_LATE))
		st = MONITOR_TEXT_LATE;
	if (st == MONITOR_TEXT_BAD) {
		snprintf(m->why, sizeof(m->why), "%s", m->text_why);
		return false;
	}
	*slide = st == MONITOR_TEXT_GUEST ? atomic_load(&m->slide) : m->cfg.slide;
	return true;
}

static bool attach(struct monitor *m)
{
	uint64_t slide;

	m->attach_tries++;
	if (!text_slide(m, &slide) ||
	    sample_attach(m->ctx, m->cfg.l, &m->mem, m->cfg.vcpus, slide, m->why, sizeof(m->why)))
		return false;
	m->ncpus = m->ctx->ncpus;
	m->nvcpu_threads = monitor_vcpu_open(m->pid, m->vfd, m->ncpus);
	if (m->nvcpu_threads < m->ncpus) { /* a partial correction would judge CPUs unevenly */
		monitor_vcpu_close(m->vfd, m->ncpus);
		m->nvcpu_threads = 0;
	}
	m->t_attach_ns = now_ns();
	m->why[0] = 0;
	m->state = MONITOR_ATTACHED;
	return true;
}

static void *thread(void *arg)
{
	struct monitor *m = arg;
	uint64_t period = 1000000000ull / m->cfg.hz, next = now_ns();

	while (!atomic_load(&m->stop)) {
		if (m->state != MONITOR_ATTACHED && !attach(m)) {
			next += MONITOR_ATTACH_MS * 1000000ull;
		} else {
			take(m);
			next += period;
		}
		if (next < now_ns()) /* late (the host was busy): no burst to catch up */
			next = now_ns();
		sleep_until(next);
	}
	return NULL;
}

void monitor_watch_start(void *arg, struct vmm *vm)
{
	struct monitor *m = arg;
	const struct vmm_region *r;
	unsigned n = 0;

	m->t_start_ns = now_ns();
	if (!m->cfg.l) /* why says what is missing */
		return;
	if (vm->ops->memory(vm, &r, &n) || !n) {
		m->state = MONITOR_NO_MEMORY;
		snprintf(m->why, sizeof(m->why), "the %s backend maps no guest memory for the host",
			 vm->ops->name);
		return;
	}
	if (!(m->ctx = calloc(1, sizeof(*m->ctx)))) {
		snprintf(m->why, sizeof(m->why), "out of memory");
		return;
	}
	gmem_regions_init(&m->mem, &m->rs, r, n);
	m->pid = vm->vcpu_pid;
	m->state = MONITOR_WAITING;
	snprintf(m->why, sizeof(m->why), "the guest kernel could not be read yet");
	atomic_store(&m->stop, false);
	if (pthread_create(&m->th, NULL, thread, m)) {
		snprintf(m->why, sizeof(m->why), "cannot start the monitor thread");
		m->state = MONITOR_OFF;
		return;
	}
	m->running = true;
}

void monitor_watch_stop(void *arg)
{
	struct monitor *m = arg;

	if (!m->running)
		return;
	atomic_store(&m->stop, true);
	pthread_join(m->th, NULL);
	m->running = false;
	monitor_vcpu_close(m->vfd, SAMPLE_MAX_CPUS);
}

void monitor_free(struct monitor *m)
{
	monitor_watch_stop(m);
	free(m->s);
	free(m->cpu);
	free(m->vt);
	free(m->ctx);
	m->s = NULL, m->cpu = NULL, m->vt = NULL, m->ctx = NULL;
	m->n = m->cap = 0;
}
