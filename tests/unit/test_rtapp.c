/* rt-app: its thread logs parsed (rows captured from Debian's rt-app 1.0 in
 * the guest under TCG, tests/fixtures/payload/rtapp-*.log, and broken ones),
 * rows to phases and windows, the metrics, the JSON pinned at compile time
 * (ktsrun's values where the author gave none, the author's kept) and the
 * REC_PAYLOAD_FILE chunks. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/rtapp_json.h"
#include "host/payload/rtapp_agg.h"
#include "host/payload/rtapp_log.h"
#include "tests/unit/tu.h"

#define FIX "tests/fixtures/payload/"

static char *slurp(const char *name)
{
	FILE *f = fopen(name, "r");
	char *buf = calloc(1, 256 << 10);
	size_t n = f && buf ? fread(buf, 1, (256 << 10) - 1, f) : 0;

	if (f)
		fclose(f);
	if (buf)
		buf[n] = '\0';
	return buf;
}

#define NEAR(a, b) TU_CHECK(fabs((double)(a) - (double)(b)) <= 1e-6 * fabs((double)(b)) + 1e-9)

static double get(const struct payload_vals *v, const char *name)
{
	const struct payload_val *x = payload_metric_get(v, name);

	return x ? x->v : NAN;
}

TU_TEST(rtapp_log_parses_a_guest_log)
{
	char *t = slurp(FIX "rtapp-periodic-0.log"), err[300];
	struct rtapp_log l;

	TU_EQ_INT(rtapp_log_parse("rt-app-periodic-0.log", t, &l, err, sizeof(err)), 0);
	TU_EQ_INT((int)l.n, 300); /* 3 s of a 10 ms period */
	/* "   0    12295     4997     9285        14764556        14773842            7435       4004       3000      10000        200" */
	TU_EQ_INT((int)l.row[0].idx, 0);
	TU_EQ_INT((int)l.row[0].perf, 12295);
	TU_EQ_INT((int)l.row[0].run, 4997);
	TU_EQ_INT((int)l.row[0].period, 9285);
	TU_CHECK(l.row[0].start == 14764556 && l.row[0].end == 14773842);
	TU_EQ_INT((int)l.row[0].rel_st, 7435);
	TU_EQ_INT((int)l.row[0].slack, 4004);
	TU_EQ_INT((int)l.row[0].c_duration, 3000);
	TU_EQ_INT((int)l.row[0].c_period, 10000);
	TU_EQ_INT((int)l.row[0].wu_lat, 200);
	TU_EQ_INT((int)l.row[299].wu_lat, 295);
	rtapp_log_free(&l);
	free(t);
}

/* Two threads on one timer: rt-app prints a negative wu_lat with %lu. */
TU_TEST(rtapp_log_reads_unsigned_negatives_back)
{
	char *t = slurp(FIX "rtapp-shared-timer.log"), err[300];
	struct rtapp_log l;

	TU_EQ_INT(rtapp_log_parse("x.log", t, &l, err, sizeof(err)), 0);
	TU_EQ_INT((int)l.n, 5);
	TU_EQ_INT((int)l.row[0].wu_lat, -9885); /* 18446744073709541731 */
	TU_EQ_INT((int)l.row[0].idx, 1);
	rtapp_log_free(&l);
	free(t);
}

TU_TEST(rtapp_log_refuses_broken_rows)
{
	static const char *const bad[][2] = {
		{ "# h\n   0 1 2 3 4 5 6 7 8 9\n", "x.log line 2: not 11 numbers" },
		{ "   0 1 2 3 4 5 6 7 8 9 10 11\n", "x.log line 1: not 11 numbers" },
		{ "   0 1 2 3 4 5 6 7 8 9 1O\n", "x.log line 1: a field is no number" },
		{ "#idx perf\n\n   0 1 2 3 4 5 6 7 8 9 10\n[rt-app] oops\n",
		  "x.log line 4: a field is no number" },
		{ "   0 1 2 3 4 5 6 7 8 9 99999999999999999999999\n", "x.log line 1: a field is no number" },
	};
	struct rtapp_log l;
	char err[300];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TU_EQ_INT(rtapp_log_parse("x.log", bad[i][0], &l, err, sizeof(err)), -1);
		TU_CHECK(strstr(err, bad[i][1]) != NULL);
		TU_CHECK(l.n == 0 && l.row == NULL);
	}
	/* heads only: a log with no rows parses, empty */
	TU_EQ_INT(rtapp_log_parse("x.log", "# Policy : SCHED_OTHER priority : 0\n#idx perf\n", &l, err,
				  sizeof(err)),
		  0);
	TU_EQ_INT((int)l.n, 0);
}

TU_TEST(rtapp_agg_metrics_of_rows)
{
	/* idx perf run period start end rel_st slack c_duration c_period wu_lat */
	struct rtapp_row r[] = { { 0, 10, 2000, 10000, 100, 10100, 0, 100, 2000, 10000, 10 },
				 { 0, 10, 3000, 12000, 10100, 22100, 0, -50, 2000, 10000, 30 },
				 { 0, 10, 2500, 11000, 22100, 33100, 0, 200, 2000, 10000, 20 } };
	struct rtapp_agg a = { 0 };
	struct payload_vals v = { 0 };

	for (size_t i = 0; i < 3; i++)
		rtapp_agg_add(&a, &r[i]);
	rtapp_agg_put(&a, &v);
	NEAR(get(&v, "rtapp.periods"), 3);
	NEAR(get(&v, "rtapp.overruns"), 1);
	NEAR(get(&v, "rtapp.slack_min"), -50e3);
	NEAR(get(&v, "rtapp.slack_mean"), 250e3 / 3);
	NEAR(get(&v, "rtapp.wu_lat_mean"), 20e3);
	NEAR(get(&v, "rtapp.wu_lat_p99"), 30e3);
	NEAR(get(&v, "rtapp.wu_lat_max"), 30e3);
	NEAR(get(&v, "rtapp.run_mean"), 2500e3);
	NEAR(get(&v, "rtapp.c_duration"), 2000e3);
	NEAR(get(&v, "rtapp.period_mean"), 11000e3);
	NEAR(get(&v, "rtapp.period_max"), 12000e3);
	TU_EQ_INT(payload_metric_get(&v, "rtapp.slack_min")->unit, 'd');
	rtapp_agg_free(&a);
	/* nothing added: only the count, 0 */
	memset(&v, 0, sizeof(v));
	rtapp_agg_put(&a, &v);
	TU_EQ_INT((int)v.n, 1);
	NEAR(get(&v, "rtapp.periods"), 0);
}

TU_TEST(rtapp_agg_phase_of_a_row)
{
	struct rtapp_task t = { .nphase = 2, .loop = -1, .phase_loop = { 2, 3 } };
	static const int want[] = { 0, 0, 1, 1, 1, 0, 0, 1 };

	for (size_t k = 0; k < sizeof(want) / sizeof(want[0]); k++)
		TU_EQ_INT(rtapp_agg_phase(&t, k), want[k]);
	t.loop = 1; /* one round: no sixth row */
	TU_EQ_INT(rtapp_agg_phase(&t, 4), 1);
	TU_EQ_INT(rtapp_agg_phase(&t, 5), -1);
	t.loop = -1, t.phase_loop[1] = -1; /* the second phase keeps the rest */
	TU_EQ_INT(rtapp_agg_phase(&t, 1), 0);
	TU_EQ_INT(rtapp_agg_phase(&t, 2), 1);
	TU_EQ_INT(rtapp_agg_phase(&t, 1000), 1);
}

static int pin(const char *json, char **out, size_t *where, char *err)
{
	return rtapp_json_pin(json, strlen(json), out, where, err, 400);
}

TU_TEST(rtapp_json_pins_what_the_author_left_out)
{
	char *out, err[400];
	size_t where;

	TU_EQ_INT(pin("{\"tasks\": {\"t\": {\"run\": 100, \"sleep\": 900}}}", &out, &where, err), 0);
	TU_CHECK(strstr(out, "\"calibration\":220") != NULL);
	TU_CHECK(strstr(out, "\"logdir\":\".\"") != NULL);
	TU_CHECK(strstr(out, "\"log_size\":2") != NULL);
	TU_CHECK(strstr(out, "\"log_basename\":\"rt-app\"") != NULL);
	TU_CHECK(strstr(out, "\"run\":100") != NULL);
	free(out);
	/* the author's calibration, log size and base name are kept */
	TU_EQ_INT(
		pin("{\"tasks\": {\"t\": {\"run\": 1}}, \"global\": {\"calibration\": 150, \"log_size\": 8, "
		    "\"log_basename\": \"mine\", \"duration\": 3}}",
		    &out, &where, err),
		0);
	TU_CHECK(strstr(out, "\"calibration\":150") && strstr(out, "\"log_size\":8") &&
		 strstr(out, "\"log_basename\":\"mine\"") && strstr(out, "\"duration\":3"));
	TU_CHECK(strstr(out, "220") == NULL);
	free(out);
	TU_EQ_INT(pin("{\"tasks\": {\"t\": {\"run\": 1}}, \"global\": {\"calibration\": \"CPU1\"}}", &out,
		      &where, err),
		  0);
	TU_CHECK(strstr(out, "\"calibration\":\"CPU1\"") != NULL);
	free(out);
}

TU_TEST(rtapp_json_refuses_with_the_place)
{
	static const struct {
		const char *json, *msg;
		int at; /* offset, -1: none */
	} bad[] = {
		{ "{\"tasks\": {\"t\": {\"run\": 1}}", "it ends too early", 27 },
		{ "{\"tasks\": {\"t\" {\"run\": 1}}}", "not JSON", 15 },
		{ "[1, 2]", "is a JSON object with \"tasks\"", -1 },
		{ "{\"global\": {}}", "needs \"tasks\"", -1 },
		{ "{\"tasks\": {}}", "needs \"tasks\"", 1 },
		{ "{\"tasks\": {\"t\": 5}}", "task \"t\" is not an object", 11 },
		{ "{\"tasks\": {\"t\": {\"phases\": {\"p1\": 2}}}}",
		  "task \"t\": phase \"p1\" is not an object", 28 },
		{ "{\"tasks\": {\"t\": {}}, \"global\": {\"logdir\": \"/tmp\"}}", "\"logdir\" is ktsrun's",
		  32 },
		{ "{\"tasks\": {\"t\": {}}, \"global\": {\"log_size\": \"file\"}}", "writes no rows", 32 },
		{ "{\"tasks\": {\"t\": {}}, \"global\": {\"calibration\": \"fast\"}}", "ns per loop", 32 },
		{ "{\"tasks\": {\"t\": {}}, \"global\": 3}", "\"global\" is an object", 21 },
		{ "{\"tasks\": {\"t\": {}}} {}", "text after the JSON object", 21 },
	};
	char *out, err[400];
	size_t where;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TU_EQ_INT(pin(bad[i].json, &out, &where, err), -1);
		TU_CHECK(out == NULL);
		if (!strstr(err, bad[i].msg))
			tu_fail(__FILE__, __LINE__, "%s: %s, expected %s", bad[i].json, err, bad[i].msg);
		TU_EQ_INT(where == (size_t)-1 ? -1 : (int)where, bad[i].at);
	}
}

TU_TEST(rtapp_json_tasks_and_log_names)
{
	struct rtapp_desc d;
	const struct rtapp_task *t;
	unsigned ind = 99;
	char err[200];

	TU_EQ_INT(rtapp_json_desc("{\"tasks\": {\"a\": {\"loop\": 5, \"run\": 1}, \"a-b\": {\"instance\": 2, "
				  "\"loop\": 3, \"phases\": {\"p1\": {\"loop\": 4, \"run\": 1}, \"p2\": "
				  "{\"run\": 2}}}}, "
				  "\"global\": {\"log_basename\": \"rt-app\"}}",
				  &d, err, sizeof(err)),
		  0);
	TU_EQ_INT((int)d.ntask, 2);
	/* no phases: one phase that loops for good, the task's loop its own */
	TU_CHECK(d.task[0].nphase == 1 && d.task[0].loop == -1 && d.task[0].phase_loop[0] == 5);
	TU_CHECK(d.task[1].instance == 2 && d.task[1].nphase == 2 && d.task[1].loop == 3);
	TU_CHECK(d.task[1].phase_loop[0] == 4 && d.task[1].phase_loop[1] == 1);
	TU_EQ_STR(d.task[1].phase[1], "p2");
	t = rtapp_json_task_of(&d, "rt-app-a-b-3.log", &ind);
	TU_CHECK(t == &d.task[1] && ind == 3);
	t = rtapp_json_task_of(&d, "rt-app-a-0.log", &ind);
	TU_CHECK(t == &d.task[0] && ind == 0);
	TU_CHECK(!rtapp_json_task_of(&d, "rt-app-c-0.log", &ind));
	TU_CHECK(!rtapp_json_task_of(&d, "rt-app-a-0.plot", &ind));
	TU_CHECK(!rtapp_json_task_of(&d, "other-a-0.log", &ind));
	TU_EQ_INT(rtapp_json_desc("{\"tasks\": {}}", &d, err, sizeof(err)), -1);
	/* an edited .ktsb may carry any JSON: refused or skipped, never followed */
	TU_EQ_INT(rtapp_json_desc("[1]", &d, err, sizeof(err)), -1);
	TU_EQ_INT(rtapp_json_desc("{\"tasks\": 5, \"global\": {\"log_basename\": \"b\"}}", &d, err,
				  sizeof(err)),
		  -1);
	TU_EQ_INT(rtapp_json_desc(
			  "{\"tasks\": {\"a\": 1, \"b\": {\"phases\": 3}, \"c\": {\"phases\": {\"p\": 2}}}, "
			  "\"global\": {\"log_basename\": \"b\"}}",
			  &d, err, sizeof(err)),
		  0);
	TU_EQ_INT((int)d.ntask, 2);
	TU_CHECK(d.task[0].nphase == 1 && d.task[1].nphase == 0);
}

static const char *json1 =
	"{\"tasks\":{\"periodic\":{\"instance\":2,\"run\":3000,\"timer\":{\"ref\":\"unique\","
	"\"period\":10000}}},\"global\":{\"log_basename\":\"rt-app\"}}";

TU_TEST(rtapp_agg_payload_over_files)
{
	struct payload_file f[2] = { { .name = "rt-app-periodic-0.log" }, { .name = "rt-app.plot" } };
	struct payload_out o = { .file = f, .nfile = 2 };
	struct rtapp_sel sel = RTAPP_SEL_ALL;
	struct payload_vals v = { 0 };
	char err[300];

	f[0].text = slurp(FIX "rtapp-periodic-0.log");
	f[1].text = strdup("set terminal\n"); /* gnuplot's: not a thread log */
	TU_EQ_INT(rtapp_agg_payload(&o, json1, &sel, &v, err, sizeof(err)), 0);
	NEAR(get(&v, "rtapp.periods"), 300);
	NEAR(get(&v, "rtapp.c_duration"), 3000e3);
	/* a window: rows that start from 17.743858 s on (the last 2 here) */
	memset(&v, 0, sizeof(v));
	sel.t0_ns = 17743858000ull;
	TU_EQ_INT(rtapp_agg_payload(&o, json1, &sel, &v, err, sizeof(err)), 0);
	NEAR(get(&v, "rtapp.periods"), 2);
	NEAR(get(&v, "rtapp.wu_lat_max"), 295e3);
	NEAR(get(&v, "rtapp.wu_lat_mean"), (246e3 + 295e3) / 2);
	/* a log cut at its head (over PROTO_PAYLOAD_FILE_MAX in the guest): the
	 * partial first line is dropped, the rest count, but not in a phase */
	{
		char *whole = f[0].text;
		struct payload_file cutf = { .name = "rt-app-periodic-0.log", .len = strlen(whole) - 40 };
		struct payload_out co = { .file = &cutf, .nfile = 1 };
		struct rtapp_sel ph = { 0, UINT64_MAX, NULL, 0 };

		cutf.text = whole + 40, cutf.size = strlen(whole);
		memset(&v, 0, sizeof(v));
		TU_EQ_INT(rtapp_agg_payload(&co, json1, &RTAPP_SEL_ALL, &v, err, sizeof(err)), 0);
		NEAR(get(&v, "rtapp.periods"), 300); /* the cut line was a head */
		size_t row1 = (size_t)(strchr(strchr(whole, '\n') + 1, '\n') + 1 -
				       whole); /* after the heads */

		cutf.text = whole + row1 + 10, cutf.len = strlen(whole) - row1 - 10;
		memset(&v, 0, sizeof(v));
		TU_EQ_INT(rtapp_agg_payload(&co, json1, &RTAPP_SEL_ALL, &v, err, sizeof(err)), 0);
		NEAR(get(&v, "rtapp.periods"), 299); /* the first row was cut */
		memset(&v, 0, sizeof(v));
		TU_EQ_INT(rtapp_agg_payload(&co, json1, &ph, &v, err, sizeof(err)), 0);
		NEAR(get(&v, "rtapp.periods"), 0);
	}
	/* a broken log is an error naming it */
	f[0].text[strlen(f[0].text) - 5] = 'x';
	TU_EQ_INT(rtapp_agg_payload(&o, json1, &sel, &v, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "rt-app log rt-app-periodic-0.log line 302") != NULL);
	/* no thread log at all */
	o.file = &f[1], o.nfile = 1;
	TU_EQ_INT(rtapp_agg_payload(&o, json1, &sel, &v, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "rt-app left no thread log") != NULL);
	/* heads only */
	free(f[0].text);
	f[0].text = strdup("# Policy : SCHED_OTHER priority : 0\n");
	o.file = f, o.nfile = 1;
	TU_EQ_INT(rtapp_agg_payload(&o, json1, &sel, &v, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "thread logs have no rows") != NULL);
	free(f[0].text);
	free(f[1].text);
}

TU_TEST(rtapp_payload_file_chunks)
{
	struct payload_rec r = { 0 };
	char err[200];
	const char *out = "id=2\ncg=rt\nprog=rt-app\nstatus=4294967296\nsize=3\nseq=0\nend=1\ntext=ok\\n\n",
		   *f0 = "id=2\nname=rt-app-t-0.log\nsize=8\nseq=0\nend=0\ntext=# h\\n\n",
		   *f1 = "id=2\nname=rt-app-t-0.log\nsize=8\nseq=1\nend=1\ntext=1 2\\n\n",
		   *stray = "id=7\nname=x.log\nsize=1\nseq=0\nend=1\ntext=x\n",
		   *slash = "id=2\nname=../x.log\nsize=1\nseq=0\nend=1\ntext=x\n";

	TU_EQ_INT(payload_rec_take_file(&r, (const uint8_t *)f0, strlen(f0), err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "no payload 2") != NULL); /* its output comes first */
	TU_EQ_INT(payload_rec_take(&r, (const uint8_t *)out, strlen(out), err, sizeof(err)), 0);
	TU_EQ_INT(payload_rec_take_file(&r, (const uint8_t *)f0, strlen(f0), err, sizeof(err)), 0);
	TU_EQ_INT(payload_rec_take_file(&r, (const uint8_t *)f0, strlen(f0), err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "out of order") != NULL);
	TU_EQ_INT(payload_rec_take_file(&r, (const uint8_t *)f1, strlen(f1), err, sizeof(err)), 0);
	TU_EQ_INT(payload_rec_take_file(&r, (const uint8_t *)stray, strlen(stray), err, sizeof(err)), -1);
	TU_EQ_INT(payload_rec_take_file(&r, (const uint8_t *)slash, strlen(slash), err, sizeof(err)), -1);
	TU_EQ_INT((int)r.v[0].nfile, 1);
	TU_EQ_STR(r.v[0].file[0].text, "# h\n1 2\n");
	TU_CHECK(r.v[0].file[0].done && r.v[0].file[0].size == 8);
	payload_rec_free(&r);
}
