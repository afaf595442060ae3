/* Payloads: the extractors on outputs captured from the real tools on a
 * Debian 12 host (tests/fixtures/payload/), the generic regex metric, the
 * reassembly of REC_PAYLOAD chunks, how a status reads, and the check-time
 * lookup with its package hint. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "host/payload/payload_find.h"
#include "host/payload/payload_metric.h"
#include "host/payload/payload_rec.h"
#include "lib/payload.h"
#include "tests/unit/tu.h"

#define FIX "tests/fixtures/payload/"

static char *slurp(const char *name)
{
	static char buf[64 << 10];
	FILE *f = fopen(name, "r");
	size_t n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;

	if (f)
		fclose(f);
	buf[n] = '\0';
	return buf;
}

static double val(const char *prog, const char *fixture, const char *name)
{
	struct payload_vals v;
	const struct payload_val *x;
	char err[200];

	if (payload_metric_extract(prog, slurp(fixture), NULL, 0, &v, err, sizeof(err)))
		return -1;
	x = payload_metric_get(&v, name);
	return x ? x->v : NAN;
}

#define NEAR(a, b) TU_CHECK(fabs((double)(a) - (double)(b)) <= 1e-6 * fabs((double)(b)) + 1e-9)

TU_TEST(payload_metric_tools)
{
	NEAR(val("hackbench", FIX "hackbench.txt", "hb.time"), 0.623e9);
	/* two threads: Max 3921 and 177310 us, Avg 136 and 585, Min 18 and 21 */
	NEAR(val("/usr/bin/cyclictest", FIX "cyclictest.txt", "ct.max_latency"), 177310e3);
	NEAR(val("cyclictest", FIX "cyclictest.txt", "ct.avg_latency"), 360.5e3);
	NEAR(val("cyclictest", FIX "cyclictest.txt", "ct.min_latency"), 18e3);
	NEAR(val("cyclictest", FIX "cyclictest.txt", "ct.cycles"), 1916 + 994);
	/* -h -q: no T: lines, the summary rows instead */
	NEAR(val("cyclictest", FIX "cyclictest_hist2.txt", "ct.max_latency"), 255774e3);
	NEAR(val("cyclictest", FIX "cyclictest_hist.txt", "ct.avg_latency"), 123e3);
	NEAR(val("cyclictest", FIX "cyclictest_hist2.txt", "ct.cycles"),
	     1764 + 356 + 52 + 20); /* + overflows */
	/* 53 of 1930 samples overflowed a 200 us histogram: the p99 is not in it */
	TU_CHECK(isnan(val("cyclictest", FIX "cyclictest_hist.txt", "ct.p99_latency")));
	NEAR(val("stress-ng", FIX "stress-ng.txt", "stress.bogo_ops"), 386 + 394458);
	NEAR(val("stress-ng", FIX "stress-ng.txt", "stress.bogo_ops_per_s"), 191.45 + 197179.24);
	NEAR(val("sysbench", FIX "sysbench.txt", "sb.events"), 2399);
	NEAR(val("sysbench", FIX "sysbench.txt", "sb.events_per_s"), 1187.40);
	NEAR(val("sysbench", FIX "sysbench.txt", "sb.latency_avg"), 1.67e6);
	NEAR(val("sysbench", FIX "sysbench.txt", "sb.latency_max"), 465.77e6);
	NEAR(val("sysbench", FIX "sysbench.txt", "sb.latency_p95"), 10.09e6);
	NEAR(val("perf", FIX "perf_messaging.txt", "perf.time"), 0.577e9);
	NEAR(val("perf", FIX "perf_pipe.txt", "perf.usecs_per_op"), 26.0708e3);
	NEAR(val("perf", FIX "perf_pipe.txt", "perf.ops_per_s"), 38357);
	/* another tool's output gives nothing */
	TU_CHECK(isnan(val("hackbench", FIX "sysbench.txt", "hb.time")));
}

TU_TEST(payload_metric_p99_from_histogram)
{
	/* 100 samples in two threads' columns: the 99th lies at 7 us */
	const char *t = "# Histogram\n000000 000000 000000\n000003 000040 000040\n000005 000009 "
			"000009\n000007 000001 000000\n"
			"000009 000001 000000\n# Total: 000000100\n# Histogram Overflows: 00000 00000\n";
	struct payload_vals v;
	char err[100];

	TU_EQ_INT(payload_metric_extract("cyclictest", t, NULL, 0, &v, err, sizeof(err)), 0);
	TU_CHECK(payload_metric_get(&v, "ct.p99_latency") != NULL);
	NEAR(payload_metric_get(&v, "ct.p99_latency")->v, 7e3);
	/* the head of a long histogram did not travel: no percentile from a part */
	TU_EQ_INT(payload_metric_extract("cyclictest", "# Histogram\n000005 000009\n# Total: 9\n", NULL, 0,
					 &v, err, sizeof(err)),
		  0);
	TU_CHECK(!payload_metric_get(&v, "ct.p99_latency"));
}

TU_TEST(payload_metric_user_regex)
{
	const struct payload_user_metric u[] = { { "ops", "ops=([0-9.]+)" }, { "none", "absent=([0-9]+)" } },
					 bad[] = { { "x", "(" } }, nogroup[] = { { "x", "ops" } };
	struct payload_vals v;
	char err[200];

	TU_EQ_INT(payload_metric_extract("myprog", "ops=1\nops=2.5\ndone\n", u, 2, &v, err, sizeof(err)), 0);
	TU_EQ_INT(v.n, 1);
	NEAR(payload_metric_get(&v, "ops")->v, 2.5); /* the last match */
	TU_EQ_INT(payload_metric_extract("myprog", "", bad, 1, &v, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "metric x: regex") != NULL);
	TU_EQ_INT(payload_metric_extract("myprog", "", nogroup, 1, &v, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "no group") != NULL);
}

TU_TEST(payload_rec_chunks_and_status)
{
	struct payload_rec r = { 0 };
	char err[200], how[200];
	const char *c0 = "id=3\ncg=a\nprog=hackbench\nstatus=4294967296\nsize=12\nseq=0\nend=0\ntext=Time: "
			 "0.5\\n\n",
		   *c1 = "id=3\ncg=a\nprog=hackbench\nstatus=4294967296\nsize=12\nseq=1\nend=1\ntext=ok\\n\n",
		   *again = "id=3\ncg=a\nprog=hackbench\nstatus=4294967296\nsize=12\nseq=1\nend=1\ntext=x\n";

	TU_EQ_INT(payload_rec_take(&r, (const uint8_t *)c0, strlen(c0), err, sizeof(err)), 0);
	TU_EQ_INT(payload_rec_take(&r, (const uint8_t *)c1, strlen(c1), err, sizeof(err)), 0);
	TU_EQ_INT(payload_rec_take(&r, (const uint8_t *)again, strlen(again), err, sizeof(err)), -1);
	TU_EQ_INT(r.n, 1);
	TU_EQ_STR(r.v[0].text, "Time: 0.5\nok\n");
	TU_EQ_STR(payload_rec_tail(&r.v[0], 1), "ok\n");
	TU_CHECK(!payload_rec_failed(&r.v[0], how, sizeof(how)));
	TU_EQ_STR(how, "exited 0");
	r.v[0].status = PAYLOAD_ENDED | 11; /* SIGSEGV */
	TU_CHECK(payload_rec_failed(&r.v[0], how, sizeof(how)));
	TU_CHECK(strstr(how, "killed by signal 11") != NULL);
	r.v[0].status = PAYLOAD_ENDED | PAYLOAD_STOPPED | 15;
	TU_CHECK(!payload_rec_failed(&r.v[0], how, sizeof(how)));
	r.v[0].status = PAYLOAD_ENDED | (1 << 8);
	TU_CHECK(payload_rec_failed(&r.v[0], how, sizeof(how)));
	TU_EQ_STR(how, "exited 1");
	payload_rec_free(&r);
}

TU_TEST(payload_find_names_the_package)
{
	char path[1024], err[600];

	TU_EQ_INT(payload_find("/nonexistent/hackbench", path, sizeof(path), err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "payload /nonexistent/hackbench: no executable file there") != NULL);
	TU_CHECK(strstr(err, "apt-get install rt-tests") != NULL);
	TU_EQ_INT(payload_find("no-such-program-kts", path, sizeof(path), err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not found on /usr/local/sbin") != NULL);
	TU_CHECK(strstr(err, "apt-get") == NULL); /* no package known */
	/* a program every Debian has, with its libraries */
	TU_EQ_INT(payload_find("true", path, sizeof(path), err, sizeof(err)), 0);
	TU_CHECK(strstr(path, "/true") != NULL);
	/* a script is refused: its interpreter would not be carried */
	TU_EQ_INT(payload_find("/usr/bin/ldd", path, sizeof(path), err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not an ELF file") != NULL);
}

TU_TEST(payload_table_is_consistent)
{
	size_t nt, nm;
	const struct payload_tool *t = payload_tools(&nt);
	const struct payload_metric *m = payload_metrics(&nm);

	for (size_t i = 0; i < nm; i++) {
		bool owned = false;

		for (size_t k = 0; k < nt; k++)
			owned |= !strncmp(m[i].name, t[k].prefix, strlen(t[k].prefix)) &&
				 m[i].name[strlen(t[k].prefix)] == '.';
		TU_CHECK(owned);
		TU_CHECK(m[i].unit == 'd' || m[i].unit == 'n');
	}
	TU_CHECK(payload_tool_of("/usr/bin/stress-ng") &&
		 !strcmp(payload_tool_of("stress-ng")->package, "stress-ng"));
}
