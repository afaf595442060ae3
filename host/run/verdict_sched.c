/* The scheduler's part of a verdict: its outcome as one item, or the
 * scenario's expected failure (`scheduler fails KIND matching "..."`). */
#include <math.h>
#include <stdio.h>

#include "host/sched/sched_explain.h"
#include "host/run/verdict.h"
#include "lib/scx_kind.h"

/* enum bc_fail -> enum scx_kind; SCX_PASS stands for any failure. */
static int fail_kind(unsigned f)
{
	switch (f) {
	case BC_FAIL_stall: return SCX_STALL;
	case BC_FAIL_error: return SCX_ERROR;
	case BC_FAIL_load: return SCX_LOAD;
	case BC_FAIL_exit: return SCX_EXIT;
	default: return SCX_PASS;
	}
}

static void expected(struct verdict *v, const struct interp_meta *m, const struct sched_rec *s)
{
	const char *pat = m->fail_match ? m->fail_match : "";
	char name[160], det[256];

	snprintf(name, sizeof(name), "scheduler fails %s%s%s%s", bc_enum_name(BC_E_FAIL, m->fail_kind),
		 *pat ? " matching \"" : "", pat, *pat ? "\"" : "");
	if (!s->result)
		verdict_add(v, V_ERROR, true, name, NAN, NAN, 'n', "the guest sent no scheduler result");
	else if (sched_explain_matches(s, fail_kind(m->fail_kind), pat)) {
		snprintf(det, sizeof(det), "it did: %s: %s", scx_kind_name(s->kind), s->why);
		verdict_add(v, V_PASS, true, name, NAN, NAN, 'n', det);
	} else if (s->kind == SCX_PASS) {
		snprintf(det, sizeof(det), "the scheduler did not fail: %s", s->why);
		verdict_add(v, V_FAIL, true, name, NAN, NAN, 'n', det);
	} else {
		snprintf(det, sizeof(det), "it failed otherwise: %s: %s", scx_kind_name(s->kind), s->why);
		verdict_add(v, V_FAIL, true, name, NAN, NAN, 'n', det);
	}
}

void verdict_sched(struct verdict *v, const struct interp_meta *m, const char *sched,
		   const struct sched_rec *s)
{
	char det[256];

	if (!sched) {
		if (m->expect_fail)
			verdict_add(v, V_ERROR, true, "scheduler fails", NAN, NAN, 'n',
				    "an expected scheduler failure needs a scheduler (--scheduler or the "
				    "scenario's)");
		return;
	}
	if (m->expect_fail) {
		expected(v, m, s);
		return;
	}
	if (!s->result) {
		verdict_add(v, V_ERROR, false, "scheduler", NAN, NAN, 'n',
			    "the guest sent no scheduler result");
		return;
	}
	snprintf(det, sizeof(det), "%s: %s", scx_kind_name(s->kind), s->why);
	verdict_add(v, s->kind == SCX_PASS ? V_PASS : V_FAIL, false, "scheduler", NAN, NAN, 'n', det);
}
