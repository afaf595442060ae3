/* JUnit XML validated by xmllint against tests/junit.xsd, with console
 * garbage in the failure text; TAP's shape. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/gauntlet/gauntlet_out.h"
#include "host/report/junit.h"
#include "host/run/verdict.h"
#include "host/report/tap.h"
#include "tests/unit/tu.h"

/* A console tail as guests write it: colour codes, BEL, CR LF, a byte
 * that is not UTF-8, a truncated sequence, XML's own metacharacters. */
static const char tail[] = "\x1b[31mKernel panic\x1b[0m\a\r\nrq <cpu 3> & \"busy\" 'x'\n\xff\xfe bad \xc3\n"
			   "ok \xc3\xa9t\xc3\xa9 \xe2\x82\xac\x01\x02\x1f\x7f end";

static const struct report_case cases[] = {
	{ "steady", "steady/tiny/eevdf", REPORT_PASS, "PASS", "", NULL, 4.25 },
	{ "steady", "steady/smt-2llc/eevdf", REPORT_FAIL, "FAIL", "claim a.max_gap <= 1s \x1b[1m", tail,
	  6.5 },
	{ "cpuset_resize", "cpuset_resize/numa2/scx_qmap:-t_2", REPORT_ERROR, "INCONCLUSIVE", "timeout", tail,
	  90 },
	{ "cpuset_resize", "cpuset_resize/smt/eevdf", REPORT_SKIP, "SKIP", "requires llcs >= 2", NULL, 0 },
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *buf = calloc(1, 1 << 16);

	if (f && buf)
		buf[fread(buf, 1, (1 << 16) - 1, f)] = '\0';
	if (f)
		fclose(f);
	return buf;
}

static int xmllint(const char *path)
{
	char cmd[600];

	snprintf(cmd, sizeof(cmd), "xmllint --noout --schema tests/junit.xsd %s 2>%s.err", path, path);
	return system(cmd);
}

TU_TEST(junit_validates_with_console_garbage)
{
	char path[256];
	FILE *f;
	char *x;

	snprintf(path, sizeof(path), "%s/j.xml", tu_tmpdir());
	f = fopen(path, "w");
	TU_CHECK(f != NULL);
	if (!f)
		return;
	junit_write(f, "ktsrun gauntlet", cases, 4);
	fclose(f);
	TU_EQ_INT(xmllint(path), 0);
	x = slurp(path);
	TU_CHECK(x && strstr(x, "tests=\"4\" failures=\"1\" errors=\"1\" skipped=\"1\""));
	TU_CHECK(x &&
		 strstr(x, "<testcase classname=\"steady\" name=\"steady/tiny/eevdf\" time=\"4.250\"/>"));
	TU_CHECK(x &&
		 strstr(x, "<failure message=\"claim a.max_gap &lt;= 1s \xef\xbf\xbd[1m\" type=\"FAIL\">"));
	TU_CHECK(x && strstr(x, "<error message=\"timeout\" type=\"INCONCLUSIVE\">"));
	TU_CHECK(x && strstr(x, "<skipped message=\"requires llcs &gt;= 2\"/>"));
	TU_CHECK(x && strstr(x, "rq &lt;cpu 3&gt; &amp; &quot;busy&quot; &apos;x&apos;"));
	TU_CHECK(x &&
		 strstr(x, "ok \xc3\xa9t\xc3\xa9 \xe2\x82\xac\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\x7f end"));
	TU_CHECK(x && !strchr(x, '\x1b') && !strchr(x, '\r') && !strchr(x, '\a'));
	free(x);
}

/* The check can fail: the same garbage unescaped does not validate. */
TU_TEST(junit_xmllint_rejects_raw_control_characters)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/bad.xml", tu_tmpdir());
	f = fopen(path, "w");
	TU_CHECK(f != NULL);
	if (!f)
		return;
	fprintf(f,
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites><testsuite name=\"s\" tests=\"1\" "
		"failures=\"1\" errors=\"0\" skipped=\"0\" time=\"1\" timestamp=\"2026-12-01T00:00:00\" "
		"hostname=\"h\"><testcase classname=\"c\" name=\"n\" time=\"1\"><failure message=\"m\" "
		"type=\"FAIL\">%s</failure></testcase></testsuite></testsuites>\n",
		"\x1b[31mred\x1b[0m");
	fclose(f);
	TU_CHECK(xmllint(path) != 0);
}

TU_TEST(tap_lists_every_case)
{
	char path[256], *x;
	FILE *f;

	snprintf(path, sizeof(path), "%s/t.tap", tu_tmpdir());
	f = fopen(path, "w");
	TU_CHECK(f != NULL);
	if (!f)
		return;
	tap_write(f, cases, 4);
	fclose(f);
	x = slurp(path);
	TU_CHECK(
		x &&
		!strncmp(x,
			 "TAP version 13\n1..4\nok 1 - steady/tiny/eevdf\nnot ok 2 - steady/smt-2llc/eevdf\n",
			 strlen("TAP version 13\n1..4\nok 1 - steady/tiny/eevdf\nnot ok 2 - "
				"steady/smt-2llc/eevdf\n")));
	TU_CHECK(x && strstr(x, "  verdict: FAIL\n  duration_ms: 6500\n  reason: |\n    claim a.max_gap <= "
				"1s ?[1m\n"));
	TU_CHECK(x && strstr(x, "  output: |\n    ?[31mKernel panic?[0m??\n    rq <cpu 3>"));
	TU_CHECK(x && strstr(x, "not ok 3 - cpuset_resize/numa2/scx_qmap:-t_2\n"));
	TU_CHECK(x && strstr(x, "ok 4 - cpuset_resize/smt/eevdf # SKIP requires llcs >= 2\n"));
	TU_CHECK(x && !strchr(x, '\x1b'));
	free(x);
}

TU_TEST(gauntlet_progress_line_scales_the_eta)
{
	struct gauntlet_progress p = { .total = 4, .est_left = 40 };
	struct variant a = { .verdict = V_PASS, .cost_s = 10 }, b = { .verdict = V_FAIL, .cost_s = 10 };
	char *buf = NULL;
	size_t n;
	FILE *f = open_memstream(&buf, &n);

	gauntlet_progress_add(&p, &a, 20); /* twice the estimate so far */
	gauntlet_progress_print(f, &p);
	gauntlet_progress_add(&p, &b, 40);
	gauntlet_progress_print(f, &p);
	fclose(f);
	TU_EQ_STR(buf, "gauntlet: 1/4 done, 1 pass, 0 fail, 0 error, 0 skip; ETA 1m00s\n"
		       "gauntlet: 2/4 done, 1 pass, 1 fail, 0 error, 0 skip; ETA 40s\n");
	free(buf);
}
