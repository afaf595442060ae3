/* The HTML report on hand-made results: hostile names stay text, the file
 * is well-formed (xmllint), the matrix has a cell per variant and each
 * timeline a lane per CPU grouped by LLC, violations are drawn, and a
 * 30-variant gauntlet with 100 Hz samples stays small. */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "tests/unit/tu.h"

static char out[4096];

#define EVIL "</script><svg onload=alert(1)><script>alert(2)</script>"

static json_object *arr_fn(unsigned n, double (*fn)(unsigned i, unsigned c), unsigned c)
{
	json_object *a = json_object_new_array_ext((int)n);

	for (unsigned i = 0; i < n; i++)
		json_object_array_add(a, json_object_new_double(fn(i, c)));
	return a;
}

static double t_ms(unsigned i, unsigned c)
{
	(void)c;
	return i * 10.0 - 500;
}
static double nr(unsigned i, unsigned c)
{
	return (i / 7 + c) % 4;
}
static double idle(unsigned i, unsigned c)
{
	return (i + c) % 3 == 0;
}
static double wait(unsigned i, unsigned c)
{
	return c == 1 && i > 100 ? (i - 100) * 10.0 : 0; /* CPU 1 stalls */
}
static double pid(unsigned i, unsigned c)
{
	return 100 + (i + c) % 4;
}

static void add(json_object *o, const char *k, json_object *v)
{
	json_object_object_add(o, k, v);
}

static json_object *str(const char *s)
{
	return json_object_new_string(s);
}

static json_object *monitor(unsigned ncpus, unsigned n)
{
	json_object *m = json_object_new_object(), *tl = json_object_new_object(),
		    *cpus = json_object_new_array();

	add(m, "state", str("attached"));
	add(tl, "t_ms", arr_fn(n, t_ms, 0));
	add(m, "timeline", tl);
	for (unsigned c = 0; c < ncpus; c++) {
		json_object *o = json_object_new_object();

		add(o, "cpu", json_object_new_int((int)c));
		add(o, "nr_running", arr_fn(n, nr, c));
		add(o, "idle", arr_fn(n, idle, c));
		add(o, "wait_ms", arr_fn(n, wait, c));
		add(o, "curr_pid", arr_fn(n, pid, c));
		json_object_array_add(cpus, o);
	}
	add(m, "cpus", cpus);
	return m;
}

static json_object *item(const char *name, const char *outcome, double v, double lim, const char *detail)
{
	json_object *o = json_object_new_object();

	add(o, "kind", str("check"));
	add(o, "name", str(name));
	add(o, "outcome", str(outcome));
	add(o, "value", json_object_new_double(v));
	add(o, "limit", json_object_new_double(lim));
	add(o, "detail", str(detail));
	return o;
}

static json_object *worker(int id, const char *set, int pid_, double gap_ms, double at)
{
	json_object *o = json_object_new_object();

	add(o, "id", json_object_new_int(id));
	add(o, "set", str(set));
	add(o, "work", str("spin"));
	add(o, "pid", json_object_new_int(pid_));
	add(o, "max_gap_ms", json_object_new_double(gap_ms));
	add(o, "gap_start_ms", json_object_new_double(at));
	add(o, "gap_cpu", json_object_new_int(2));
	return o;
}

/* A failed run on 1n2l2c1t: 4 CPUs in 2 LLCs, a stall on CPU 1, a worker's
 * gap over the limit, a scheduler exit; names from a hostile file. */
static json_object *result(const char *scenario, const char *topo, const char *verdict, json_object *mon)
{
	json_object *r = json_object_new_object(), *it = json_object_new_array(),
		    *cg = json_object_new_array(), *st = json_object_new_array(),
		    *tp = json_object_new_array(), *w = json_object_new_array(),
		    *win = json_object_new_array(), *mo = json_object_new_object(),
		    *fv = json_object_new_object(), *c = json_object_new_object(), *s,
		    *sets = json_object_new_object(), *a = json_object_new_object();

	add(r, "scenario", str(scenario));
	add(r, "verdict", str(verdict));
	add(r, "scheduler", str("scx_simple"));
	add(r, "topology", str(topo));
	add(r, "accel", str("tcg"));
	add(r, "max_gap_limit_ns", json_object_new_double(3e9));
	json_object_array_add(it, item("monitor.max_runnable_wait", "FAIL", 4e9, 1.6e9, EVIL));
	json_object_array_add(it, item("a.work_units > 0", "PASS", 10, 0, ""));
	add(r, "items", it);
	add(c, "name", str("a" EVIL));
	add(c, "work_units", json_object_new_double(1000));
	json_object_array_add(cg, c);
	add(r, "cgroups", cg);
	add(r, "monitor", mon);
	for (int i = 0; i < 2; i++) {
		s = json_object_new_object();
		add(s, "name", str(i ? "step 1 " EVIL : "start"));
		add(s, "t_ms", json_object_new_double(i * 800.0));
		json_object_array_add(st, s);
	}
	add(r, "steps", st);
	for (int i = 0; i < 4; i++) {
		s = json_object_new_object();
		add(s, "cpu", json_object_new_int(i));
		add(s, "node", json_object_new_int(0));
		add(s, "llc", json_object_new_int(i / 2 * 2));
		json_object_array_add(tp, s);
	}
	add(r, "cpu_topology", tp);
	json_object_array_add(w, worker(0, "a" EVIL, 100, 10, 0));
	json_object_array_add(w, worker(1, "b", 101, 3500, 400)); /* over the 3 s limit */
	add(r, "workers", w);
	s = json_object_new_object();
	add(s, "t0_ms", json_object_new_double(0));
	add(s, "t1_ms", json_object_new_double(1000));
	add(a, "work_units", json_object_new_double(500));
	add(sets, "b", a);
	add(s, "sets", sets);
	json_object_array_add(win, s);
	add(r, "windows", win);
	add(fv, "finding", str("max_runnable_wait"));
	add(fv, "cpu", json_object_new_int(1));
	add(fv, "t_ms", json_object_new_double(1234));
	add(mo, "first_violation", fv);
	add(mo, "findings", json_object_new_array());
	add(r, "moments", mo);
	add(r, "output", str("FAIL\n</pre>" EVIL "\033[31m\x01 console\n"));
	return r;
}

static char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "r");
	char *b = NULL;
	long len;

	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	if (len >= 0 && (b = malloc((size_t)len + 1)) && fread(b, 1, (size_t)len, f) == (size_t)len)
		b[len] = '\0', *n = (size_t)len;
	fclose(f);
	return b;
}

static long xpath_count(const char *path, const char *expr)
{
	char cmd[1024], buf[64] = "";
	FILE *p;

	snprintf(cmd, sizeof(cmd), "xmllint --xpath 'count(%s)' %s 2>/dev/null", expr, path); /* expr: no ' */
	if (!(p = popen(cmd, "r")))
		return -1;
	if (!fgets(buf, sizeof(buf), p))
		buf[0] = '\0';
	pclose(p);
	return buf[0] ? strtol(buf, NULL, 10) : -1;
}

static unsigned count(const char *hay, const char *needle)
{
	unsigned n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p++)
		n++;
	return n;
}

TU_TEST(report_html_escapes_names_and_draws_a_lane_per_cpu)
{
	char in[256], html[256], cmd[600];
	json_object *top = json_object_new_object(), *res = json_object_new_array();
	json_object *skip = json_object_new_object();
	size_t n = 0;
	char *x;

	snprintf(in, sizeof(in), "%s/evil.json", tu_tmpdir());
	snprintf(html, sizeof(html), "%s/evil.html", tu_tmpdir());
	json_object_array_add(res, result("evil" EVIL, "1n2l2c1t", "FAIL", monitor(4, 300)));
	json_object_array_add(res, result("steady", "1n2l2c1t", "PASS", monitor(4, 50)));
	add(skip, "scenario", str("steady"));
	add(skip, "verdict", str("SKIP"));
	add(skip, "scheduler", str("scx_simple"));
	add(skip, "topology", str("numa2"));
	add(skip, "reason", str("does not fit " EVIL));
	json_object_array_add(res, skip);
	add(top, "results", res);
	TU_EQ_INT(json_object_to_file(in, top), 0);
	json_object_put(top);

	TU_EQ_INT(tu_cmd(out, sizeof(out), cmd_report, "report", in, "--html", html, NULL), 0);
	x = slurp(html, &n);
	TU_CHECK(x != NULL);
	if (!x)
		return;
	/* nothing from the file is markup: no script, no element with a handler */
	TU_CHECK(!strstr(x, "<script") && !strstr(x, "<svg onload") && !strstr(x, "</script>"));
	TU_CHECK(strstr(x, "&lt;/script&gt;&lt;svg onload=alert(1)&gt;") != NULL);
	TU_CHECK(!strchr(x, '\033') && !strchr(x, '\x01')); /* console controls are U+FFFD */
	TU_CHECK(strstr(x, "default-src 'none'; style-src 'sha256-") != NULL);
	TU_EQ_INT(count(x, "<style>"), 1);
	/* well-formed, so no name broke out of its element or attribute */
	snprintf(cmd, sizeof(cmd), "xmllint --noout %s", html);
	TU_EQ_INT(system(cmd), 0);
	TU_EQ_INT(xpath_count(html, "//*[local-name()=\"td\"][starts-with(@class,\"cell \")]"), 3);
	TU_EQ_INT(xpath_count(html, "//*[local-name()=\"svg\"][@class=\"cpus\"]"), 2);
	TU_EQ_INT(xpath_count(html, "//*[@class=\"lane\"]"), 8);
	TU_EQ_INT(xpath_count(html, "(//*[local-name()=\"svg\"][@class=\"cpus\"])[1]//*[@class=\"lane\"]"),
		  4);
	TU_CHECK(strstr(x, ">LLC 0: CPUs 0-1</text>") && strstr(x, ">LLC 1: CPUs 2-3</text>"));
	/* the stall on CPU 1's lane at 1.23 s, the gap of worker 1, the step */
	TU_CHECK(
		strstr(x, "monitor&apos;s first sustained violation: max_runnable_wait on CPU 1 at 1.23 s") !=
		NULL);
	TU_CHECK(strstr(x, "max_gap: worker 1 did not run for 3500 ms, then resumed on CPU 2 at 0.40 s") !=
		 NULL);
	TU_CHECK(strstr(x, "<rect class=\"gap\"") != NULL);
	TU_CHECK(strstr(x, "step 1 &lt;/script&gt;") != NULL);
	TU_CHECK(strstr(x, "CPUs running each cgroup&apos;s workers") != NULL);
	/* the cells link to their runs, and the runs are there */
	TU_CHECK(strstr(x, "<a href=\"#r0\"") && strstr(x, "<section class=\"run\" id=\"r2\">"));
	free(x);
}

TU_TEST(report_html_thirty_variants_at_100hz_stay_small)
{
	char in[256], html[256];
	json_object *top = json_object_new_object(), *res = json_object_new_array();
	json_object *mon = monitor(8, 3000); /* 8 CPUs, 30 s at 100 Hz */
	size_t n = 0;
	char *x;

	snprintf(in, sizeof(in), "%s/big.json", tu_tmpdir());
	snprintf(html, sizeof(html), "%s/big.html", tu_tmpdir());
	for (int i = 0; i < 30; i++) {
		char name[32];

		snprintf(name, sizeof(name), "s%d", i % 10);
		json_object_array_add(res, result(name,
						  i < 10   ? "1n2l4c1t"
						  : i < 20 ? "2n4l1c2t"
							   : "8c",
						  i % 7 ? "PASS" : "FAIL", json_object_get(mon)));
	}
	json_object_put(mon);
	add(top, "results", res);
	TU_EQ_INT(json_object_to_file(in, top), 0);
	json_object_put(top);
	TU_EQ_INT(tu_cmd(out, sizeof(out), cmd_report, "report", in, "--html", html, NULL), 0);
	x = slurp(html, &n);
	TU_CHECK(x && n < 3u << 20);
	TU_EQ_INT(xpath_count(html, "//*[@class=\"lane\"]"), 30 * 8);
	TU_EQ_INT(xpath_count(html, "//*[local-name()=\"td\"][starts-with(@class,\"cell \")]"), 30);
	free(x);
}

TU_TEST(report_html_bad_output_path_leaves_nothing)
{
	char in[256], dir[256];
	json_object *top = json_object_new_object(), *res = json_object_new_array();

	snprintf(in, sizeof(in), "%s/one.json", tu_tmpdir());
	snprintf(dir, sizeof(dir), "%s/no/such/dir/out.html", tu_tmpdir());
	json_object_array_add(res, result("steady", "4c", "PASS", monitor(4, 10)));
	add(top, "results", res);
	TU_EQ_INT(json_object_to_file(in, top), 0);
	json_object_put(top);
	TU_EQ_INT(tu_cmd(out, sizeof(out), cmd_report, "report", in, "--html", dir, NULL), 2);
	TU_CHECK(strstr(out, "cannot write there") != NULL);
	TU_EQ_INT(tu_cmd(out, sizeof(out), cmd_report, "report", in, "--html", "", NULL), 2);
	TU_CHECK(strstr(out, "--html needs a file name") != NULL);
}

/* Members of the wrong type, nulls, strings for numbers, huge and negative
 * values, mismatched lengths: drawn around, never trusted. */
TU_TEST(report_html_survives_wrong_types)
{
	static const char *const bodies[] = {
		"\"monitor\":{\"state\":\"attached\",\"timeline\":{\"t_ms\":[0,\"x\",null,1e308,-5]},"
		"\"cpus\":[{\"cpu\":\"0\",\"nr_running\":[1e300,-1,\"2\"],\"idle\":{},\"wait_ms\":[null]},7,"
		"null]},"
		"\"cpu_topology\":[{\"cpu\":0,\"node\":1e12,\"llc\":-3},\"x\"],\"steps\":{\"name\":1},"
		"\"workers\":[{\"set\":5,\"pid\":-1},{\"set\":\"a\",\"pid\":1e20}],"
		"\"windows\":[{\"t0_ms\":5,\"t1_ms\":1,\"sets\":[]},7],"
		"\"moments\":{\"first_violation\":{\"t_ms\":\"soon\",\"cpu\":999},\"findings\":7},"
		"\"baseline\":[{\"name\":7},{\"name\":\"a\",\"work_units\":\"many\"}],\"output\":7",
		"\"monitor\":{\"state\":\"attached\",\"timeline\":{\"t_ms\":[]},\"cpus\":[]},\"steps\":[],"
		"\"output\":\"\"",
		"\"monitor\":{\"state\":\"waiting\",\"why\":\"<b>no</b>\"},\"topology\":\"junk\"",
		"\"monitor\":[1,2],\"windows\":[{\"t0_ms\":0,\"t1_ms\":0}]",
		"\"monitor\":{\"state\":\"attached\",\"timeline\":{\"t_ms\":[-1e308,1e308,0]},"
		"\"cpus\":[{\"nr_running\":[1,2,3],\"wait_ms\":[1e308,5,5]}]},"
		"\"steps\":[{\"name\":\"x\",\"t_ms\":1e308}],\"windows\":[{\"t0_ms\":-1e308,\"t1_ms\":1e308}]"
		","
		"\"workers\":[{\"set\":\"a\",\"pid\":3}]",
		"\"monitor\":{\"state\":\"attached\",\"timeline\":{\"t_ms\":[0,1e300]},"
		"\"cpus\":[{\"nr_running\":[1,2],\"wait_ms\":[1e300,5]}]}",
	};
	char in[256], html[256], cmd[600], *x;
	size_t n;

	for (unsigned i = 0; i < sizeof(bodies) / sizeof(bodies[0]); i++) {
		FILE *f;

		snprintf(in, sizeof(in), "%s/odd%u.json", tu_tmpdir(), i);
		snprintf(html, sizeof(html), "%s/odd%u.html", tu_tmpdir(), i);
		f = fopen(in, "w");
		TU_CHECK(f != NULL);
		if (!f)
			return;
		fprintf(f,
			"{\"results\":[{\"scenario\":\"s\",\"verdict\":\"FAIL\",\"scheduler\":\"x\","
			"\"topology\":\"1n2l1c1t\",\"cgroups\":[{\"name\":\"a\"}],%s}]}",
			bodies[i]);
		fclose(f);
		TU_EQ_INT(tu_cmd(out, sizeof(out), cmd_report, "report", in, "--html", html, NULL), 0);
		snprintf(cmd, sizeof(cmd), "xmllint --noout %s", html);
		TU_EQ_INT(system(cmd), 0);
		x = slurp(html, &n);
		/* no number a browser refuses ("%.1f" of infinity or NaN) */
		TU_CHECK(x && !strstr(x, "nan") && !strstr(x, "\"inf") && !strstr(x, "Hinf") &&
			 !strstr(x, "Vinf") && !strstr(x, " inf") && !strstr(x, "-inf"));
		free(x);
	}
}
