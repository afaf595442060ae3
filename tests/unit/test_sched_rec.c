#include <stdlib.h>
#include <unistd.h>

#include "host/sched/sched_explain.h"
#include "host/sched/sched_rec.h"
#include "host/sched/sched_spec.h"
#include "lib/esc.h"
#include "lib/proto.h"
#include "tests/unit/tu.h"

static int take(struct sched_rec *s, unsigned type, const char *t)
{
	char err[256];

	return sched_rec_take(s, type, (const uint8_t *)t, strlen(t), err, sizeof(err));
}

static const char result[] =
	"event=result\nkind=stall\nwhy=watchdog: x\nops=qmap\nreason=runnable task stall\n"
	"msg=m\ntask=spin[9]\nexit_code=0\nexit_signal=0\nkilled=0\nload_ms=2100\nenabled_ms=8000\n";

TU_TEST(sched_rec_events_in_order)
{
	struct sched_rec s = { 0 };

	TU_EQ_INT(take(&s, REC_SCHED, "event=enabled\nops=q\nload_ms=1\n"), -1); /* before started */
	TU_EQ_INT(take(&s, REC_SCHED, "event=started\npath=/sched/scx_qmap\n"), 0);
	TU_EQ_INT(take(&s, REC_SCHED, "event=enabled\nops=qmap\nload_ms=2100\n"), 0);
	TU_EQ_INT(take(&s, REC_SCHED, result), 0);
	TU_EQ_INT(s.kind, 4);
	TU_EQ_STR(s.task, "spin[9]");
	TU_EQ_INT(s.enabled_ms, 8000);
	TU_EQ_INT(take(&s, REC_SCHED, result), -1); /* twice */
	sched_rec_free(&s);
}

TU_TEST(sched_rec_rejects_hostile_results)
{
	static const char *const bad[] = {
		"event=result\nkind=weird\nwhy=x\nexit_code=0\nexit_signal=0\nkilled=0\nload_ms=1\nenabled_"
		"ms=1\n",
		"event=result\nkind=pass\nwhy=x\nexit_code=999\nexit_signal=0\nkilled=0\nload_ms=1\nenabled_"
		"ms=1\n",
		"event=result\nkind=pass\nwhy=x\nexit_code=0\nexit_signal=0\nkilled=2\nload_ms=1\nenabled_ms="
		"1\n",
		"event=result\nkind=pass\nexit_code=0\nexit_signal=0\nkilled=0\nload_ms=1\nenabled_ms=1\n",
		"event=result\nkind=pass\nwhy=x\nexit_code=0x1\nexit_signal=0\nkilled=0\nload_ms=1\nenabled_"
		"ms=1\n",
		"event=nope\n",
		"kind=pass\n",
		"event=started\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct sched_rec s = { 0 };

		TU_EQ_INT(take(&s, REC_SCHED, bad[i]), -1);
		TU_CHECK(!s.result);
	}
}

TU_TEST(sched_rec_log_chunks_reassemble)
{
	struct sched_rec s = { 0 };

	TU_EQ_INT(
		take(&s, REC_SCHED_LOG, "src=stderr\nseq=0\nend=0\ntext=line one\\nline\\ttwo \\\\ \\x01\n"),
		0);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=stderr\nseq=1\nend=1\ntext=\\n\n"), 0);
	TU_EQ_STR(s.log[SR_STDERR].text, "line one\nline\ttwo \\ \x01\n");
	TU_CHECK(s.log[SR_STDERR].done);
	/* after the end, out of order, unknown src, bad escapes */
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=stderr\nseq=2\nend=1\ntext=x\n"), -1);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=dump\nseq=1\nend=0\ntext=x\n"), -1);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=disk\nseq=0\nend=0\ntext=x\n"), -1);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=kmsg\nseq=0\nend=0\ntext=bad \\q\n"), -1);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=kmsg\nseq=0\nend=0\ntext=cut \\x4\n"), -1);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=kmsg\nseq=0\nend=0\ntext=trailing \\\n"), -1);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=kmsg\nseq=0\nend=2\ntext=x\n"), -1);
	TU_EQ_INT(take(&s, REC_SCHED_LOG, "src=kmsg\nseq=0\nend=0\n"), -1);
	sched_rec_free(&s);
}

TU_TEST(sched_rec_log_is_capped)
{
	struct sched_rec s = { 0 };
	char rec[4096], chunk[3000];

	memset(chunk, 'a', sizeof(chunk) - 1);
	chunk[sizeof(chunk) - 1] = '\0';
	for (unsigned i = 0; i < 100; i++) {
		snprintf(rec, sizeof(rec), "src=stdout\nseq=%u\nend=0\ntext=%s\n", i, chunk);
		TU_EQ_INT(take(&s, REC_SCHED_LOG, rec), 0);
	}
	TU_EQ_INT(s.log[SR_STDOUT].len, SCHED_REC_LOG_MAX);
	TU_EQ_INT(s.log[SR_STDOUT].dropped, 100 * 2999 - SCHED_REC_LOG_MAX);
	sched_rec_free(&s);
}

TU_TEST(esc_round_trip_and_bounds)
{
	const char in[] = "a\\b\nc\td\x01\x7f\xc3\xa9";
	char enc[64], dec[64];
	size_t n;

	TU_EQ_INT(esc_encode(in, sizeof(in) - 1, enc, sizeof(enc)), sizeof(in) - 1);
	TU_EQ_STR(enc, "a\\\\b\\nc\\td\\x01\\x7f\xc3\xa9");
	TU_EQ_INT(esc_decode(enc, dec, sizeof(dec), &n), 0);
	TU_EQ_INT(n, sizeof(in) - 1);
	TU_CHECK(!memcmp(dec, in, n));
	/* a short output takes only whole escapes */
	TU_EQ_INT(esc_encode("ab\ncd", 5, enc, 4), 2);
	TU_EQ_STR(enc, "ab");
	TU_EQ_INT(esc_encode("ab\ncd", 5, enc, 5), 3);
	TU_EQ_STR(enc, "ab\\n");
	TU_EQ_INT(esc_decode("abcdef", dec, 4, &n), -1);
}

/* scx_central gets nohz_full= on every CPU but its central one (-c). */
TU_TEST(sched_spec_kernel_args_for_central)
{
	struct sched_spec s;
	char err[256], buf[300];
	const char *why = NULL;

	TU_EQ_INT(sched_spec_parse("scx_central", &s, err, sizeof(err)), 0);
	TU_EQ_STR(sched_spec_kernel_args(&s, 2, buf, sizeof(buf), &why), "nohz_full=1");
	TU_CHECK(why && strstr(why, "central CPU"));
	TU_EQ_STR(sched_spec_kernel_args(&s, 8, buf, sizeof(buf), &why), "nohz_full=1-7");
	TU_CHECK(sched_spec_kernel_args(&s, 1, buf, sizeof(buf), &why) == NULL);
	TU_EQ_INT(sched_spec_parse("/opt/bin/scx_central:-c 3 -s 20000", &s, err, sizeof(err)), 0);
	TU_EQ_STR(sched_spec_kernel_args(&s, 8, buf, sizeof(buf), &why), "nohz_full=0-2,4-7");
	TU_EQ_INT(sched_spec_parse("scx_central:-c5", &s, err, sizeof(err)), 0);
	TU_EQ_STR(sched_spec_kernel_args(&s, 6, buf, sizeof(buf), &why), "nohz_full=0-4");
	/* a central CPU the guest lacks: scx_central itself says so */
	TU_CHECK(sched_spec_kernel_args(&s, 4, buf, sizeof(buf), &why) == NULL);
	TU_EQ_INT(sched_spec_parse("scx_central:-v -pc2", &s, err, sizeof(err)), 0);
	TU_EQ_STR(sched_spec_kernel_args(&s, 4, buf, sizeof(buf), &why), "nohz_full=0-1,3");
	/* -s takes a value: "-s -c" is a slice of "-c", not the option */
	TU_EQ_INT(sched_spec_parse("scx_central:-s -c -c 1", &s, err, sizeof(err)), 0);
	TU_EQ_STR(sched_spec_kernel_args(&s, 4, buf, sizeof(buf), &why), "nohz_full=0,2-3");
	TU_EQ_INT(sched_spec_parse("scx_central:x -c 2 -- -c 3", &s, err, sizeof(err)), 0);
	TU_EQ_STR(sched_spec_kernel_args(&s, 4, buf, sizeof(buf), &why), "nohz_full=0-1,3");
	TU_EQ_INT(sched_spec_parse("scx_simple", &s, err, sizeof(err)), 0);
	TU_CHECK(sched_spec_kernel_args(&s, 8, buf, sizeof(buf), &why) == NULL);
	TU_EQ_INT(sched_spec_parse("scx_centralized", &s, err, sizeof(err)), 0);
	TU_CHECK(sched_spec_kernel_args(&s, 8, buf, sizeof(buf), &why) == NULL);
}

/* nohz_full= is only honoured by a kernel built with CONFIG_NO_HZ_FULL. */
TU_TEST(sched_spec_kernel_honours_config)
{
	char dir[] = "/tmp/ktsrun-unit-XXXXXX", with[64], without[64], why[512] = "";
	FILE *f;

	TU_CHECK(mkdtemp(dir) != NULL);
	snprintf(with, sizeof(with), "%s/with", dir);
	snprintf(without, sizeof(without), "%s/without", dir);
	TU_CHECK((f = fopen(with, "w")) != NULL);
	fputs("CONFIG_HZ=1000\nCONFIG_NO_HZ_FULL=y\n", f);
	fclose(f);
	TU_CHECK((f = fopen(without, "w")) != NULL);
	fputs("# CONFIG_NO_HZ_FULL is not set\nCONFIG_NO_HZ_FULL_X=y\n", f);
	fclose(f);
	TU_EQ_INT(sched_spec_kernel_honours("nohz_full=1", with, why, sizeof(why)), 1);
	TU_EQ_INT(sched_spec_kernel_honours("nohz_full=1", without, why, sizeof(why)), 0);
	TU_CHECK(strstr(why, "lacks CONFIG_NO_HZ_FULL") != NULL);
	/* nothing to check: no such argument, or no config (a bzImage path) */
	TU_EQ_INT(sched_spec_kernel_honours("quiet", without, why, sizeof(why)), 1);
	TU_EQ_INT(sched_spec_kernel_honours("nohz_full=1", "", why, sizeof(why)), 1);
	unlink(with);
	unlink(without);
	rmdir(dir);
}

TU_TEST(sched_spec_names_args_and_errors)
{
	struct sched_spec s;
	char err[256], conf[1024];

	TU_EQ_INT(sched_spec_parse("scx_simple", &s, err, sizeof(err)), 0);
	TU_EQ_STR(s.name, "scx_simple");
	TU_EQ_STR(s.ops, "simple");
	TU_EQ_INT(s.argc, 0);
	TU_EQ_INT(sched_spec_parse("scx_qmap:-t  5 -v", &s, err, sizeof(err)), 0);
	TU_EQ_INT(s.argc, 3);
	TU_EQ_STR(s.args[0], "-t");
	TU_EQ_STR(s.args[1], "5");
	TU_EQ_STR(s.args[2], "-v");
	TU_EQ_INT(sched_spec_parse("/opt/x/my_sched:", &s, err, sizeof(err)), 0);
	TU_EQ_STR(s.ops, "my_sched");
	TU_EQ_INT(s.argc, 0);
	TU_EQ_INT(sched_spec_conf(&s, "/sched/my_sched", 5000, 4, 60000, conf, sizeof(conf)) > 0, 1);
	TU_CHECK(strstr(conf, "path=/sched/my_sched\nops=my_sched\nargc=0\n") == conf);
	TU_EQ_INT(sched_spec_parse(":-t 5", &s, err, sizeof(err)), -1);
	TU_EQ_INT(sched_spec_parse("/opt/dir/:x", &s, err, sizeof(err)), -1);
	TU_EQ_INT(sched_spec_parse("scx_q:-t\n5", &s, err, sizeof(err)), -1);
	TU_EQ_INT(sched_spec_parse("s:1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17", &s, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "more than 16") != NULL);
	memset(conf, 'x', 300);
	conf[300] = '\0';
	conf[0] = 's';
	conf[1] = ':';
	TU_EQ_INT(sched_spec_parse(conf, &s, err, sizeof(err)), -1);
}

/* A guest that printed nothing leaves the console NULL (fuzz_stream found
 * the pointer arithmetic on it; UBSan in the unit build catches it). */
TU_TEST(sched_explain_without_console)
{
	struct sched_rec s = { 0 };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	TU_CHECK(f != NULL);
	snprintf(s.msg, sizeof(s.msg), "runnable task stall");
	sched_explain_print(f, "  ", &s, NULL, 0);
	fclose(f);
	TU_EQ_STR(text, "  message: runnable task stall\n");
	free(text);
}
