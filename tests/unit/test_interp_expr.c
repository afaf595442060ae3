/* Claim and requirement expressions (interp_eval) and program metadata
 * (interp_meta_read), on compiled scenarios. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/kts.h"
#include "interp/interp.h"
#include "tests/unit/tu.h"

static const char src[] =
	"scenario e \"claims\" { duration 5s\n settle 2s\n tags a, b\n topology 1n2l2c1t\n"
	" check max_gap = 2s\n check progress = off\n"
	" cgroup a { workers 2 work spin }\n cgroup b { workers 2 work spin }\n"
	" expect {\n a.work_units > 10\n a.work_units / b.work_units between 0.8 and 1.25\n"
	"  a.work_units near b.work_units within 20%\n abs(a.cpu_time - b.cpu_time) <= 0.1 * max(a.cpu_time, "
	"b.cpu_time)\n"
	"  a.max_gap[worker 1] < 1s\n a.cpu_time <= 2 * baseline(a.cpu_time)\n monitor clean\n"
	"  a.fairness_spread is finite\n min(a.work_units, 5) == -(-5)\n } }";

static double metric_a = 100, metric_b = 100, base = 100;

/* a: metric_a; b: metric_b; worker 1 of a: 0.5s gap; baseline: base. */
static double lookup(void *arg, enum bc_op op, const unsigned *v)
{
	if (op == OP_MON_CLEAN)
		return 1;
	if (op == OP_BASE_METRIC)
		return base;
	if (op != OP_METRIC)
		return NAN;
	if (v[3] != BC_NONE)
		return 5e8;
	return v[0] == 0 ? metric_a : metric_b;
}

static void eval_all(const struct bc_prog *p, double *out, bool *unk, unsigned *n)
{
	unsigned v[8];

	*n = 0;
	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc]))
		if (interp_decode(p, pc, v) == OP_CLAIM_BEGIN) {
			out[*n] = interp_eval(p, pc, lookup, NULL, &unk[*n], NULL);
			(*n)++;
		}
}

TU_TEST(interp_expr_claims)
{
	struct kts_opts o = { .diag = stderr };
	struct bc_prog p;
	uint8_t *b;
	size_t len;
	char err[256];
	double r[16];
	bool unk[16];
	unsigned n;

	TU_EQ_INT(kts_compile_mem("e.kts", src, strlen(src), &o, &b, &len), 0);
	TU_EQ_INT(bc_load(&p, b, len, err, sizeof(err)), 0);
	eval_all(&p, r, unk, &n);
	TU_EQ_INT(n, 9);
	for (unsigned i = 0; i < n; i++)
		if (r[i] != 1 || unk[i])
			tu_fail(__FILE__, __LINE__, "claim %u = %g (unknown %d)", i, r[i], unk[i]);
	metric_b = 200, base = 10; /* b doubles: ratio and near fail; baseline 10 < 100/2 */
	eval_all(&p, r, unk, &n);
	TU_EQ_INT(r[0], 1);
	TU_EQ_INT(r[1], 0);
	TU_EQ_INT(r[2], 0);
	TU_EQ_INT(r[3], 0);
	TU_EQ_INT(r[5], 0);
	metric_b = 0; /* a / 0 is NaN: between fails, FINITE is false */
	eval_all(&p, r, unk, &n);
	TU_EQ_INT(r[1], 0);
	metric_a = NAN; /* an unknown metric marks the claim unknown */
	eval_all(&p, r, unk, &n);
	TU_CHECK(unk[0] && unk[1] && !unk[6]);
	metric_a = metric_b = 100, base = 100;
	bc_prog_free(&p);
	free(b);
}

TU_TEST(interp_meta)
{
	struct kts_opts o = { .diag = stderr };
	struct interp_meta m;
	struct bc_prog p;
	uint8_t *b;
	size_t len;
	char err[256];

	TU_EQ_INT(kts_compile_mem("e.kts", src, strlen(src), &o, &b, &len), 0);
	TU_EQ_INT(bc_load(&p, b, len, err, sizeof(err)), 0);
	interp_meta_read(&p, &m);
	TU_EQ_STR(m.name, "e");
	TU_EQ_STR(m.desc, "claims");
	TU_EQ_STR(m.topology, "1n2l2c1t");
	TU_EQ_INT(m.duration_ns, 5000000000ull);
	TU_EQ_INT(m.settle_ns, 2000000000ull);
	TU_EQ_INT(m.ntags, 2);
	TU_EQ_INT(m.nclaims, 9);
	TU_EQ_INT(m.nbase, 1);
	TU_CHECK(m.check_off[BC_CHECK_progress] && m.check_set[BC_CHECK_max_gap]);
	TU_CHECK(m.check_val[BC_CHECK_max_gap] == 2e9);
	TU_EQ_INT(p.code[m.claims_pc], OP_CLAIM_BEGIN);
	TU_CHECK(!m.sched && !m.expect_fail);
	bc_prog_free(&p);
	free(b);
}

TU_TEST(interp_topo_facts)
{
	struct interp_topo t = {
		.ncpus = 16, .nodes = 2, .llcs = 4, .cores = 8, .threads = 2, .mem_bytes = 1 << 30
	};

	TU_CHECK(interp_topo_fact(&t, BC_TOPO_cpus) == 16);
	TU_CHECK(interp_topo_fact(&t, BC_TOPO_smt) == 1);
	TU_CHECK(interp_topo_fact(&t, BC_TOPO_llcs_per_node) == 2);
	TU_CHECK(interp_topo_fact(&t, BC_TOPO_cores_per_llc) == 2);
	TU_CHECK(interp_topo_fact(&t, BC_TOPO_memory) == 1 << 30);
	TU_CHECK(isnan(interp_topo_fact(&t, 99)));
}
