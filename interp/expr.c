/* The expression stack machine of REQ and CLAIM blocks. The verifier has
 * bounded the depth and balanced the stack, so the loop needs no checks;
 * a NaN from a lookup marks the result unknown rather than false. */
#include "interp/interp.h"

#include <math.h>

static double truth(bool b)
{
	return b ? 1.0 : 0.0;
}

static double near(double a, double b, double tol)
{
	return truth(fabs(a - b) <= tol * fabs(b));
}

/* Pop the operands of op from s (depth *n) and push its result. */
static void apply(enum bc_op op, double *s, unsigned *n)
{
	double a = *n >= 1 ? s[*n - 1] : 0, b = a, c = a, r = 0;
	unsigned pop = bc_ops[op].pop;

	if (pop >= 2)
		a = s[*n - 2];
	if (pop >= 3)
		a = s[*n - 3], b = s[*n - 2];
	else if (pop == 2)
		b = c;
	switch (op) {
	case OP_ADD: r = a + b; break;
	case OP_SUB: r = a - b; break;
	case OP_MUL: r = a * b; break;
	case OP_DIV: r = b == 0 ? NAN : a / b; break;
	case OP_NEG: r = -a; break;
	case OP_ABS: r = fabs(a); break;
	case OP_MIN: r = a < b ? a : b; break;
	case OP_MAX: r = a > b ? a : b; break;
	case OP_LT: r = truth(a < b); break;
	case OP_LE: r = truth(a <= b); break;
	case OP_GT: r = truth(a > b); break;
	case OP_GE: r = truth(a >= b); break;
	case OP_EQ: r = truth(a == b); break;
	case OP_NE: r = truth(a != b); break;
	case OP_BETWEEN: r = truth(b <= a && a <= c); break;
	case OP_NEAR: r = near(a, b, c); break;
	case OP_FINITE: r = truth(isfinite(a)); break;
	default: break;
	}
	*n -= pop;
	s[(*n)++] = r;
}

double interp_eval(const struct bc_prog *p, uint32_t pc, interp_lookup_fn fn, void *arg, bool *unknown,
		   uint32_t *end)
{
	double s[BC_MAX_STACK + 1];
	unsigned v[8], n = 0;
	enum bc_op op;

	*unknown = false;
	for (pc += bc_insn_len((enum bc_op)p->code[pc]); pc < p->code_len; pc += bc_insn_len(op)) {
		op = interp_decode(p, pc, v);
		if (op == OP_REQ_END || op == OP_CLAIM_END)
			break;
		if (n > BC_MAX_STACK) /* unreachable on verified code */
			break;
		switch (op) {
		case OP_PUSH:
		case OP_PUSH_DUR:
		case OP_PUSH_SIZE:
		case OP_PUSH_FRAC: s[n++] = bc_num(p, v[0]); break;
		case OP_TOPO:
		case OP_METRIC:
		case OP_BASE_METRIC:
		case OP_PAY_METRIC:
		case OP_BASE_PAY_METRIC:
		case OP_PAY_METRIC_STEP:
		case OP_BASE_PAY_METRIC_STEP:
		case OP_PAY_METRIC_PHASE:
		case OP_BASE_PAY_METRIC_PHASE:
		case OP_MON_METRIC:
		case OP_MON_CLEAN:
			s[n] = fn(arg, op, v);
			if (isnan(s[n]))
				*unknown = true;
			n++;
			break;
		default:
			if (n >= bc_ops[op].pop)
				apply(op, s, &n);
			break;
		}
	}
	if (end)
		*end = pc < p->code_len ? pc + 1 : pc;
	return n ? s[n - 1] : NAN;
}

double interp_topo_fact(const struct interp_topo *t, unsigned fact)
{
	switch (fact) {
	case BC_TOPO_cpus: return t->ncpus;
	case BC_TOPO_nodes: return t->nodes;
	case BC_TOPO_llcs: return t->llcs;
	case BC_TOPO_cores: return t->cores;
	case BC_TOPO_threads_per_core: return t->threads;
	case BC_TOPO_smt: return t->threads > 1;
	case BC_TOPO_llcs_per_node: return t->nodes ? (double)t->llcs / t->nodes : 0;
	case BC_TOPO_cores_per_llc: return t->llcs ? (double)t->cores / t->llcs : 0;
	case BC_TOPO_memory: return (double)t->mem_bytes;
	default: return NAN;
	}
}
