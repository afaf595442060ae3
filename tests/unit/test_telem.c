/* work/hist.c, work/telem.c, work/procstat.c: percentiles, gaps, /proc parsing. */
#include <stdlib.h>
#include <unistd.h>

#include "work/hist.h"
#include "work/procstat.h"
#include "work/telem.h"
#include "tests/unit/tu.h"

TU_TEST(hist_buckets_cover_and_bound_the_error)
{
	uint64_t v[] = { 0, 1, 7, 8, 9, 15, 16, 17, 1000, 123456789, UINT64_MAX / 3, UINT64_MAX };

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		unsigned b = hist_bucket(v[i]);
		uint64_t hi = hist_bucket_high(b);

		TU_CHECK(b < HIST_BUCKETS);
		TU_CHECK(hi >= v[i]);
		/* upper bound at most 1/8 above the value (exact below 16) */
		TU_CHECK(hi - v[i] <= v[i] / 8);
		if (b > 0)
			TU_CHECK(hist_bucket_high(b - 1) < v[i]);
	}
	TU_EQ_INT(hist_bucket(UINT64_MAX), HIST_BUCKETS - 1);
}

TU_TEST(hist_percentiles_nearest_rank_and_ordered)
{
	struct hist *h = calloc(1, sizeof(*h));

	TU_EQ_INT(hist_pct(h, 500), 0);
	for (uint64_t i = 1; i <= 100; i++)
		hist_add(h, i * 1000); /* 1 us .. 100 us */
	TU_EQ_INT(h->n, 100);
	TU_EQ_INT(h->max, 100000);
	/* p50 is 50 us, reported as its bucket's top: within +12.5% */
	TU_CHECK(hist_pct(h, 500) >= 50000 && hist_pct(h, 500) <= 56250);
	TU_CHECK(hist_pct(h, 990) >= 99000 && hist_pct(h, 990) <= 100000);
	TU_EQ_INT(hist_pct(h, 1000), 100000); /* clamped to the largest seen */
	TU_CHECK(hist_pct(h, 500) <= hist_pct(h, 900));
	TU_CHECK(hist_pct(h, 900) <= hist_pct(h, 990));
	/* one outlier among many: p99 ignores it, max does not */
	memset(h, 0, sizeof(*h));
	for (int i = 0; i < 999; i++)
		hist_add(h, 10);
	hist_add(h, 5000000);
	TU_EQ_INT(hist_pct(h, 990), 10);
	TU_EQ_INT(hist_pct(h, 1000), 5000000);
	free(h);
}

TU_TEST(telem_gap_cpu_and_wake)
{
	struct telem *t = calloc(1, sizeof(*t));
	struct telem_report r;

	telem_init(t);
	t->t_start = t->t_last = 1000;
	t->state = TELEM_RUNNING;
	telem_tick(t, 1100, 1);
	telem_tick(t, 1300, 2);
	telem_tick(t, 9300, 1); /* the 8000 ns gap */
	telem_tick(t, 9400, 1);
	telem_woke(t, 50000, 49000); /* slept 40 us, ran 1 us late: not a gap */
	telem_tick(t, 50100, 1);
	t->t_end = 60000;
	TU_EQ_INT(t->units, 6);
	TU_EQ_INT(t->iters, 5);
	TU_EQ_INT(t->max_gap, 8000);
	TU_EQ_INT(t->max_gap_at, 9300);
	TU_CHECK(t->max_gap_cpu >= 0 && cpuset_has(&t->cpus, (unsigned)t->max_gap_cpu));
	TU_EQ_INT(t->wake.n, 1);
	telem_report(t, &r);
	TU_EQ_STR(r.state, "unfinished");
	TU_EQ_INT(r.wall_ns, 59000);
	TU_EQ_INT(r.last_ns, 50100);
	TU_EQ_INT(r.wake_max, 1000);
	TU_CHECK(r.wake_p50 <= r.wake_p90 && r.wake_p90 <= r.wake_p99 && r.wake_p99 <= r.wake_max);
	free(t);
}

TU_TEST(procstat_parsers)
{
	struct procstat_sample s = { 0 };

	procstat_parse_status("Name:\tx\nvoluntary_ctxt_switches:\t12\nnonvoluntary_ctxt_switches:\t3\n", &s);
	TU_CHECK(s.have & PROCSTAT_HAVE_CSW);
	TU_EQ_INT(s.vcsw, 12);
	TU_EQ_INT(s.ivcsw, 3);
	procstat_parse_schedstat("123456 789 10\n", &s);
	TU_CHECK(s.have & PROCSTAT_HAVE_RUN);
	TU_EQ_INT(s.run_ns, 123456);
	TU_EQ_INT(s.wait_ns, 789);
	procstat_parse_sched(
		"spin (42, #threads: 1)\n---\nse.exec_start  :  1.0\nse.nr_migrations                 "
		"            :                    7\n",
		&s);
	TU_CHECK(s.have & PROCSTAT_HAVE_MIGR);
	TU_EQ_INT(s.nr_migrations, 7);
	/* a comm with ") " inside must not shift the fields */
	procstat_parse_stat("42 (a) b) R 1 42 42 0 -1 4194560 10 0 0 0 250 50 0 0 20 0 1 0\n", 100, &s);
	TU_CHECK(s.have & PROCSTAT_HAVE_TICKS);
	TU_EQ_INT(s.cpu_ticks_ns, 3000000000ull);

	memset(&s, 0, sizeof(s));
	procstat_parse_status("voluntary_ctxt_switches:\tx\n", &s);
	procstat_parse_schedstat("garbage", &s);
	procstat_parse_sched("se.nr_migrations : -1\n", &s);
	TU_EQ_INT(s.have, 0);
	/* the live reader sees this thread */
	TU_EQ_INT(procstat_sample_take(getpid(), getpid(), &s), 0);
	TU_CHECK(s.have & PROCSTAT_HAVE_CSW);
	TU_CHECK(procstat_sample_take(999999999, 999999999, &s) < 0);
}
