/* ktsrun compare and ktsrun report on hand-made result files (written to
 * the scratch directory) and on a real pair in tests/fixtures/report/:
 * steady-like spinners under EEVDF, then with cgroup a throttled by
 * -D a_quota=10ms (cpu.max), both written before "schema_version" existed. */
#include <fcntl.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/report/report_color.h"
#include "host/report/report_compare.h"
#include "host/report/report_metric.h"
#include "host/report/report_text.h"
#include "tests/unit/tu.h"

#define FIX "tests/fixtures/report/"

static char out[65536];

/* Run a command with its stdout and stderr in out; returns its exit code. */
#define run(...) tu_cmd(out, sizeof(out), __VA_ARGS__)

/* One result: cgroup a with its work units, max gap (ns) and spread. */
struct res {
	const char *scenario, *topo, *sched, *verdict, *accel, *kernel;
	double units, gap, spread;
	const char *item_outcome; /* of the claim "a.work_units > 0"; NULL: PASS */
	const char *defines;	  /* JSON of "defines", or NULL: none */
	const char *sched_result; /* JSON of "scheduler_result", or NULL: null */
};

static void res_json(FILE *f, const struct res *r)
{
	fprintf(f,
		"{\"scenario\":\"%s\",\"file\":\"x.kts\",\"verdict\":\"%s\",\"reason\":\"\","
		"\"topology\":\"%s\",\"accel\":\"%s\",\"scheduler\":\"%s\",\"kernel_args\":\"\","
		"\"scheduler_result\":%s,\"wall_s\":5.0,\"max_gap_limit_ns\":3e9,\"spread_limit\":2.0,",
		r->scenario, r->verdict ? r->verdict : "PASS", r->topo ? r->topo : "1n2l1c1t",
		r->accel ? r->accel : "tcg", r->sched ? r->sched : "default (EEVDF)",
		r->sched_result ? r->sched_result : "null");
	if (r->kernel)
		fprintf(f, "\"kernel\":\"%s\",", r->kernel);
	if (r->defines)
		fprintf(f, "\"defines\":%s,", r->defines);
	fprintf(f,
		"\"items\":[{\"kind\":\"claim\",\"name\":\"a.work_units > 0\",\"outcome\":\"%s\","
		"\"value\":%.0f,\"limit\":null,\"detail\":\"\"}],"
		"\"cgroups\":[{\"name\":\"a\",\"work_units\":%.0f,\"max_gap\":%.0f,"
		"\"fairness_spread\":%g,\"p99_wake_latency\":null,\"workers\":2}]}",
		r->item_outcome ? r->item_outcome : "PASS", r->units, r->units, r->gap, r->spread);
}

/* A result file of n results in the scratch directory; returns its path. */
static const char *file(const char *name, unsigned n, const struct res *r)
{
	static char paths[16][256];
	static unsigned next;
	char *p = paths[next++ % 16];
	FILE *f;

	snprintf(p, 256, "%s/%s", tu_tmpdir(), name);
	f = fopen(p, "w");
	fputs("{\"schema_version\":1,\"verdict\":\"PASS\",\"results\":[", f);
	for (unsigned i = 0; i < n; i++) {
		if (i)
			fputc(',', f);
		res_json(f, &r[i]);
	}
	fputs("]}", f);
	fclose(f);
	return p;
}

static const char *text(const char *name, const char *content)
{
	static char paths[8][256];
	static unsigned next;
	char *p = paths[next++ % 8];
	FILE *f;

	snprintf(p, 256, "%s/%s", tu_tmpdir(), name);
	f = fopen(p, "w");
	fputs(content, f);
	fclose(f);
	return p;
}

static void opts_default(struct compare_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->abs_n = o->abs_d = o->abs_f = o->rel = NAN;
	o->emulation = -1;
}

static struct report_set sa, sb;

/* Compare a with b (both loaded); done() frees all. */
static void compare2(struct compare *c, const char *a, const char *b, const struct compare_opts *o)
{
	char err[512];

	TU_EQ_INT(report_load_file(&sa, a, err, sizeof(err)), 0);
	TU_EQ_INT(report_load_file(&sb, b, err, sizeof(err)), 0);
	TU_EQ_INT(report_compare(c, &sa, &sb, o, err, sizeof(err)), 0);
}

static void done(struct compare *c)
{
	report_compare_free(c);
	report_load_free(&sa);
	report_load_free(&sb);
}

static const struct compare_row *row_of(const struct compare *c, const char *variant, const char *metric)
{
	for (unsigned i = 0; i < c->nv; i++)
		for (unsigned k = 0; strcmp(c->v[i].name, variant) == 0 && k < c->v[i].nrows; k++)
			if (!strcmp(report_metric_name(c->v[i].row[k].metric), metric))
				return &c->v[i].row[k];
	return NULL;
}

TU_TEST(report_metric_table_has_a_direction_for_every_metric)
{
	for (unsigned m = 0; m < REPORT_M_COUNT; m++) {
		const struct report_metric *t = &report_metric_table[m];

		if (t->dir == REPORT_DIR_NONE)
			tu_fail(__FILE__, __LINE__, "metric %s has no entry in report_metric_table",
				report_metric_name(m));
		/* emulation is noisier: its gates are never the narrower */
		TU_CHECK(t->hw.abs >= 0 && t->hw.rel >= 0);
		TU_CHECK(t->emu.abs >= t->hw.abs && t->emu.rel >= t->hw.rel);
	}
	TU_EQ_INT(report_metric_table[BC_M_work_units].dir, REPORT_LOWER_WORSE);
	TU_EQ_INT(report_metric_table[BC_M_max_gap].dir, REPORT_HIGHER_WORSE);
	TU_EQ_INT(report_metric_table[BC_M_p99_wake_latency].dir, REPORT_HIGHER_WORSE);
	TU_EQ_INT(report_metric_table[BC_M_fairness_spread].dir, REPORT_HIGHER_WORSE);
	TU_EQ_INT(report_metric_find("max_gap"), BC_M_max_gap);
	TU_EQ_INT(report_metric_find("max_gaps"), -1);
}

TU_TEST(report_metric_formats_by_unit)
{
	char b[32];

	report_metric_fmt(b, sizeof(b), BC_M_max_gap, 41325933, false);
	TU_EQ_STR(b, "41.3 ms");
	report_metric_fmt(b, sizeof(b), BC_M_max_gap, 2.5e9, true);
	TU_EQ_STR(b, "+2.50 s");
	report_metric_fmt(b, sizeof(b), BC_M_fairness_spread, 0.095, false);
	TU_EQ_STR(b, "9.5%");
	report_metric_fmt(b, sizeof(b), BC_M_fairness_spread, -0.2, true);
	TU_EQ_STR(b, "-20.0 pt");
	report_metric_fmt(b, sizeof(b), BC_M_work_units, 733052, false);
	TU_EQ_STR(b, "733052");
	report_metric_fmt(b, sizeof(b), BC_M_work_units, 1367684.5, false);
	TU_EQ_STR(b, "1367684");
	report_metric_fmt(b, sizeof(b), BC_M_work_units, 12.25, true);
	TU_EQ_STR(b, "+12.25");
	report_metric_fmt(b, sizeof(b), BC_M_work_units, NAN, false);
	TU_EQ_STR(b, "-");
}

TU_TEST(report_real_throttled_cgroup_is_a_regression)
{
	struct compare_opts o;
	struct compare c;
	const struct compare_row *w;

	opts_default(&o);
	compare2(&c, FIX "eevdf.json", FIX "eevdf_a_throttled.json", &o);
	TU_EQ_INT(c.nv, 1);
	TU_CHECK(c.nv == 1 && c.v[0].emulated); /* accel "tcg" */
	/* a's share of the work and of the CPU fell from a half to a twentieth */
	w = row_of(&c, "compare_throttle/1n2l1c1t/eevdf", "work_units_share");
	TU_CHECK(w && !strcmp(w->cgroup, "a") && w->st == CMP_REGRESSION);
	TU_CHECK(w && w->rel < -0.9 && fabs(w->a - 0.491) < 0.001);
	w = row_of(&c, "compare_throttle/1n2l1c1t/eevdf", "cpu_time_share");
	TU_CHECK(w && !strcmp(w->cgroup, "a") && w->st == CMP_REGRESSION);
	/* under TCG the absolute count alone (-91%) is within what the host's load does */
	w = row_of(&c, "compare_throttle/1n2l1c1t/eevdf", "work_units");
	TU_CHECK(w && !strcmp(w->cgroup, "a") && w->st == CMP_SAME && w->rel < -0.9);
	/* b got a's CPU time: better, not a regression */
	for (unsigned k = 0; c.nv && k < c.v[0].nrows; k++)
		if (!strcmp(c.v[0].row[k].cgroup, "b") && c.v[0].row[k].metric == REPORT_M_work_units_share)
			TU_EQ_INT(c.v[0].row[k].st, CMP_IMPROVEMENT);
	TU_CHECK(report_compare_regressed(&c));
	done(&c);

	TU_EQ_INT(run(cmd_compare, "compare", FIX "eevdf.json", FIX "eevdf_a_throttled.json", NULL), 1);
	TU_CHECK(strstr(out, "a.work_units_share") && strstr(out, "REGRESSION"));
	/* on hardware's gates the absolute count is one too */
	TU_EQ_INT(run(cmd_compare, "compare", "--emulation", "off", "--metric", "a.work_units",
		      FIX "eevdf.json", FIX "eevdf_a_throttled.json", NULL),
		  1);
	TU_EQ_INT(run(cmd_compare, "compare", FIX "eevdf.json", FIX "eevdf.json", NULL), 0);
	TU_CHECK(strstr(out, "0 regressions") && !strstr(out, "REGRESSION"));
}

TU_TEST(report_compare_regression_and_improvement)
{
	struct res a = { "steady", .units = 100000, .gap = 40e6, .spread = 0.1 }, b = a, c2 = a;
	const char *fa, *fb, *fc;
	struct compare_opts o;
	struct compare c;

	b.units = 3000;	  /* -97%: a collapse, beyond emulation's 95% */
	c2.units = 60000; /* -40%: within it */
	fa = file("reg_a.json", 1, &a), fb = file("reg_b.json", 1, &b), fc = file("reg_c.json", 1, &c2);
	opts_default(&o);
	compare2(&c, fa, fb, &o);
	TU_EQ_INT(c.regressions, 1);
	TU_EQ_INT(c.improvements, 0);
	done(&c);
	compare2(&c, fb, fa, &o); /* the other way round it is better */
	TU_EQ_INT(c.regressions, 0);
	TU_EQ_INT(c.improvements, 1);
	TU_CHECK(!report_compare_regressed(&c));
	done(&c);
	compare2(&c, fa, fc, &o);
	TU_EQ_INT(c.regressions, 0);
	done(&c);
	/* the same -40% under hardware virtualisation's 10% gate is one */
	a.accel = c2.accel = "kvm";
	fa = file("reg_a_kvm.json", 1, &a), fc = file("reg_c_kvm.json", 1, &c2);
	compare2(&c, fa, fc, &o);
	TU_EQ_INT(c.regressions, 1);
	TU_CHECK(c.nv == 1 && !c.v[0].emulated);
	done(&c);
	/* ... and --rel widens it again */
	TU_EQ_INT(run(cmd_compare, "compare", fa, fc, "--rel", "45%", NULL), 0);
	TU_EQ_INT(run(cmd_compare, "compare", fa, fc, NULL), 1);
	TU_CHECK(strstr(out, "hardware gates") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", fa, fc, "--emulation", "on", NULL), 0);
}

TU_TEST(report_compare_tiny_values_are_noise_not_regressions)
{
	/* a gap of 1 ms that triples is +200%, but 2 ms is nothing */
	struct res a = { "steady", .units = 1000, .gap = 1e6, .spread = 0.01 }, b = a;
	const char *fa, *fb;
	struct compare_opts o;
	struct compare c;
	const struct compare_row *w;

	b.gap = 3e6, b.spread = 0.03, b.units = 970;
	fa = file("tiny_a.json", 1, &a), fb = file("tiny_b.json", 1, &b);
	opts_default(&o);
	compare2(&c, fa, fb, &o);
	TU_EQ_INT(c.regressions, 0);
	w = row_of(&c, "steady/1n2l1c1t/eevdf", "max_gap");
	TU_CHECK(w && w->st == CMP_SAME && fabs(w->rel - 2) < 1e-9);
	done(&c);
	/* with both gates lowered by hand the same change is a regression */
	TU_EQ_INT(run(cmd_compare, "compare", fa, fb, "--abs", "1ms", "--rel", "50%", NULL), 1);
	TU_CHECK(strstr(out, "a.max_gap") && strstr(out, "REGRESSION"));
	TU_CHECK(!strstr(out, "a.work_units")); /* -3% is within 50% */
	/* a fraction gate only moves fractions */
	TU_EQ_INT(run(cmd_compare, "compare", fa, fb, "--abs", "1%", "--rel", "50%", NULL), 1);
	TU_CHECK(strstr(out, "a.fairness_spread") && !strstr(out, "a.max_gap "));
}

TU_TEST(report_compare_spread_of_several_runs)
{
	struct res a[2] = { { "steady", .units = 1000, .gap = 1e6 }, { "steady", .units = 500, .gap = 1e6 } };
	struct res b[2] = { { "steady", .units = 350, .gap = 1e6 }, { "steady", .units = 550, .gap = 1e6 } };
	struct res bb[2] = { { "steady", .units = 200, .gap = 1e6 }, { "steady", .units = 250, .gap = 1e6 } };
	struct res near[2] = { { "steady", .units = 300, .gap = 1e6 },
			       { "steady", .units = 350, .gap = 1e6 } };
	const char *a1, *a2, *b1, *b2;
	struct compare_opts o;
	struct compare c;
	const struct compare_row *w;

	/* A 750 +- 250 against B 450 +- 100: -40%, beyond --rel 30%, but the ranges overlap */
	a1 = file("sp_a1.json", 1, &a[0]), a2 = file("sp_a2.json", 1, &a[1]);
	b1 = file("sp_b1.json", 1, &b[0]), b2 = file("sp_b2.json", 1, &b[1]);
	TU_EQ_INT(run(cmd_compare, "compare", "--rel", "30%", a1, a2, "--", b1, b2, NULL), 0);
	TU_CHECK(strstr(out, "within the noise") && strstr(out, "over 2 runs"));
	/* two runs in one file are two runs of the variant as well */
	opts_default(&o);
	o.rel = 0.3;
	compare2(&c, file("sp_a.json", 2, a), file("sp_b.json", 2, b), &o);
	w = row_of(&c, "steady/1n2l1c1t/eevdf", "work_units");
	TU_CHECK(w && w->st == CMP_NOISE && w->na == 2 && w->nb == 2);
	TU_CHECK(w && w->a == 750 && w->b == 450 && w->a_lo == 500 && w->b_hi == 550);
	TU_EQ_INT(c.noise, 1);
	TU_EQ_INT(c.regressions, 0);
	done(&c);
	/* a verdict that one of two B runs turned: how many had it, and that it is noise */
	b[1].verdict = "FAIL";
	TU_EQ_INT(run(cmd_compare, "compare", file("sp_a.json", 2, a), file("sp_bf.json", 2, b), NULL), 0);
	TU_CHECK(strstr(out, "steady/1n2l1c1t/eevdf  PASS (2 of 2 runs) -> FAIL (1 of 2 runs)  (within the "
			     "noise") != NULL);
	b[0].verdict = "ERROR"; /* both B runs worse than both A runs */
	TU_EQ_INT(run(cmd_compare, "compare", file("sp_a.json", 2, a), file("sp_be.json", 2, b), NULL), 1);
	TU_CHECK(strstr(out, "PASS (2 of 2 runs) -> FAIL (1 of 2 runs)  (a regression)") != NULL);
	/* every B run below every A run, but the nearest two (350 against 500) only -30%: noise */
	compare2(&c, file("sp_a.json", 2, a), file("sp_near.json", 2, near), &o);
	TU_EQ_INT(c.regressions, 0);
	TU_EQ_INT(c.noise, 1);
	done(&c);
	/* every B run below every A run by more than the gates: a regression */
	compare2(&c, file("sp_a.json", 2, a), file("sp_bb.json", 2, bb), &o);
	TU_EQ_INT(c.regressions, 1);
	done(&c);
}

TU_TEST(report_compare_new_missing_and_verdicts)
{
	struct res a[3] = { { "gone", .units = 10 }, { "kept", .units = 10 }, { "flips", .units = 10 } };
	struct res b[3] = { { "kept", .units = 10 }, { "added", .units = 10 }, { "flips", .units = 10 } };
	struct compare_opts o;
	struct compare c;
	const char *fa, *fb;

	b[2].verdict = "FAIL", b[2].item_outcome = "FAIL";
	fa = file("nm_a.json", 3, a), fb = file("nm_b.json", 3, b);
	opts_default(&o);
	compare2(&c, fa, fb, &o);
	TU_EQ_INT(c.nv, 2);
	TU_CHECK(c.nonly_a == 1 && !strcmp(c.only_a[0], "gone/1n2l1c1t/eevdf"));
	TU_CHECK(c.nonly_b == 1 && !strcmp(c.only_b[0], "added/1n2l1c1t/eevdf"));
	TU_EQ_INT(c.verdict_changes, 1);
	TU_EQ_INT(c.verdict_regressions, 1);
	TU_CHECK(report_compare_regressed(&c));
	done(&c);

	TU_EQ_INT(run(cmd_compare, "compare", fa, fb, NULL), 1);
	/* verdict changes come first, with the item that changed */
	TU_CHECK(strstr(out, "verdict changes (1)") && strstr(out, "flips/1n2l1c1t/eevdf  PASS -> FAIL"));
	TU_CHECK(strstr(out, "a.work_units > 0: PASS -> FAIL"));
	TU_CHECK(strstr(out, "verdict changes") < strstr(out, "new in B (1)"));
	TU_CHECK(strstr(out, "missing from B (1):\n  gone/1n2l1c1t/eevdf"));
	/* a failure that passes now, and a new and a missing variant: exit 0 */
	TU_EQ_INT(run(cmd_compare, "compare", fb, fa, NULL), 0);
	TU_CHECK(strstr(out, "FAIL -> PASS") != NULL);
	/* a pass that turns into a skip is listed, not gated */
	b[2].verdict = "SKIP", b[2].item_outcome = NULL;
	TU_EQ_INT(run(cmd_compare, "compare", fa, file("nm_skip.json", 3, b), NULL), 0);
	TU_CHECK(strstr(out, "PASS -> SKIP") != NULL);
}

TU_TEST(report_compare_says_when_the_sides_ran_with_other_params)
{
	struct res a = { "steady", .units = 1000, .gap = 1e6 }, b = a;

	b.defines = "{\"a_quota\":\"10ms\",\"n\":\"3\"}";
	TU_EQ_INT(run(cmd_compare, "compare", file("df_a.json", 1, &a), file("df_b.json", 1, &b), NULL), 0);
	TU_CHECK(strstr(out, "-D differs: A (none), B a_quota=10ms n=3") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", file("df_b2.json", 1, &b), file("df_b3.json", 1, &b), NULL), 0);
	TU_CHECK(!strstr(out, "-D differs"));
	b.defines = "{\"a_quota\":10}";
	TU_EQ_INT(run(cmd_compare, "compare", file("df_a.json", 1, &a), file("df_bad.json", 1, &b), NULL), 2);
	TU_CHECK(strstr(out, "-D a_quota is not a string") != NULL);
}

TU_TEST(report_compare_json_output)
{
	struct res a = { "steady", .units = 1000, .gap = 1e6 }, b = a;
	char path[256];
	json_object *o, *v;

	b.units = 10;
	snprintf(path, sizeof(path), "%s/cmp.json", tu_tmpdir());
	TU_EQ_INT(run(cmd_compare, "compare", file("js_a.json", 1, &a), file("js_b.json", 1, &b), "--json",
		      path, NULL),
		  1);
	o = json_object_from_file(path);
	TU_CHECK(o != NULL);
	TU_CHECK(json_object_object_get_ex(o, "regressed", &v) && json_object_get_boolean(v));
	TU_CHECK(json_object_object_get_ex(o, "variants", &v) && json_object_array_length(v) == 1);
	if (v && json_object_array_length(v) == 1) {
		json_object *m, *r0, *res;

		TU_CHECK(json_object_object_get_ex(json_object_array_get_idx(v, 0), "metrics", &m));
		r0 = m ? json_object_array_get_idx(m, 0) : NULL;
		TU_CHECK(r0 && json_object_object_get_ex(r0, "result", &res) &&
			 !strcmp(json_object_get_string(res), "regression"));
	}
	json_object_put(o);
	/* a --json that cannot be written is an error */
	TU_EQ_INT(run(cmd_compare, "compare", file("js_a.json", 1, &a), file("js_a2.json", 1, &a), "--json",
		      "/nonexistent/dir/x.json", NULL),
		  2);
	TU_CHECK(strstr(out, "cannot write") != NULL);
}

TU_TEST(report_load_takes_trailing_blanks_and_old_files)
{
	struct report_set s = { 0 };
	char err[512];

	TU_EQ_INT(report_load_file(&s, text("blank.json", "{\"results\":[]}\n\n"), err, sizeof(err)), 0);
	/* the fixtures have no schema_version: schema 1 */
	TU_EQ_INT(report_load_file(&s, FIX "eevdf.json", err, sizeof(err)), 0);
	TU_CHECK(s.n == 1 && s.res[0].ncg == 2 && s.res[0].cg[0].m[BC_M_work_units] == 733052);
	TU_CHECK(s.n == 1 && isnan(s.res[0].cg[0].m[BC_M_p99_wake_latency]));
	report_load_free(&s);
}

TU_TEST(report_variant_names)
{
	struct res r[4] = {
		{ "s", .sched = "default (EEVDF)", .kernel = "k1", .units = 1 },
		{ "s", .sched = "/opt/scheds/scx_foo:-t 2", .kernel = "k1", .units = 1 },
		{ "s", .sched = "default (EEVDF)", .kernel = "k2", .units = 1 },
		{ "t", .sched = "scx_simple", .kernel = "k1", .units = 1 },
	};
	struct report_set s = { 0 };
	char err[512];

	TU_EQ_INT(report_load_file(&s, file("names.json", 4, r), err, sizeof(err)), 0);
	TU_EQ_INT(s.n, 4);
	if (s.n == 4) {
		/* the kernel joins only where the file has the variant under two kernels */
		TU_EQ_STR(s.res[0].variant, "s/1n2l1c1t/eevdf/k1");
		TU_EQ_STR(s.res[1].variant, "s/1n2l1c1t/scx_foo:-t_2");
		TU_EQ_STR(s.res[2].variant, "s/1n2l1c1t/eevdf/k2");
		TU_EQ_STR(s.res[3].variant, "t/1n2l1c1t/scx_simple");
	}
	report_load_free(&s);
	/* the gauntlet's own name, when a result carries one, is taken as it is */
	TU_EQ_INT(report_load_file(&s,
				   text("gauntlet.json", "{\"results\":[{\"scenario\":\"s\",\"variant\":"
							 "\"s/tiny-2llc/eevdf\",\"verdict\":\"PASS\","
							 "\"scheduler\":\"default (EEVDF)\",\"items\":[],"
							 "\"cgroups\":[]}]}"),
				   err, sizeof(err)),
		  0);
	TU_CHECK(s.n == 1 && !strcmp(s.res[0].variant, "s/tiny-2llc/eevdf"));
	report_load_free(&s);
}

static const char *two_cgroups(const char *name, double ua, double ub, double ca, double cb)
{
	char buf[1024];

	snprintf(buf, sizeof(buf),
		 "{\"results\":[{\"scenario\":\"two\",\"verdict\":\"PASS\",\"accel\":\"tcg\","
		 "\"scheduler\":\"x\",\"cgroups\":[{\"name\":\"a\",\"work_units\":%g,\"cpu_time\":%g},"
		 "{\"name\":\"b\",\"work_units\":%g,\"cpu_time\":%g},{\"name\":\"b/in\","
		 "\"work_units\":%g,\"cpu_time\":%g}]}]}",
		 ua, ca, ub, cb, ub / 2, cb / 2);
	return text(name, buf);
}

/* Shares do not move when the host slows every cgroup alike; they do when
 * one cgroup loses what the other gains. */
TU_TEST(report_compare_shares_see_through_the_hosts_speed)
{
	const char *a = two_cgroups("sh_a.json", 500, 500, 1e9, 1e9);
	const char *slow = two_cgroups("sh_slow.json", 100, 100, 1e9, 1e9);
	const char *starved = two_cgroups("sh_starved.json", 150, 2850, 1e8, 1.9e9);
	struct compare_opts o;
	struct compare c;
	const struct compare_row *w;

	opts_default(&o);
	compare2(&c, a, slow, &o); /* -80% for both: within TCG's noise, shares unchanged */
	TU_EQ_INT(c.regressions, 0);
	w = row_of(&c, "two/-/x", "work_units_share");
	TU_CHECK(w && w->a == 0.5 && w->b == 0.5 && w->st == CMP_SAME);
	/* a nested cgroup's share is of the top-level sum too (b/in is half of b) */
	for (unsigned k = 0; c.nv && k < c.v[0].nrows; k++)
		if (!strcmp(c.v[0].row[k].cgroup, "b/in") &&
		    c.v[0].row[k].metric == REPORT_M_work_units_share)
			TU_CHECK(c.v[0].row[k].a == 0.25);
	done(&c);
	compare2(&c, a, starved, &o); /* a: -70% absolute, but its share 50% -> 5% */
	TU_EQ_INT(c.regressions, 2);
	w = row_of(&c, "two/-/x", "work_units");
	TU_CHECK(w && w->st == CMP_SAME);
	w = row_of(&c, "two/-/x", "work_units_share");
	TU_CHECK(w && !strcmp(w->cgroup, "a") && w->st == CMP_REGRESSION);
	w = row_of(&c, "two/-/x", "cpu_time_share");
	TU_CHECK(w && !strcmp(w->cgroup, "a") && w->st == CMP_REGRESSION);
	done(&c);
	/* one top-level cgroup: a share of 1 says nothing, so there is none */
	TU_EQ_INT(run(cmd_compare, "compare", "--verbose", FIX "eevdf.json", FIX "eevdf.json", NULL), 0);
	TU_CHECK(strstr(out, "a.work_units_share") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", "--verbose",
		      file("one_a.json", 1, &(struct res){ "s", .units = 9 }),
		      file("one_b.json", 1, &(struct res){ "s", .units = 9 }), NULL),
		  0);
	TU_CHECK(!strstr(out, "_share"));
}

/* The shape the gauntlet writes (issue 12): its own names, a preset, a
 * kernel label, and variants skipped before any boot with no items. */
static const char gauntlet[] =
	"{\"ktsrun_version\":\"0.1.0\",\"gauntlet\":{\"shard\":\"1/1\"},\"results\":["
	"{\"scenario\":\"steady\",\"file\":\"s.kts\",\"verdict\":\"SKIP\",\"reason\":\"needs KVM\","
	"\"topology\":\"1n14l9c2t\",\"scheduler\":\"eevdf\",\"wall_s\":0,\"variant\":"
	"\"steady/max-cpu/eevdf\",\"preset\":\"max-cpu\",\"kernel\":\"default\",\"booted\":false},"
	"{\"scenario\":\"steady\",\"file\":\"s.kts\",\"verdict\":\"FAIL\",\"reason\":\"\","
	"\"topology\":\"1n2l2c1t\",\"accel\":\"tcg\",\"scheduler\":\"default (EEVDF)\",\"items\":[],"
	"\"cgroups\":[{\"name\":\"a\",\"work_units\":10}],\"variant\":\"steady/tiny-2llc/eevdf\","
	"\"preset\":\"tiny-2llc\",\"kernel\":\"default\",\"booted\":true}],\"left_out\":[]}";

TU_TEST(report_reads_the_gauntlets_shape)
{
	const char *g = text("gauntlet_run.json", gauntlet);

	TU_EQ_INT(run(cmd_report, "report", g, NULL), 0);
	TU_CHECK(strstr(out, "eevdf: 2 variants: 0 pass, 1 fail, 0 error, 0 inconclusive, 1 skip\n"
			     "  scenario  max-cpu    tiny-2llc\n"
			     "  steady    SKIP       FAIL\n") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", g, g, NULL), 0);
	TU_CHECK(strstr(out, "2 variants in both, 0 new, 0 missing") != NULL);
	/* narrower than the matrix: slices of whole columns, each with the scenarios */
	setenv("COLUMNS", "30", 1);
	TU_EQ_INT(run(cmd_report, "report", g, NULL), 0);
	unsetenv("COLUMNS");
	TU_CHECK(strstr(out, "  scenario  max-cpu\n  steady    SKIP\n\n  scenario  tiny-2llc\n  steady    "
			     "FAIL\n") != NULL);
}

/* Every cut of a real result file and every byte of it changed: refused
 * with an error, or read (a change inside a string), never a crash. */
TU_TEST(report_load_survives_cut_and_changed_files)
{
	char *buf = NULL, path[256], err[512];
	size_t n = 0;
	FILE *f = fopen(FIX "eevdf.json", "r");
	unsigned refused = 0, read = 0;

	TU_CHECK(f != NULL);
	if (!f)
		return;
	buf = malloc(1 << 16);
	n = fread(buf, 1, 1 << 16, f);
	fclose(f);
	snprintf(path, sizeof(path), "%s/cut.json", tu_tmpdir());
	for (size_t cut = 0; cut <= n; cut += 7) {
		struct report_set s = { 0 };

		f = fopen(path, "w");
		fwrite(buf, 1, cut, f);
		fclose(f);
		if (report_load_file(&s, path, err, sizeof(err))) {
			refused++;
			TU_CHECK(strstr(err, path) == err && !strchr(err, '\n'));
		} else {
			read++;
		}
		report_load_free(&s);
	}
	TU_CHECK(read == 0 || (n % 7 == 0 && read == 1)); /* only the whole file reads */
	for (size_t i = 0; i < n; i += 3) {
		struct report_set s = { 0 };
		char keep = buf[i];

		buf[i] = (char)(keep ^ 0x5a);
		f = fopen(path, "w");
		fwrite(buf, 1, n, f);
		fclose(f);
		refused += report_load_file(&s, path, err, sizeof(err)) != 0;
		report_load_free(&s);
		buf[i] = keep;
	}
	TU_CHECK(refused > n / 7);
	free(buf);
}

/* One line, naming the file, exit 2. */
static void refused(const char *path, const char *says)
{
	const char *good = FIX "eevdf.json";
	char *nl;

	TU_EQ_INT(run(cmd_compare, "compare", good, path, NULL), 2);
	nl = strchr(out, '\n');
	TU_CHECK(nl && !nl[1]); /* one line */
	if (!strstr(out, path) || !strstr(out, says))
		tu_fail(__FILE__, __LINE__, "for %s expected '%s' in: %s", path, says, out);
	TU_EQ_INT(run(cmd_report, "report", path, NULL), 2);
	TU_CHECK(strstr(out, path) != NULL);
}

TU_TEST(report_bad_input_is_refused_in_one_line)
{
	refused(text("notjson.json", "{\"results\": [1, 2"), "not JSON (it ends early");
	refused(text("garbage.json", "PASS steady\n"), "not JSON");
	refused(text("empty.json", ""), "empty; give a file written by 'ktsrun run --json'");
	{
		char nul[256];
		FILE *f;

		snprintf(nul, sizeof(nul), "%s/nul.json", tu_tmpdir());
		f = fopen(nul, "w");
		fwrite("{\"results\":[]}\0\0", 1, 17, f); /* NUL bytes are not blanks */
		fclose(f);
		refused(nul, "not JSON");
	}
	refused(text("trail.json", "{\"results\":[]} x"), "not JSON (unexpected character at byte 15");
	refused(text("other.json", "{\"name\":\"package.json\"}"),
		"not a ktsrun result (no \"results\" list)");
	refused(text("schema2.json", "{\"schema_version\":2,\"results\":[]}"),
		"result schema 2, this ktsrun reads schema 1");
	refused(text("noscen.json", "{\"results\":[{\"verdict\":\"PASS\"}]}"), "result 1: no \"scenario\"");
	refused(text("badverdict.json", "{\"results\":[{\"scenario\":\"s\",\"verdict\":\"GREAT\"}]}"),
		"result 1 (s): no verdict of PASS");
	refused(text("badmetric.json",
		     "{\"results\":[{\"scenario\":\"s\",\"verdict\":\"PASS\",\"scheduler\":\"x\","
		     "\"items\":[],\"cgroups\":[{\"name\":\"a\",\"work_units\":\"lots\"}]}]}"),
		"cgroup a: work_units is not a number");
	refused(text("noitems.json",
		     "{\"results\":[{\"scenario\":\"s\",\"verdict\":\"PASS\",\"scheduler\":\"x\","
		     "\"items\":{}}]}"),
		"\"items\" is not a list");
	refused("/nonexistent/r.json", "cannot read: No such file or directory");
	TU_EQ_INT(run(cmd_compare, "compare", FIX "eevdf.json", "/", NULL), 2);
	TU_CHECK(strstr(out, "/: cannot read: not a regular file") != NULL);
}

TU_TEST(report_compare_usage_errors)
{
	TU_EQ_INT(run(cmd_compare, "compare", FIX "eevdf.json", NULL), 2);
	TU_CHECK(strstr(out, "compare needs two result files") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", FIX "eevdf.json", "--", NULL), 2);
	TU_CHECK(strstr(out, "no result file after '--'") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", "--metric", "speed", FIX "eevdf.json", FIX "eevdf.json", NULL),
		  2);
	TU_CHECK(strstr(out, "--metric 'speed': no such metric") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", "--metric", "zz.work_units", FIX "eevdf.json", FIX "eevdf.json",
		      NULL),
		  2);
	TU_CHECK(strstr(out, "--metric zz.work_units: no result on either side measured it") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", "--abs", "5parsecs", FIX "eevdf.json", FIX "eevdf.json", NULL),
		  2);
	TU_CHECK(strstr(out, "--abs '5parsecs'") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", "--rel", "-5%", FIX "eevdf.json", FIX "eevdf.json", NULL), 2);
	TU_EQ_INT(run(cmd_compare, "compare", "--help", NULL), 0);
	TU_CHECK(strstr(out, "usage: ktsrun compare") != NULL);
	/* a chosen metric prints even when within the gates */
	TU_EQ_INT(run(cmd_compare, "compare", "--metric", "b.max_gap", FIX "eevdf.json",
		      FIX "eevdf_a_throttled.json", NULL),
		  0);
	TU_CHECK(strstr(out, "b.max_gap") && strstr(out, "within the gates") && !strstr(out, "a.work_units"));
	/* a nested cgroup: dotted as in the scenario, or as the results name it */
	TU_EQ_INT(run(cmd_compare, "compare", "--metric", "outer.inner.max_gap", FIX "eevdf.json",
		      FIX "eevdf.json", NULL),
		  2);
	TU_CHECK(strstr(out, "--metric outer/inner.max_gap: no result") != NULL);
	TU_EQ_INT(run(cmd_compare, "compare", "--metric", "outer.inner.max_gap",
		      text("nested.json", "{\"results\":[{\"scenario\":\"n\",\"verdict\":\"PASS\","
					  "\"scheduler\":\"x\",\"cgroups\":[{\"name\":\"outer/inner\","
					  "\"max_gap\":1000000}]}]}"),
		      text("nested2.json", "{\"results\":[{\"scenario\":\"n\",\"verdict\":\"PASS\","
					   "\"scheduler\":\"x\",\"cgroups\":[{\"name\":\"outer/inner\","
					   "\"max_gap\":2000000}]}]}"),
		      NULL),
		  0);
	TU_CHECK(strstr(out, "outer/inner.max_gap") && strstr(out, "+1.0 ms"));
}

TU_TEST(report_text_matrix_and_failures)
{
	struct res r[5] = {
		{ "steady", .topo = "1n2l1c1t", .units = 10 },
		{ "steady", .topo = "2n4l2c2t", .verdict = "FAIL", .item_outcome = "FAIL", .units = 0 },
		{ "cpuset_resize", .topo = "1n2l1c1t", .verdict = "SKIP", .units = 10 },
		{ "steady", .topo = "1n2l1c1t", .sched = "scx_qmap:-t 2", .verdict = "FAIL", .units = 10,
		  .sched_result = "{\"kind\":\"stall\",\"why\":\"watchdog\",\"message\":\"runnable task "
				  "stall\",\"task\":\"spin[42]\",\"load_ms\":400}" },
		{ "steady", .topo = "1n2l1c1t", .verdict = "ERROR", .units = 10 },
	};
	const char *f = file("matrix.json", 5, r);
	const char *m, *e;

	TU_EQ_INT(run(cmd_report, "report", f, NULL), 0);
	m = strstr(out, "eevdf: 3 variants: 0 pass, 1 fail, 1 error, 0 inconclusive, 1 skip\n"
			"  scenario       1n2l1c1t   2n4l2c2t\n"
			"  steady         ERROR 1/2  FAIL\n"
			"  cpuset_resize  SKIP       -\n");
	if (!m)
		tu_fail(__FILE__, __LINE__, "matrix not found in:\n%s", out);
	TU_CHECK(strstr(out, "scx_qmap:-t_2: 1 variant: 0 pass, 1 fail") != NULL);
	TU_CHECK(strstr(out, "FAIL steady/1n2l1c1t/scx_qmap:-t_2 (") &&
		 strstr(out, "    scheduler: stall: runnable task stall\n"));
	TU_CHECK(
		strstr(out,
		       "\n4 variants, 5 runs in 1 file: 1 pass, 2 fail, 1 error, 0 inconclusive, 1 skip\n") !=
		NULL);
	/* the failures after the matrices, with their failed item */
	e = strstr(out, "FAIL steady/2n4l2c2t/eevdf (");
	TU_CHECK(e && m && e > m);
	TU_CHECK(strstr(out, "FAIL         claim a.work_units > 0: 0") != NULL);
	TU_CHECK(strstr(out, "ERROR steady/1n2l1c1t/eevdf") != NULL);
	TU_CHECK(!strchr(out, '\033')); /* not a terminal: no colour */
	TU_EQ_INT(run(cmd_report, "report", f, "--color", "always", NULL), 0);
	TU_CHECK(strstr(out, "\033[1;31mFAIL") != NULL);
	TU_EQ_INT(run(cmd_report, "report", f, "--color", "sometimes", NULL), 2);
	TU_EQ_INT(run(cmd_report, "report", NULL), 2);
	TU_CHECK(strstr(out, "report needs result files") != NULL);
}

TU_TEST(report_color_only_on_a_terminal_without_no_color)
{
	struct report_color c;
	const char *saved = getenv("NO_COLOR");
	char *keep = saved ? strdup(saved) : NULL;
	int m = posix_openpt(O_RDWR | O_NOCTTY);
	FILE *tty = NULL, *file_out = tmpfile();

	if (m >= 0 && !grantpt(m) && !unlockpt(m))
		tty = fopen(ptsname(m), "w");
	TU_CHECK(tty != NULL && file_out != NULL);
	if (!tty || !file_out)
		goto out;
	unsetenv("NO_COLOR");
	report_color_init(&c, tty);
	TU_CHECK(c.on);
	TU_EQ_STR(report_color_verdict(&c, V_FAIL), "\033[1;31m");
	report_color_init(&c, file_out);
	TU_CHECK(!c.on);
	TU_EQ_STR(report_color_verdict(&c, V_FAIL), "");
	setenv("NO_COLOR", "1", 1);
	report_color_init(&c, tty);
	TU_CHECK(!c.on);
	setenv("NO_COLOR", "", 1); /* set but empty does not count (no-color.org) */
	report_color_init(&c, tty);
	TU_CHECK(c.on);
out:
	if (keep)
		setenv("NO_COLOR", keep, 1);
	else
		unsetenv("NO_COLOR");
	free(keep);
	if (tty)
		fclose(tty);
	if (file_out)
		fclose(file_out);
	if (m >= 0)
		close(m);
}
