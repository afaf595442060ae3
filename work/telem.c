#include "work/telem.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/syscall.h>

#include "work/sys.h"

static uint64_t thread_cpu_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

void telem_init(struct telem *t)
{
	memset(t, 0, sizeof(*t));
	t->cpu = t->max_gap_cpu = t->max_gap_from_cpu = -1;
}

void telem_begin(struct telem *t)
{
	procstat_sample_take(getpid(), (pid_t)syscall(SYS_gettid), &t->s0);
	/* the CPU-time interval nests inside the wall interval: cpu <= wall */
	t->t_start = t->t_last = sys_now_ns();
	t->cpu_clock0 = thread_cpu_ns();
	__atomic_store_n(&t->state, TELEM_RUNNING, __ATOMIC_RELEASE);
}

void telem_end(struct telem *t)
{
	t->cpu_ns = thread_cpu_ns() - t->cpu_clock0;
	t->t_end = sys_now_ns();
	procstat_sample_take(getpid(), (pid_t)syscall(SYS_gettid), &t->s1);
	if (__atomic_load_n(&t->state, __ATOMIC_ACQUIRE) == TELEM_RUNNING)
		__atomic_store_n(&t->state, TELEM_DONE, __ATOMIC_RELEASE);
}

void telem_end_outside(struct telem *t, uint64_t now)
{
	if (t->t_end || !t->t_start)
		return;
	t->t_end = now;
	if (procstat_sample_take(t->pid, t->tid, &t->s1) == 0) {
		/* best CPU-time source from outside: schedstat run time, else ticks */
		if (t->s0.have & t->s1.have & PROCSTAT_HAVE_RUN)
			t->cpu_ns = t->s1.run_ns - t->s0.run_ns;
		else if (t->s0.have & t->s1.have & PROCSTAT_HAVE_TICKS)
			t->cpu_ns = t->s1.cpu_ticks_ns - t->s0.cpu_ticks_ns;
	}
}

void telem_fail(struct telem *t, int err, const char *fmt, ...)
{
	va_list ap;

	t->err = err;
	va_start(ap, fmt);
	vsnprintf(t->msg, sizeof(t->msg), fmt, ap);
	va_end(ap);
	__atomic_store_n(&t->state, TELEM_FAILED, __ATOMIC_RELEASE);
}

static const char *state_name(uint32_t s, const struct telem *t)
{
	switch (s) {
	case TELEM_DONE: return "done";
	case TELEM_FAILED: return "failed";
	case TELEM_RUNNING: return "unfinished"; /* stopped, stuck or killed mid-run */
	case TELEM_READY: return "never_started";
	default: return t->pid ? "never_ready" : "never_forked";
	}
}

void telem_report(const struct telem *t, struct telem_report *r)
{
	unsigned both = t->s0.have & t->s1.have;

	memset(r, 0, sizeof(*r));
	r->state = state_name(__atomic_load_n(&t->state, __ATOMIC_ACQUIRE), t);
	r->units = t->units;
	r->iters = t->iters;
	r->aux = t->aux;
	r->start_ns = t->t_start;
	r->end_ns = t->t_end;
	r->last_ns = t->iters ? t->t_last : 0;
	r->wall_ns = t->t_end > t->t_start ? t->t_end - t->t_start : 0;
	r->cpu_ns = t->cpu_ns;
	r->max_gap_ns = t->max_gap;
	r->max_gap_at_ns = t->max_gap_at;
	r->max_gap_cpu = t->max_gap_cpu;
	r->max_gap_from_cpu = t->max_gap_from_cpu;
	r->wake_n = t->wake.n;
	r->wake_p50 = hist_pct(&t->wake, 500);
	r->wake_p90 = hist_pct(&t->wake, 900);
	r->wake_p99 = hist_pct(&t->wake, 990);
	r->wake_max = t->wake.max;
	r->cpus = t->cpus;
	r->migrations = t->migrations;
	r->have = both & (PROCSTAT_HAVE_CSW | PROCSTAT_HAVE_RUN | PROCSTAT_HAVE_MIGR);
	if (both & PROCSTAT_HAVE_CSW) {
		r->vcsw = t->s1.vcsw - t->s0.vcsw;
		r->ivcsw = t->s1.ivcsw - t->s0.ivcsw;
	}
	if (both & PROCSTAT_HAVE_RUN) {
		r->run_delay_ns = t->s1.wait_ns - t->s0.wait_ns;
		r->slices = t->s1.slices - t->s0.slices;
	}
	if (both & PROCSTAT_HAVE_MIGR)
		r->nr_migrations = t->s1.nr_migrations - t->s0.nr_migrations;
	r->err = t->err;
	r->msg = t->msg;
}
