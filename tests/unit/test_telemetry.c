/* work/rec.c writes worker, step and cgroup records; host/run/telemetry.c reads
 * them back and refuses malformed or hostile ones. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/run/telemetry.h"
#include "lib/kv.h"
#include "work/rec.h"
#include "tests/unit/tu.h"

static struct telem_report sample(void)
{
	struct telem_report r = {
		.state = "done",
		.units = 1234,
		.iters = 1200,
		.aux = 3,
		.start_ns = 1000000,
		.end_ns = 401000000,
		.last_ns = 400999000,
		.wall_ns = 400000000,
		.cpu_ns = 390000000,
		.max_gap_ns = 5000000,
		.max_gap_at_ns = 200000000,
		.max_gap_cpu = 1,
		.max_gap_from_cpu = 0,
		.wake_n = 10,
		.wake_p50 = 1000,
		.wake_p90 = 2000,
		.wake_p99 = 9000,
		.wake_max = 9000,
		.migrations = 4,
		.have = PROCSTAT_HAVE_CSW | PROCSTAT_HAVE_RUN | PROCSTAT_HAVE_MIGR,
		.vcsw = 5,
		.ivcsw = 6,
		.nr_migrations = 7,
		.run_delay_ns = 8000,
		.slices = 9,
	};

	cpuset_add(&r.cpus, 0);
	cpuset_add(&r.cpus, 1);
	return r;
}

static int parse(const char *text, struct telemetry_worker *w, char *err, size_t len)
{
	return telemetry_parse_worker((const uint8_t *)text, strlen(text), w, err, len);
}

TU_TEST(telemetry_worker_round_trip)
{
	struct telem_report r = sample();
	struct rec_id id = { 7, "grp_a", "spin", 4242, "exited" };
	struct telemetry_worker *w = malloc(sizeof(*w));
	char buf[4096], err[200], why[200];
	int n = rec_worker(buf, sizeof(buf), &id, &r);
	struct kv kv;
	const char *kwhy;

	TU_CHECK(n > 0);
	TU_EQ_INT(kv_parse(&kv, buf, (size_t)n, &kwhy), 0); /* fits the kv limits */
	if (parse(buf, w, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "%s\n%s", err, buf);
		free(w);
		return;
	}
	TU_EQ_INT(w->id, 7);
	TU_EQ_STR(w->set, "grp_a");
	TU_EQ_STR(w->work, "spin");
	TU_EQ_STR(w->state, "done");
	TU_EQ_STR(w->fate, "exited");
	TU_EQ_INT(w->pid, 4242);
	TU_EQ_INT(w->units, 1234);
	TU_EQ_INT(w->wall_ns, 400000000);
	TU_EQ_INT(w->max_gap_cpu, 1);
	TU_EQ_INT(w->max_gap_from_cpu, 0);
	TU_EQ_INT(w->wake_p99_ns, 9000);
	TU_EQ_INT(cpuset_count(&w->cpus), 2);
	TU_CHECK(w->have_csw && w->have_run && w->have_migr);
	TU_EQ_INT(w->nr_migrations, 7);
	TU_EQ_INT(w->run_delay_ns, 8000);
	TU_EQ_INT(w->err, 0);
	TU_CHECK(telemetry_progressed(w));
	TU_EQ_INT(telemetry_check_plausible(w, 2, why, sizeof(why)), 0);
	/* a guest of one CPU cannot have run it on CPU 1 */
	TU_EQ_INT(telemetry_check_plausible(w, 1, why, sizeof(why)), 1);
	TU_EQ_STR(why, "ran on CPU 1 but the guest has 1");

	/* unknown /proc figures are left out, and the parser says so */
	r.have = 0;
	r.max_gap_cpu = r.max_gap_from_cpu = -1;
	r.err = -22;
	r.msg = "bad\nthing";
	n = rec_worker(buf, sizeof(buf), &id, &r);
	TU_EQ_INT(parse(buf, w, err, sizeof(err)), 0);
	TU_CHECK(!w->have_csw && !w->have_run && !w->have_migr);
	TU_EQ_INT(w->max_gap_cpu, -1);
	TU_EQ_INT(w->err, 22);
	TU_EQ_STR(w->msg, "bad thing"); /* newline cannot break the record */
	TU_EQ_INT(rec_worker(buf, 64, &id, &r), -EMSGSIZE);
	free(w);
}

/* Replace the value of key in a good record. */
static void with(char *out, size_t len, const char *key, const char *val)
{
	struct telem_report r = sample();
	struct rec_id id = { 1, "s", "spin", 10, "exited" };
	char buf[4096], *p, *nl;
	char pat[64];

	rec_worker(buf, sizeof(buf), &id, &r);
	snprintf(pat, sizeof(pat), "\n%s=", key);
	p = strstr(buf, pat);
	if (!p) {
		snprintf(out, len, "%s%s=%s\n", buf, key, val);
		return;
	}
	nl = strchr(p + 1, '\n');
	snprintf(out, len, "%.*s%s%s", (int)(p + strlen(pat) - buf), buf, val, nl);
}

TU_TEST(telemetry_worker_refuses_malformed_and_hostile)
{
	static const struct {
		const char *key, *val, *why;
	} cases[] = {
		{ "units", "-1", "field units = '-1' is not an unsigned 64-bit number" },
		{ "units", "18446744073709551616",
		  "field units = '18446744073709551616' is not an unsigned 64-bit number" },
		{ "units", "12abc", "field units = '12abc' is not an unsigned 64-bit number" },
		{ "cpus", "0-300", "field cpus missing or not a cpulist below 256" },
		{ "max_gap_cpu", "999", "field max_gap_cpu = 999 is not a CPU below 256" },
		{ "state", "pwned", "field state = 'pwned' is not a known worker state" },
		{ "set", "a\033[2Jb", "field set has a non-printable byte" },
		{ "wake_p50_ns", "99999", "wake percentiles out of order (p50 <= p90 <= p99 <= max)" },
		{ "wall_ns", "5", "wall_ns is not end_ns - start_ns" },
		{ "end_ns", "5", "end_ns before start_ns" },
		{ "pid", "99999999", "id, pid or err out of range" },
		{ "last_ns", "1", "last_ns outside the run" },
		{ "id", "1\nid=2", "worker record: key id given twice" },
	};
	struct telemetry_worker *w = malloc(sizeof(*w));
	char buf[4200], err[200], big[300];

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		with(buf, sizeof(buf), cases[i].key, cases[i].val);
		if (parse(buf, w, err, sizeof(err)) != -1)
			tu_fail(__FILE__, __LINE__, "case %s=%s accepted", cases[i].key, cases[i].val);
		else
			TU_EQ_STR(err, cases[i].why);
	}
	TU_EQ_INT(parse("units=1\n", w, err, sizeof(err)), -1);
	TU_EQ_STR(err, "field id missing");
	TU_EQ_INT(parse("id=1\nno equals\n", w, err, sizeof(err)), -1);
	TU_EQ_STR(err, "worker record: line without key=value");
	TU_EQ_INT(telemetry_parse_worker((const uint8_t *)"id=1\0x\n", 7, w, err, sizeof(err)), -1);
	TU_EQ_STR(err, "worker record: NUL byte in payload");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	with(buf, sizeof(buf), "msg", big);
	TU_EQ_INT(parse(buf, w, err, sizeof(err)), -1);
	TU_EQ_STR(err, "field msg longer than 159 bytes");
	/* consistent but implausible: CPU time far above wall time */
	with(buf, sizeof(buf), "cpu_ns", "900000000");
	TU_EQ_INT(parse(buf, w, err, sizeof(err)), 0);
	TU_EQ_INT(telemetry_check_plausible(w, 4, err, sizeof(err)), 1);
	TU_EQ_STR(err, "CPU time 900000000 ns above wall time 400000000 ns");
	free(w);
}

TU_TEST(telemetry_step_and_cgroup_records)
{
	struct telemetry_step s;
	struct telemetry_cgroup c;
	struct rec_cgroup_stat st = { .name = "kts",
				      .path = "/sys/fs/cgroup/kts/run",
				      .cpus_effective = "0-3" };
	char buf[1024], err[200];
	int n = rec_step(buf, sizeof(buf), 3, "spin", 123456789);

	TU_EQ_INT(telemetry_parse_step((const uint8_t *)buf, (size_t)n, &s, err, sizeof(err)), 0);
	TU_EQ_INT(s.step, 3);
	TU_EQ_STR(s.name, "spin");
	TU_EQ_INT(s.t_ns, 123456789);
	TU_EQ_INT(telemetry_parse_step((const uint8_t *)"step=1\nname=x\n", 14, &s, err, sizeof(err)), -1);
	TU_EQ_STR(err, "field t_ns missing");

	rec_parse_cpu_stat("usage_usec 1500\nuser_usec 1000\nsystem_usec 500\nnr_periods 4\n"
			   "nr_throttled 2\nthrottled_usec 777\nnr_bursts 0\n",
			   &st);
	TU_EQ_INT(st.usage_us, 1500);
	TU_EQ_INT(st.throttled_us, 777);
	n = rec_cgroup(buf, sizeof(buf), &st);
	TU_EQ_INT(telemetry_parse_cgroup((const uint8_t *)buf, (size_t)n, &c, err, sizeof(err)), 0);
	TU_EQ_STR(c.name, "kts");
	TU_EQ_INT(c.usage_us, 1500);
	TU_EQ_INT(c.nr_throttled, 2);
	TU_EQ_INT(cpuset_count(&c.cpus_effective), 4);
}
