/* The checks that both the compiler and the verifier apply to lists and to
 * the topology: a bytecode file written by hand (or damaged) is held to
 * the same limits as a compiled scenario. */
#include <stdlib.h>

#include "grammar/emit.h"
#include "grammar/kts.h"
#include "grammar/sbuf.h"
#include "interp/bc.h"
#include "lib/cpuset.h"
#include "tests/unit/tu.h"

TU_TEST(cpuset_check_says_why)
{
	struct cpuset s;
	char err[128];

	TU_EQ_INT(cpuset_check(&s, "0-3,8", 63, err, sizeof(err)), 0);
	TU_EQ_INT(cpuset_count(&s), 5);
	TU_EQ_INT(cpuset_check(&s, "3-1", 63, err, sizeof(err)), -1);
	TU_EQ_STR(err, "range 3-1 goes down; write the smaller number first");
	TU_EQ_INT(cpuset_check(&s, "0-99999999", 63, err, sizeof(err)), -1);
	TU_EQ_STR(err, "99999999 is past 63, the largest allowed");
	TU_EQ_INT(cpuset_check(&s, "99999999999999999999999", 63, err, sizeof(err)), -1);
	TU_EQ_STR(err, "4294967295 is past 63, the largest allowed");
	TU_EQ_INT(cpuset_check(&s, "1,,2", 63, err, sizeof(err)), -1);
	TU_EQ_STR(err, "expected a number at character 3");
	TU_EQ_INT(cpuset_check(&s, "1;2", 63, err, sizeof(err)), -1);
	TU_EQ_STR(err, "unexpected ';' at character 2");
	TU_EQ_INT(cpuset_check(&s, "8", 7, NULL, 0), -1);
	/* the unbounded parser keeps its bound: the set's size */
	TU_EQ_INT(cpuset_parse(&s, "255"), 0);
	TU_EQ_INT(cpuset_parse(&s, "256"), -1);
}

static const char *verify(struct emit *w)
{
	static char err[256];
	struct bc_prog p;
	uint8_t *b;
	size_t len;
	int rc;

	emit_op(w, OP_END);
	TU_CHECK(!emit_finish(w, &b, &len));
	rc = bc_load(&p, b, len, err, sizeof(err));
	free(b);
	emit_free(w);
	if (rc)
		return err;
	bc_prog_free(&p);
	return "ok";
}

static void head(struct emit *w)
{
	*w = (struct emit){ 0 };
	emit_op(w, OP_SCENARIO, emit_str(w, "s"), emit_str(w, ""));
}

static void cg_list(struct emit *w, enum bc_op op, const char *list)
{
	emit_op(w, OP_DURATION, emit_num(w, 1e9));
	emit_op(w, OP_CG_BEGIN, 0u, BC_ROOT, emit_str(w, "a"), 0u);
	emit_op(w, op, 0u, emit_str(w, list));
	emit_op(w, OP_CG_END, 0u);
}

TU_TEST(verify_holds_bytecode_to_the_language_limits)
{
	struct emit w;

	head(&w);
	emit_op(&w, OP_TOPOLOGY, emit_str(&w, "2n4l2c2t"));
	TU_EQ_STR(verify(&w), "ok");
	head(&w);
	emit_op(&w, OP_TOPOLOGY, emit_str(&w, "2n3l2c1t"));
	TU_CHECK(strstr(verify(&w), "3 LLCs cannot be split evenly over 2 nodes") != NULL);
	head(&w);
	cg_list(&w, OP_CPUSET_LIST, "0-3");
	TU_EQ_STR(verify(&w), "ok");
	head(&w);
	cg_list(&w, OP_CPUSET_LIST, "3-1");
	TU_CHECK(strstr(verify(&w), "list \"3-1\": range 3-1 goes down") != NULL);
	head(&w);
	cg_list(&w, OP_AFFINITY_LIST, "0-99999999");
	TU_CHECK(strstr(verify(&w), "99999999 is past 255") != NULL);
	head(&w);
	cg_list(&w, OP_MEMS_LIST, "8");
	TU_CHECK(strstr(verify(&w), "8 is past 7") != NULL);
	head(&w);
	cg_list(&w, OP_CPUSET_LIST, "");
	TU_CHECK(strstr(verify(&w), "list \"\" is empty") != NULL);
}

/* Compile src; the first line of the diagnostics, or "ok". */
static const char *first_error(const char *src)
{
	static char line[512];
	char *out = NULL;
	size_t olen = 0, len;
	FILE *m = open_memstream(&out, &olen);
	struct kts_opts o = { .diag = m };
	uint8_t *bc;
	int n = kts_compile_mem("l.kts", src, strlen(src), &o, &bc, &len);

	fclose(m);
	free(bc);
	snprintf(line, sizeof(line), "%s", n ? out : "ok");
	line[strcspn(line, "\n")] = 0;
	free(out);
	return line;
}

TU_TEST(limits_hold_at_their_bounds)
{
	struct sbuf b = { 0 };

	/* 64 levels in all (the scenario's brace is one) pass; one more does not */
	sb_printf(&b, "scenario s {\n    duration %.*s1s%.*s\n}\n", 63,
		  "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((", 63,
		  "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))");
	TU_EQ_STR(first_error(b.s), "ok");
	sb_free(&b);
	sb_printf(&b, "scenario s {\n    duration %.*s1s%.*s\n}\n", 64,
		  "((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((((", 64,
		  "))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))))");
	TU_EQ_STR(first_error(b.s), "l.kts:2:77: nested more than 64 levels deep");
	sb_free(&b);
	/* steps: the verifier's 4096, said at the step past it */
	sb_printf(&b, "scenario s {\n    duration 24h\n");
	for (int i = 0; i < BC_MAX_STEPS + 1; i++)
		sb_printf(&b, "    step 1s { wait 1ms }\n");
	sb_printf(&b, "}\n");
	TU_EQ_STR(first_error(b.s), "l.kts:4099:5: more than 4096 steps");
	sb_free(&b);
	TU_EQ_STR(first_error("scenario s {\n    duration 24h\n}\n"), "ok");
	TU_EQ_STR(first_error("scenario s {\n    duration 24h + 1ns\n}\n"),
		  "l.kts:2:14: this comes to a duration past the limit: durations go up to 24h");
	TU_EQ_STR(first_error("scenario s {\n    cgroup a { workers 1 work spin cpuset \"63\" }\n}\n"), "ok");
	TU_EQ_STR(first_error("scenario s {\n    step 1/2 { snapshot \"a\\nb\" }\n}\n"),
		  "l.kts:2:25: a snapshot name is 1 to 64 printable characters");
}
