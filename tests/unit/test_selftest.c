/* The sched_ext selftest runner's output (lib/selftest_out.h) and our REC_SELFTEST
 * records (host/selftest/selftest_rec.h), hostile input included. */
#include <stdlib.h>

#include "host/selftest/selftest_rec.h"
#include "lib/selftest_out.h"
#include "tests/unit/tu.h"

/* The shape runner.c (6.12) prints with -q. */
static const char listing[] = "===== START =====\nTEST: create_dsq\nOUTPUT:\nok 1 create_dsq # SKIP \n"
			      "=====  END  =====\n===== START =====\nTEST: select_cpu_dfl\nOUTPUT:\n"
			      "ok 2 select_cpu_dfl # SKIP \n=====  END  =====\n\n\nRESULTS:\n\nPASSED:  0\n";

TU_TEST(selftest_out_lists_test_names)
{
	char names[4][ST_NAME_MAX];

	TU_EQ_INT(selftest_out_list(listing, strlen(listing), names, 4), 2);
	TU_EQ_STR(names[0], "create_dsq");
	TU_EQ_STR(names[1], "select_cpu_dfl");
	TU_EQ_INT(selftest_out_list(listing, strlen(listing), names, 1), -1); /* more than max */
	TU_EQ_INT(selftest_out_list("TEST: a b\n", 10, names, 4), -1);
	TU_EQ_INT(selftest_out_list("TEST: \n", 7, names, 4), -1);
	TU_EQ_INT(selftest_out_list("TEST: x\x1b[2J\n", 12, names, 4), -1);
	TU_EQ_INT(selftest_out_list("no tests here\n", 14, names, 4), 0);
	TU_EQ_INT(selftest_out_list("TEST: last_without_newline", 26, names, 4), 1);
	TU_EQ_STR(names[0], "last_without_newline");
}

TU_TEST(selftest_out_status_of_each_kind)
{
	static const char out[] = "TEST: exit\nOUTPUT:\nnot ok 1 exit # \nTEST: hotplug\nOUTPUT:\n"
				  "ok 2 hotplug # SKIP \nTEST: minimal\nOUTPUT:\nok 3 minimal # \n";

	TU_EQ_INT(selftest_out_status(out, strlen(out), "exit"), ST_FAIL);
	TU_EQ_INT(selftest_out_status(out, strlen(out), "hotplug"), ST_SKIP);
	TU_EQ_INT(selftest_out_status(out, strlen(out), "minimal"), ST_PASS);
	TU_EQ_INT(selftest_out_status(out, strlen(out), "maximal"), -1);
	/* a name that is a prefix of another must not take its result */
	TU_EQ_INT(selftest_out_status("ok 1 select_cpu_dfl_nodispatch # \n", 34, "select_cpu_dfl"), -1);
	TU_EQ_INT(selftest_out_status("ok x minimal # \n", 16, "minimal"), -1);
	TU_EQ_INT(selftest_out_status("ok 1 minimal\n", 13, "minimal"), -1); /* cut before " #" */
	TU_EQ_INT(selftest_out_status("ok 1 minimal #", 14, "minimal"), ST_PASS);
	TU_EQ_INT(selftest_out_status("", 0, "minimal"), -1);
}

TU_TEST(selftest_out_reason_prefers_err_block)
{
	static const char err[] = "libbpf: noise\nERR: exit.c:42\nExpected exit code 3\n";
	static const char out[] =
		"TEST: hotplug\nOUTPUT:\n  cpu1 cannot go offline  \nok 1 hotplug # SKIP \n";
	char buf[ST_REASON_MAX + 1], small[8];

	selftest_out_reason("", 0, err, strlen(err), "exit", buf, sizeof(buf));
	TU_EQ_STR(buf, "ERR: exit.c:42\nExpected exit code 3");
	selftest_out_reason(out, strlen(out), "", 0, "hotplug", buf, sizeof(buf));
	TU_EQ_STR(buf, "cpu1 cannot go offline");
	selftest_out_reason(out, strlen(out), "\n just stderr \n", 15, "hotplug", buf, sizeof(buf));
	TU_EQ_STR(buf, "just stderr");
	selftest_out_reason(out, strlen(out), "", 0, "other", buf, sizeof(buf));
	TU_EQ_STR(buf, "");
	selftest_out_reason("", 0, "0123456789abcdef", 16, "x", small, sizeof(small)); /* the end is kept */
	TU_EQ_STR(small, "9abcdef");
}

static int take(struct selftest_rec *s, const char *t)
{
	char err[256];

	return selftest_rec_take(s, (const unsigned char *)t, strlen(t), err, sizeof(err));
}

TU_TEST(selftest_rec_takes_results_and_counts)
{
	struct selftest_rec s = { 0 };

	TU_EQ_INT(take(&s, "name=minimal\nresult=pass\nms=380\nreason=\n"), 0);
	TU_EQ_INT(take(&s, "name=exit\nresult=fail\nms=1200\nreason=ERR: exit.c:42\\nExpected\\t3\n"), 0);
	TU_EQ_INT(take(&s, "name=hotplug\nresult=skip\nms=5\nreason=no cpu1\n"), 0);
	TU_EQ_INT(s.n, 3);
	TU_EQ_STR(s.t[1].reason, "ERR: exit.c:42\nExpected\t3");
	TU_EQ_INT(s.t[1].ms, 1200);
	TU_EQ_INT(s.count[ST_PASS], 1);
	TU_EQ_INT(s.count[ST_SKIP], 1);
	TU_EQ_INT(s.count[ST_FAIL], 1);
	TU_EQ_INT(take(&s, "name=minimal\nresult=fail\nms=1\nreason=\n"), -1); /* twice */
	TU_EQ_INT(s.count[ST_FAIL], 1);
	selftest_rec_free(&s);
}

TU_TEST(selftest_rec_rejects_hostile_records)
{
	static char longr[3 * ST_REASON_MAX];
	static const char *const bad[] = {
		"name=a b\nresult=pass\nms=1\nreason=\n",
		"name=\nresult=pass\nms=1\nreason=\n",
		"name=x\nresult=ok\nms=1\nreason=\n",
		"name=x\nresult=pass\nms=-1\nreason=\n",
		"name=x\nresult=pass\nms=99999999999\nreason=\n",
		"name=x\nresult=pass\nreason=\n",
		"name=x\nresult=pass\nms=1\n",
		"name=x\nresult=pass\nms=1\nreason=bad \\q escape\n",
		"name=x\nresult=pass\nms=1\nreason=nul \\x00 inside\n",
		"name=x\nresult=pass\nms=1\nreason=trailing \\\n",
		"name=x\nresult=pass\nms=1\nreason=x\nname=y\n",
		"garbage without equals\n",
		"",
	};
	struct selftest_rec s = { 0 };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (take(&s, bad[i]) != -1)
			tu_fail(__FILE__, __LINE__, "accepted: %s", bad[i]);
	snprintf(longr, sizeof(longr), "name=x\nresult=fail\nms=1\nreason=%0*d\n", ST_REASON_MAX + 1, 0);
	TU_EQ_INT(take(&s, longr), -1);
	TU_EQ_INT(s.n, 0);
	for (unsigned i = 0; i < SELFTEST_REC_MAX; i++) {
		char rec[96];

		snprintf(rec, sizeof(rec), "name=t%u\nresult=pass\nms=1\nreason=\n", i);
		TU_EQ_INT(take(&s, rec), 0);
	}
	TU_EQ_INT(take(&s, "name=one_more\nresult=pass\nms=1\nreason=\n"), -1);
	selftest_rec_free(&s);
}
