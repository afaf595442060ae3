/* Findings over hand-made sample series: stalls and the vCPU correction,
 * sustained waits against one-sample peaks, imbalance, scheduler exits,
 * spans, and an unreadable guest. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host/monitor/monitor_find.h"
#include "tests/unit/tu.h"

#define NS   200 /* samples, 10 ms apart: 2 s */
#define NCPU 2
#define MS   1000000ull

struct series {
	struct monitor m;
	struct layout l;
	struct monitor_limits lim;
};

/* Two busy CPUs, one task each, clocks advancing, sched_ext enabled. */
static struct series *series_new(void)
{
	struct series *s = calloc(1, sizeof(*s));

	s->m.cfg.l = &s->l, s->m.cfg.kernel_hz = 1000, s->m.cfg.hz = 100;
	s->m.state = MONITOR_ATTACHED, s->m.ncpus = NCPU, s->m.n = s->m.cap = NS;
	s->m.s = calloc(NS, sizeof(*s->m.s));
	s->m.cpu = calloc(NS * NCPU, sizeof(*s->m.cpu));
	s->m.vt = calloc(NS * NCPU, sizeof(*s->m.vt));
	s->m.nvcpu_threads = NCPU;
	for (unsigned i = 0; i < NS; i++) {
		s->m.s[i] = (struct sample){ .t_ns = (i + 1) * 10 * MS,
					     .jiffies = 1000 + i * 10,
					     .enable_state = 1,
					     .valid = SAMPLE_G_JIFFIES | SAMPLE_G_ENABLE_STATE |
						      SAMPLE_G_EXIT_KIND };
		s->m.s[i].exit_kind = 1; /* SCX_EXIT_DONE: what a guest reads before any scheduler */
		for (unsigned c = 0; c < NCPU; c++)
			s->m.cpu[i * NCPU + c] = (struct sample_cpu){
				.clock = i * 10 * MS,
				.nr_running = 1,
				.scx_nr_running = 1,
				.curr_pid = 100 + (int)c,
				.waiter_pid = -1,
				.flags = SAMPLE_CPU_RQ | SAMPLE_CPU_SCX | SAMPLE_CPU_CURR | SAMPLE_CPU_WAIT
			};
	}
	monitor_limits_default(&s->lim, false);
	return s;
}

static void series_free(struct series *s)
{
	monitor_free(&s->m);
	free(s);
}

static struct sample_cpu *at(struct series *s, unsigned i, unsigned c)
{
	return &s->m.cpu[i * NCPU + c];
}

static void whole(struct series *s, struct monitor_span *o)
{
	monitor_find_span(&s->m, &s->lim, 0, UINT64_MAX, o);
}

TU_TEST(monitor_find_quiet_run_finds_nothing)
{
	struct series *s = series_new();
	struct monitor_span o;

	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_samples].v, NS);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 0);
	TU_EQ_INT(o.f[BC_MON_max_rq_len].v, 1);
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].v, 0);
	TU_EQ_INT(o.f[BC_MON_imbalance].v, 1);
	TU_EQ_INT(o.f[BC_MON_scx_exits].v, 0); /* exit kind DONE throughout is no exit */
	TU_EQ_INT(o.f[BC_MON_idle_while_runnable].v, 0);
	series_free(s);
}

/* CPU 1 idle with a queued task and a still clock from sample 50 on. */
static void stall_cpu1(struct series *s)
{
	for (unsigned i = 50; i < NS; i++) {
		*at(s, i, 1) = (struct sample_cpu){ .clock = 50 * 10 * MS,
						    .nr_running = 1,
						    .curr_pid = 0,
						    .waiter_pid = 300,
						    .runnable = 1,
						    .max_wait = (i - 50) * 10,
						    .flags = SAMPLE_CPU_RQ | SAMPLE_CPU_SCX |
							     SAMPLE_CPU_CURR | SAMPLE_CPU_IDLE |
							     SAMPLE_CPU_WAIT };
	}
}

TU_TEST(monitor_find_stall_is_a_still_clock_with_queued_work)
{
	struct series *s = series_new();
	struct monitor_span o;

	stall_cpu1(s);
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 1);
	TU_EQ_INT(o.f[BC_MON_stalls].cpu, 1);
	TU_EQ_INT(o.f[BC_MON_stalls].pid, 300);
	/* the wait grew to 1.49 s; held over 3 samples it is 1.47 s */
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].peak / MS, 1490);
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].v / MS, 1470);
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].pid, 300);
	series_free(s);
}

TU_TEST(monitor_find_host_descheduling_is_not_a_stall)
{
	struct series *s = series_new();
	struct monitor_span o;

	stall_cpu1(s);
	/* the vCPU waited for a host core the whole time: nothing the guest did */
	for (unsigned i = 0; i < NS; i++)
		s->m.vt[i * NCPU + 1].delay_ns = (i + 1) * 10 * MS;
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 0);
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].v, 0);
	/* and without vCPU times there is no correction */
	s->m.nvcpu_threads = 0;
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 1);
	series_free(s);
}

TU_TEST(monitor_find_late_accounted_host_wait_is_not_a_stall)
{
	struct series *s = series_new();
	struct monitor_span o;

	/* CPU 1's clock stands still from sample 50 to 179 (1.3 s) while its
	 * vCPU waits for a host core; the host adds that wait to schedstat
	 * only once the thread runs again, which is when the clock moves */
	stall_cpu1(s);
	for (unsigned i = 180; i < NS; i++)
		at(s, i, 1)->clock = i * 10 * MS, at(s, i, 1)->curr_pid = 301,
			 at(s, i, 1)->flags &= ~SAMPLE_CPU_IDLE;
	for (unsigned i = 182; i < NS; i++)
		s->m.vt[i * NCPU + 1].delay_ns = 1300 * MS;
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 0);
	/* the same episode with the wait accounted later than the lag is one */
	for (unsigned i = 182; i < NS; i++)
		s->m.vt[i * NCPU + 1].delay_ns = i < 195 ? 0 : 1300 * MS;
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 1);
	TU_CHECK(o.f[BC_MON_stalls].t_ns == s->m.s[50].t_ns);
	series_free(s);
}

TU_TEST(monitor_find_idle_cpu_with_nothing_queued_is_fine)
{
	struct series *s = series_new();
	struct monitor_span o;

	stall_cpu1(s);
	for (unsigned i = 50; i < NS; i++)
		at(s, i, 1)->nr_running = 0, at(s, i, 1)->max_wait = 0, at(s, i, 1)->runnable = 0;
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 0);
	series_free(s);
}

TU_TEST(monitor_find_one_sample_peak_is_not_sustained)
{
	struct series *s = series_new();
	struct monitor_span o;

	at(s, 100, 0)->max_wait = 900; /* a fresh fork's first wait counts from its fork */
	at(s, 120, 0)->local_dsq_nr = 50;
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].peak / MS, 900);
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].v, 0);
	TU_EQ_INT(o.f[BC_MON_max_dsq_depth].peak, 50);
	TU_EQ_INT(o.f[BC_MON_max_dsq_depth].v, 0);
	series_free(s);
}

TU_TEST(monitor_find_imbalance_and_idle_while_runnable)
{
	struct series *s = series_new();
	struct monitor_span o;

	for (unsigned i = 10; i < 20; i++) {
		at(s, i, 0)->nr_running = 4;
		at(s, i, 1)->nr_running = 0, at(s, i, 1)->flags |= SAMPLE_CPU_IDLE;
	}
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_imbalance].v, 4);
	TU_EQ_INT(o.f[BC_MON_imbalance].cpu, 0);
	TU_EQ_INT(o.f[BC_MON_idle_while_runnable].v / MS, 100);
	TU_EQ_INT(o.f[BC_MON_max_rq_len].v, 4);
	series_free(s);
}

TU_TEST(monitor_find_scx_exits_count_error_and_unregister_kinds)
{
	struct series *s = series_new();
	struct monitor_span o;

	for (unsigned i = 0; i < NS; i++)
		s->m.s[i].exit_kind = i < 80 ? 0 : i < 120 ? 1026 : i < 150 ? 0 : 64;
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_scx_exits].v, 2);
	/* a span sees the exits that began inside it */
	monitor_find_span(&s->m, &s->lim, 90 * 10 * MS, UINT64_MAX, &o);
	TU_EQ_INT(o.f[BC_MON_scx_exits].v, 1);
	TU_EQ_INT(o.f[BC_MON_samples].v, NS - 89);
	series_free(s);
}

TU_TEST(monitor_find_waits_count_only_while_enabled)
{
	struct series *s = series_new();
	struct monitor_span o;

	stall_cpu1(s);
	for (unsigned i = 0; i < NS; i++)
		s->m.s[i].enable_state = 3; /* SCX_OPS_DISABLED */
	whole(s, &o);
	TU_EQ_INT(o.f[BC_MON_max_runnable_wait].v, 0);
	TU_EQ_INT(o.f[BC_MON_stalls].v, 1); /* a stall is one under any scheduler */
	series_free(s);
}

TU_TEST(monitor_find_unread_guest_is_unknown)
{
	struct series *s = series_new();
	struct monitor_span o;
	char why[300];

	s->m.state = MONITOR_WAITING;
	snprintf(s->m.why, sizeof(s->m.why), "CPU 0's runqueue says it belongs to CPU 7");
	whole(s, &o);
	TU_CHECK(isnan(o.f[BC_MON_samples].v));
	TU_CHECK(isnan(o.f[BC_MON_stalls].v));
	TU_EQ_STR(monitor_find_why(&s->m, BC_MON_stalls, why, sizeof(why)),
		  "the monitor could not read the guest: CPU 0's runqueue says it belongs to CPU 7");
	s->m.state = MONITOR_ATTACHED;
	s->l.unavailable = LU(STALLS);
	TU_CHECK(monitor_find_why(&s->m, BC_MON_stalls, why, sizeof(why)) != NULL);
	TU_CHECK(monitor_find_why(&s->m, BC_MON_imbalance, why, sizeof(why)) == NULL);
	TU_EQ_STR(monitor_find_why(NULL, BC_MON_stalls, why, sizeof(why)),
		  "the monitor was off (--no-monitor)");
	/* an empty span has samples 0 and nothing else */
	monitor_find_span(&s->m, &s->lim, 1, 2, &o);
	TU_EQ_INT(o.f[BC_MON_samples].v, 0);
	TU_CHECK(isnan(o.f[BC_MON_max_rq_len].v));
	series_free(s);
}
