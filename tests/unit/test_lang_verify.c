/* The verifier refuses every malformed program with one clear message. */
#include <stdlib.h>
#include <string.h>

#include "grammar/emit.h"
#include "grammar/kts.h"
#include "interp/bc.h"
#include "tests/unit/tu.h"

static const char *verify(const uint8_t *b, size_t len)
{
	static char err[256];
	struct bc_prog p;

	if (bc_load(&p, b, len, err, sizeof(err)))
		return err;
	bc_prog_free(&p);
	return NULL;
}

/* A program from writer calls; the header is made by emit_finish. */
static const char *verify_w(struct emit *w)
{
	uint8_t *b;
	size_t len;
	const char *e;

	TU_CHECK(!emit_finish(w, &b, &len));
	e = verify(b, len);
	free(b);
	emit_free(w);
	return e;
}

static void head(struct emit *w)
{
	emit_op(w, OP_SCENARIO, emit_str(w, "t"), emit_str(w, ""));
}

static void refix_crc(uint8_t *b, size_t len)
{
	uint32_t c = bc_crc32(b + BC_HDR_LEN, len - BC_HDR_LEN);

	for (int i = 0; i < 4; i++)
		b[44 + i] = (uint8_t)(c >> (8 * i));
}

static const char scenario[] =
	"scenario v { requires llcs >= 2\n cgroup a { workers 2 work bursty(burst = 1ms) cgroup b }\n"
	"step 1/2 { add cgroup c { workers 1 work spin } freeze a }\n step 1/2 every 10ms { sigstop a }\n"
	"expect { a.max_gap[step 1] <= 1s\n monitor clean\n scheduler fails stall } }\n";

static uint8_t *compiled(size_t *len)
{
	struct kts_opts o = { 0 };
	uint8_t *b;

	TU_EQ_INT(kts_compile_mem("v.kts", scenario, sizeof(scenario) - 1, &o, &b, len), 0);
	return b;
}

TU_TEST(lang_verify_header)
{
	size_t len;
	uint8_t *b = compiled(&len), *c = malloc(len + 1);

	TU_CHECK(verify(b, len) == NULL);
#define MUT(off, val, msg)       \
	memcpy(c, b, len);       \
	c[off] = (uint8_t)(val); \
	TU_EQ_STR(verify(c, len), msg)
	MUT(0, 'X', "not ktsrun bytecode (bad magic)");
	MUT(4, 1, "bytecode version 1.2, this ktsrun reads 2.0 to 2.2: recompile it");
	MUT(5, 3, "bytecode version 2.3, this ktsrun reads 2.0 to 2.2: recompile it");
	MUT(6, 1, "bytecode format 1 is not the official format 0");
	MUT(7, 4, "bytecode built with other sizes (int 4, float 8, index 2)");
	MUT(12, '\n', "bytecode corrupted (text-mode or 7-bit conversion?)");
	MUT(16, 0x56, "bytecode built for another byte order or float format");
	MUT(31, 0, "bytecode built for another byte order or float format");
	MUT(BC_HDR_LEN + 3, b[BC_HDR_LEN + 3] ^ 1, "bytecode corrupted: checksum mismatch");
#undef MUT
	memcpy(c, b, len);
	c[43] = 1;
	TU_CHECK(!strncmp(verify(c, len), "bytecode too large (", 20));
	TU_EQ_STR(verify(b, 20), "bytecode truncated: 20 of 48 header bytes");
	memcpy(c, b, len);
	c[len] = 0;
	TU_CHECK(strstr(verify(c, len + 1), "has trailing bytes") != NULL);
	TU_CHECK(strstr(verify(b, len - 1), "bytecode truncated: header says") != NULL);
	free(b);
	free(c);
}

/* Every truncation and every byte of every value, with the checksum made
 * right again, is either refused or verified safely (ASan watches). */
TU_TEST(lang_verify_mutations)
{
	size_t len;
	uint8_t *b = compiled(&len), *c = malloc(len);
	int refused = 0, total = 0;

	for (size_t n = 0; n < len; n++)
		TU_CHECK(verify(b, n) != NULL);
	for (size_t i = BC_HDR_LEN; i < len; i++)
		for (int v = 0; v < 256; v += 7) {
			memcpy(c, b, len);
			c[i] = (uint8_t)v;
			refix_crc(c, len);
			total++;
			refused += verify(c, len) != NULL;
		}
	TU_CHECK(refused > total / 2);
	free(b);
	free(c);
}

TU_TEST(lang_verify_structure)
{
	struct emit w = { 0 };

	/* the first op must be SCENARIO, the last END */
	emit_op(&w, OP_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0000: program does not start with SCENARIO");
	head(&w);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: program does not end with END");
	head(&w);
	emit_op(&w, OP_END);
	emit_op(&w, OP_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: code after END");
	/* unknown opcode, truncated operand */
	head(&w);
	emit_op(&w, OP_END);
	w.code[w.len - 1] = 200;
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: unknown opcode 200");
	head(&w);
	emit_op(&w, OP_DURATION, 0u);
	w.len -= 1;
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: DURATION is truncated");
	/* operands of the wrong kind */
	head(&w);
	emit_op(&w, OP_DURATION, 0u);
	emit_op(&w, OP_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: operand 0 is not a number constant");
	head(&w);
	emit_op(&w, OP_DURATION, 77u);
	emit_op(&w, OP_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: operand 77 is not a number constant");
	head(&w);
	emit_op(&w, OP_DURATION, emit_num(&w, -5));
	emit_op(&w, OP_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: constant 2 is a negative duration");
	head(&w);
	emit_op(&w, OP_TAG, emit_num(&w, 1));
	emit_op(&w, OP_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: operand 2 is not a string constant");
	/* cgroups */
	head(&w);
	emit_op(&w, OP_CG_BEGIN, 1u, BC_ROOT, emit_str(&w, "a"), 0u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: cgroup id 1 out of sequence");
	head(&w);
	emit_op(&w, OP_CG_BEGIN, 0u, BC_ROOT, emit_str(&w, "../etc"), 0u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: cgroup name \"../etc\" is not a safe path component");
	head(&w);
	emit_op(&w, OP_CG_BEGIN, 0u, BC_ROOT, emit_str(&w, "a"), 9u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: CG_BEGIN: value 9 out of range");
	head(&w);
	emit_op(&w, OP_CG_BEGIN, 0u, BC_ROOT, emit_str(&w, "a"), 0u);
	emit_op(&w, OP_NICE, 1u, emit_num(&w, 3));
	TU_EQ_STR(verify_w(&w), "bytecode: at 000d: cgroup 1 is not declared");
	head(&w);
	emit_op(&w, OP_CG_BEGIN, 0u, BC_ROOT, emit_str(&w, "a"), 0u);
	emit_op(&w, OP_CG_END, 0u);
	emit_op(&w, OP_CG_BEGIN, 1u, BC_ROOT, emit_str(&w, "a"), 0u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0010: cgroup \"a\" declared twice");
	head(&w);
	emit_op(&w, OP_CG_BEGIN, 0u, BC_ROOT, emit_str(&w, "a"), 0u);
	emit_op(&w, OP_CG_END, 0u);
	emit_op(&w, OP_NICE, 0u, emit_num(&w, 3));
	TU_EQ_STR(verify_w(&w), "bytecode: at 0010: NICE is not allowed here");
	/* ops out of their place */
	head(&w);
	emit_op(&w, OP_FREEZE, 0u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: cgroup 0 is not declared");
	head(&w);
	emit_op(&w, OP_STEP_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: STEP_END is not allowed here");
	head(&w);
	emit_op(&w, OP_STEP_TIME, emit_num(&w, 1e9), emit_num(&w, 0));
	emit_op(&w, OP_DURATION, emit_num(&w, 1e9));
	TU_EQ_STR(verify_w(&w), "bytecode: at 000a: DURATION is not allowed here");
	head(&w);
	emit_op(&w, OP_STEP_FRAC, emit_num(&w, 1.5), emit_num(&w, 0));
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: step fraction out of (0, 1]");
	head(&w);
	emit_op(&w, OP_STEP_TIME, emit_num(&w, 1e9), emit_num(&w, 0));
	emit_op(&w, OP_STEP_END);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_MON_CLEAN);
	emit_op(&w, OP_CLAIM_END);
	emit_op(&w, OP_STEP_TIME, emit_num(&w, 1e9), emit_num(&w, 0));
	TU_EQ_STR(verify_w(&w), "bytecode: at 0010: STEP_TIME is not allowed here");
}

TU_TEST(lang_verify_expressions)
{
	struct emit w = { 0 };

	head(&w);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_PUSH, emit_num(&w, 1));
	emit_op(&w, OP_PUSH, emit_num(&w, 1));
	emit_op(&w, OP_CLAIM_END);
	TU_EQ_STR(verify_w(&w), "bytecode: at 000e: CLAIM_END leaves 1 values on the stack");
	head(&w);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_ADD);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0008: ADD: expression stack underflow");
	head(&w);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	for (int i = 0; i < BC_MAX_STACK + 1; i++)
		emit_op(&w, OP_PUSH, emit_num(&w, 1));
	TU_EQ_STR(verify_w(&w), "bytecode: at 0038: expression deeper than 16");
	head(&w);
	emit_op(&w, OP_REQ_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_METRIC, BC_ALL, 0u, BC_NONE, BC_NONE);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0008: METRIC is not allowed here");
	head(&w);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_METRIC, BC_ALL, 0u, 0u, BC_NONE);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0008: step 0 does not exist");
	head(&w);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_TOPO, 200u); /* claims read topology facts too, but only known ones */
	TU_EQ_STR(verify_w(&w), "bytecode: at 0008: TOPO: value 200 out of range");
	head(&w);
	emit_op(&w, OP_TOPO, 0u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0005: TOPO is not allowed here");
	head(&w);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_MON_METRIC, 200u, BC_NONE);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0008: MON_METRIC: value 200 out of range");
	head(&w);
	emit_op(&w, OP_CLAIM_BEGIN, emit_str(&w, "x"));
	emit_op(&w, OP_MON_METRIC, (unsigned)BC_MON_imbalance, 3u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0008: step 3 does not exist");
}

TU_TEST(lang_verify_knobs_and_removal)
{
	struct emit w = { 0 };

	head(&w);
	emit_op(&w, OP_STEP_TIME, emit_num(&w, 1e9), emit_num(&w, 0));
	emit_op(&w, OP_KNOB_WRITE, emit_str(&w, "/etc/shadow"), emit_str(&w, "x"));
	TU_EQ_STR(verify_w(&w), "bytecode: at 000a: knob path \"/etc/shadow\" is outside /sys and /proc/sys");
	head(&w);
	emit_op(&w, OP_STEP_TIME, emit_num(&w, 1e9), emit_num(&w, 0));
	emit_op(&w, OP_SYSCTL, emit_str(&w, "kernel/../x"), emit_str(&w, "1"));
	TU_EQ_STR(verify_w(&w), "bytecode: at 000a: sysctl name \"kernel/../x\" is not a dotted name");
	head(&w);
	emit_op(&w, OP_CG_BEGIN, 0u, BC_ROOT, emit_str(&w, "a"), 0u);
	emit_op(&w, OP_CG_END, 0u);
	emit_op(&w, OP_CG_BEGIN, 1u, 0u, emit_str(&w, "b"), 0u);
	emit_op(&w, OP_CG_END, 1u);
	emit_op(&w, OP_STEP_TIME, emit_num(&w, 1e9), emit_num(&w, 0));
	emit_op(&w, OP_CG_REMOVE, 0u);
	emit_op(&w, OP_FREEZE, 1u);
	TU_EQ_STR(verify_w(&w), "bytecode: at 0023: cgroup 1 is used after its removal");
}
