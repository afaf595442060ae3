/* The scheduler's part of a verdict: outcome items and expected failures. */
#include "host/sched/sched_stage.h"
#include "host/sched/sched_explain.h"
#include "host/run/verdict.h"
#include "lib/scx_kind.h"
#include "tests/unit/tu.h"

static void result(struct sched_rec *s, int kind, const char *why, const char *msg)
{
	memset(s, 0, sizeof(*s));
	s->result = true, s->kind = kind;
	snprintf(s->why, sizeof(s->why), "%s", why);
	snprintf(s->msg, sizeof(s->msg), "%s", msg);
}

static enum verdict_outcome judge(const struct interp_meta *m, const char *sched, const struct sched_rec *s,
				  char *detail)
{
	static struct verdict v;

	memset(&v, 0, sizeof(v));
	v.out = V_PASS;
	verdict_sched(&v, m, sched, s);
	if (detail)
		snprintf(detail, 256, "%s", v.nitems ? v.item[0].detail : "");
	return v.out;
}

TU_TEST(verdict_sched_outcome)
{
	struct interp_meta m = { 0 };
	struct sched_rec s;
	char det[256];

	result(&s, SCX_PASS, "stayed enabled and exited cleanly", "");
	TU_EQ_INT(judge(&m, "scx_simple", &s, det), V_PASS);
	result(&s, SCX_STALL, "watchdog: runnable task stall: spin[9] did not run for 5.0s", "");
	TU_EQ_INT(judge(&m, "scx_qmap:-t 2", &s, det), V_FAIL);
	TU_EQ_STR(det, "stall: watchdog: runnable task stall: spin[9] did not run for 5.0s");
	s.result = false; /* enabled, then the guest died */
	TU_EQ_INT(judge(&m, "scx_qmap", &s, NULL), V_ERROR);
	TU_EQ_INT(judge(&m, NULL, &s, NULL), V_PASS); /* the default scheduler: no item */
}

TU_TEST(verdict_sched_expected_failure)
{
	struct interp_meta m = { .expect_fail = true,
				 .fail_kind = BC_FAIL_stall,
				 .fail_match = "task stall" };
	struct sched_rec s;
	char det[256];

	result(&s, SCX_STALL, "watchdog: runnable task stall: init[1] did not run for 5.0s", "");
	TU_EQ_INT(judge(&m, "scx_qmap:-t 5", &s, det), V_PASS);
	TU_EQ_STR(det, "it did: stall: watchdog: runnable task stall: init[1] did not run for 5.0s");
	result(&s, SCX_PASS, "stayed enabled and exited cleanly", "");
	TU_EQ_INT(judge(&m, "scx_simple", &s, det), V_FAIL);
	TU_EQ_STR(det, "the scheduler did not fail: stayed enabled and exited cleanly");
	result(&s, SCX_ERROR, "scx_bpf_error: boom", "boom");
	TU_EQ_INT(judge(&m, "scx_qmap", &s, det), V_FAIL); /* another kind */
	result(&s, SCX_STALL, "watchdog: runnable task stall", "");
	m.fail_match = "no such text";
	TU_EQ_INT(judge(&m, "scx_qmap", &s, NULL), V_FAIL); /* the pattern must occur */
	m.fail_kind = BC_FAIL_any, m.fail_match = NULL;
	TU_EQ_INT(judge(&m, "scx_qmap", &s, NULL), V_PASS);
	TU_EQ_INT(judge(&m, NULL, &s, NULL), V_ERROR); /* nothing to fail */
	s.result = false;
	TU_EQ_INT(judge(&m, "scx_qmap", &s, det), V_ERROR); /* the guest died first */
	TU_EQ_STR(det, "the guest sent no scheduler result");
}

TU_TEST(sched_explain_matches_logs)
{
	struct sched_rec s;
	char verifier[] =
		"libbpf: prog 'x': BPF program load failed\nR1 invalid mem access 'map_value_or_null'\n";

	result(&s, SCX_LOAD, "load failed", "");
	s.log[SR_VERIFIER].text = verifier;
	TU_CHECK(sched_explain_matches(&s, SCX_LOAD, "map_value_or_null"));
	TU_CHECK(!sched_explain_matches(&s, SCX_STALL, ""));
	TU_CHECK(sched_explain_matches(&s, SCX_PASS, "")); /* any failure */
	s.log[SR_VERIFIER].text = NULL;
	TU_CHECK(!sched_explain_matches(&s, SCX_LOAD, "map_value_or_null"));
}

TU_TEST(sched_stage_spec_cli_wins)
{
	struct interp_meta m = { .sched = "scx_qmap", .sched_args = "-t 5" };
	char b[64];

	TU_EQ_STR(sched_stage_spec(NULL, &m, b, sizeof(b)), "scx_qmap:-t 5");
	TU_EQ_STR(sched_stage_spec("scx_simple", &m, b, sizeof(b)), "scx_simple");
	m.sched_args = "";
	TU_EQ_STR(sched_stage_spec(NULL, &m, b, sizeof(b)), "scx_qmap");
	m.sched = NULL;
	TU_CHECK(sched_stage_spec(NULL, &m, b, sizeof(b)) == NULL);
}
