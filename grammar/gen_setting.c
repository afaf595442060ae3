/* Code generation for the settings a cgroup block and a step's `set` share:
 * cpuset, mems, affinity, nice, policy, cpu.weight, cpu.max, memory.*,
 * pids.max, comm. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/limits.h"
#include "grammar/lex.h"
#include "grammar/kts_parse.h"
#include "lib/cpuset.h"

#define NO_PERIOD_NS 100e6 /* cpu.max period when none is given (the kernel's) */

static const char *setting_name(const struct node *set)
{
	return lex_token_text(set->tok);
}

static bool want_str(struct comp *c, const struct node *n, const char *what, unsigned *k)
{
	struct val v;

	if (!sema_want(c, n, V_STR, what, &v))
		return false;
	*k = emit_str(&c->w, v.s);
	return true;
}

/* "0-3,8,10-11": checked as the guest will read it (lib/cpuset.c), with
 * numbers up to the largest CPU or node a topology can have. */
static bool want_cpulist(struct comp *c, const struct node *n, const char *what, unsigned max, unsigned *k)
{
	struct val v = sema_eval(c, n);
	struct cpuset set;
	char err[128];
	int rc;

	if (v.k != V_STR)
		return want_str(c, n, what, k);
	rc = cpuset_check(&set, v.s, max, err, sizeof(err));
	if (rc == 0 && !cpuset_count(&set)) {
		snprintf(err, sizeof(err), "it is empty");
		rc = -1;
	}
	if (rc) {
		diag_error(&c->src, n->loc, "write a list such as \"0-3,8\"", "bad %s \"%s\": %s", what, v.s,
			   err);
		return false;
	}
	*k = emit_str(&c->w, v.s);
	return true;
}

/* A fraction for cpuset ranges: 25% or 0.25, within [0, 1]. */
static bool want_fraction(struct comp *c, const struct node *n, const char *what, double *out)
{
	struct val v = sema_eval(c, n);

	if (v.k == V_ERR)
		return false;
	if ((v.k != V_PCT && v.k != V_NUM) || v.d < 0 || v.d > 1) {
		diag_error(&c->src, n->loc, "write a share such as 25% or 0.25",
			   "%s wants a fraction between 0%% and 100%%", what);
		return false;
	}
	*out = v.d;
	return true;
}

static bool call_arity(struct comp *c, const struct node *call, int n, const char *usage)
{
	if (call->nkid == n)
		return true;
	diag_error(&c->src, call->loc, usage, "%s() takes %d argument%s, got %d", call->text, n,
		   n == 1 ? "" : "s", call->nkid);
	return false;
}

/* i of n, with i < n. */
static bool want_of(struct comp *c, const struct node *a, double *i, double *n)
{
	if (a->kind != N_OF) {
		diag_error(&c->src, a->loc, "write it as 'i of n', e.g. 0 of 2", "expected 'i of n'");
		return false;
	}
	if (!sema_want_int(c, a->kid[0], "the part", 0, 4095, i) ||
	    !sema_want_int(c, a->kid[1], "the number of parts", 1, 4096, n))
		return false;
	if (*i >= *n) {
		diag_error(&c->src, a->loc, "parts are numbered from 0", "part %.0f of %.0f does not exist",
			   *i, *n);
		return false;
	}
	return true;
}

static const char *const cpuset_forms[] = { "llc", "node", "range", "disjoint", "overlap" };

static bool cg_cpuset(struct comp *c, const struct node *v, int cg)
{
	const char *use = "llc(i), node(i), range(lo, hi), disjoint(i of n), overlap(i of n, f) or \"0-3\"";
	double a, b, f;
	unsigned k;

	if (v->kind == N_STR) {
		if (!want_cpulist(c, v, "cpuset", KTS_MAX_CPU, &k))
			return false;
		emit_op(&c->w, OP_CPUSET_LIST, cg, k);
		return true;
	}
	if (v->kind != N_CALL) {
		diag_error(&c->src, v->loc, use, "cpuset wants a CPU set");
		return false;
	}
	if (!strcmp(v->text, "llc") || !strcmp(v->text, "node")) {
		if (!call_arity(c, v, 1, NULL) ||
		    !sema_want_int(c, v->kid[0], v->text, 0, v->text[0] == 'l' ? KTS_MAX_CPU : KTS_MAX_NODE,
				   &a))
			return false;
		emit_op(&c->w, v->text[0] == 'l' ? OP_CPUSET_LLC : OP_CPUSET_NODE, cg, emit_num(&c->w, a));
	} else if (!strcmp(v->text, "range")) {
		if (!call_arity(c, v, 2, "range(0%, 50%)") || !want_fraction(c, v->kid[0], "range", &a) ||
		    !want_fraction(c, v->kid[1], "range", &b))
			return false;
		if (a >= b) {
			diag_error(&c->src, v->loc, NULL, "range is empty: it must go up");
			return false;
		}
		emit_op(&c->w, OP_CPUSET_RANGE, cg, emit_num(&c->w, a), emit_num(&c->w, b));
	} else if (!strcmp(v->text, "disjoint")) {
		if (!call_arity(c, v, 1, "disjoint(0 of 2)") || !want_of(c, v->kid[0], &a, &b))
			return false;
		emit_op(&c->w, OP_CPUSET_DISJOINT, cg, emit_num(&c->w, a), emit_num(&c->w, b));
	} else if (!strcmp(v->text, "overlap")) {
		if (!call_arity(c, v, 2, "overlap(0 of 2, 25%)") || !want_of(c, v->kid[0], &a, &b) ||
		    !want_fraction(c, v->kid[1], "overlap", &f))
			return false;
		emit_op(&c->w, OP_CPUSET_OVERLAP, cg, emit_num(&c->w, a), emit_num(&c->w, b),
			emit_num(&c->w, f));
	} else {
		sema_unknown(c, v, "cpuset kind", v->text, cpuset_forms, 5);
		return false;
	}
	return true;
}

static bool cg_mems(struct comp *c, const struct node *v, int cg)
{
	double a;
	unsigned k;

	if (v->kind == N_CALL && !strcmp(v->text, "node")) {
		if (!call_arity(c, v, 1, NULL) || !sema_want_int(c, v->kid[0], "node", 0, KTS_MAX_NODE, &a))
			return false;
		emit_op(&c->w, OP_MEMS_NODE, cg, emit_num(&c->w, a));
		return true;
	}
	if (v->kind == N_STR) {
		if (!want_cpulist(c, v, "mems", KTS_MAX_NODE, &k))
			return false;
		emit_op(&c->w, OP_MEMS_LIST, cg, k);
		return true;
	}
	diag_error(&c->src, v->loc, "write node(0) or a list such as \"0-1\"", "mems wants NUMA nodes");
	return false;
}

static bool cg_affinity(struct comp *c, const struct node *v, int cg)
{
	struct val x = sema_eval(c, v);
	double n;
	unsigned k;
	int e;

	if (x.k == V_STR) {
		if (!want_cpulist(c, v, "affinity", KTS_MAX_CPU, &k))
			return false;
		emit_op(&c->w, OP_AFFINITY_LIST, cg, k);
	} else if (x.k == V_CALL && !strcmp(x.s, "random")) {
		if (!call_arity(c, v, 1, "random(2)") || !sema_want_int(c, v->kid[0], "random", 1, 4096, &n))
			return false;
		emit_op(&c->w, OP_AFFINITY_RANDOM, cg, emit_num(&c->w, n));
	} else if (x.k == V_WORD) {
		if ((e = sema_enum(c, v, x.s, BC_E_AFF, "affinity")) < 0)
			return false;
		emit_op(&c->w, OP_AFFINITY, cg, (unsigned)e);
	} else {
		if (x.k != V_ERR)
			diag_error(&c->src, v->loc,
				   "inherit, same_llc, same_node, cross_llc, random(n) or \"0-3\"",
				   "affinity wants a kind or a CPU list");
		return false;
	}
	return true;
}

static bool cg_policy(struct comp *c, const struct node *v, int cg)
{
	struct val x = sema_eval(c, v);
	double prio = 0;
	int e;

	if (x.k != V_WORD && x.k != V_CALL) {
		if (x.k != V_ERR)
			diag_error(&c->src, v->loc, "normal, batch, idle, fifo(prio), rr(prio) or ext",
				   "policy wants a policy name");
		return false;
	}
	if ((e = sema_enum(c, v, x.s, BC_E_POLICY, "policy")) < 0)
		return false;
	if (e == BC_POL_fifo || e == BC_POL_rr) {
		if (x.k != V_CALL || v->nkid != 1) {
			diag_error(&c->src, v->loc, "e.g. fifo(10)", "%s needs a priority", x.s);
			return false;
		}
		if (!sema_want_int(c, v->kid[0], "priority", 1, 99, &prio))
			return false;
	} else if (x.k == V_CALL) {
		diag_error(&c->src, v->loc, NULL, "%s takes no priority", x.s);
		return false;
	}
	emit_op(&c->w, OP_POLICY, cg, (unsigned)e, emit_num(&c->w, prio));
	return true;
}

static bool cg_cpu_max(struct comp *c, const struct node *set, int cg)
{
	struct val q = sema_eval(c, set->kid[0]), p = { .k = V_DUR, .d = NO_PERIOD_NS };

	if (set->kid[1] && !sema_want(c, set->kid[1], V_DUR, "cpu.max period", &p))
		return false;
	if (q.k == V_PCT) {
		q.d *= p.d;
	} else if (!sema_want(c, set->kid[0], V_DUR, "cpu.max", &q)) {
		return false;
	}
	if (p.d < 1e6 || q.d < 1e6) {
		diag_error(&c->src, set->loc, NULL, "cpu.max quota and period must be at least 1ms");
		return false;
	}
	emit_op(&c->w, OP_CPU_MAX, cg, emit_num(&c->w, round(q.d / 1e3) * 1e3),
		emit_num(&c->w, round(p.d / 1e3) * 1e3));
	return true;
}

static bool cg_size(struct comp *c, const struct node *set, int cg, int which)
{
	struct val v;

	if (!sema_want(c, set->kid[0], V_SIZE, setting_name(set), &v))
		return false;
	emit_op(&c->w, OP_MEMORY, cg, (unsigned)which, emit_num(&c->w, v.d));
	return true;
}

static bool cg_int(struct comp *c, const struct node *set, int cg, enum bc_op op, double lo, double hi)
{
	double v;

	if (!sema_want_int(c, set->kid[0], setting_name(set), lo, hi, &v))
		return false;
	emit_op(&c->w, op, cg, emit_num(&c->w, v));
	return true;
}

static bool cg_comm(struct comp *c, const struct node *set, int cg)
{
	unsigned k;
	struct val v;

	if (!sema_want(c, set->kid[0], V_STR, "comm", &v))
		return false;
	if (!*v.s || strlen(v.s) > 15) {
		diag_error(&c->src, set->kid[0]->loc, NULL, "comm must be 1 to 15 characters");
		return false;
	}
	k = emit_str(&c->w, v.s);
	emit_op(&c->w, OP_COMM, cg, k);
	return true;
}

/* Settings both a cgroup block and a step's `set` may change. */
bool gen_setting(struct comp *c, const struct node *set, int cg, bool in_step)
{
	const struct node *v = set->kid[0];

	if (set->kid[1] && set->tok != T_CPU_MAX) {
		diag_error(&c->src, set->kid[1]->loc, NULL, "'per' only follows cpu.max");
		return false;
	}
	switch (set->tok) {
	case T_CPUSET: return cg_cpuset(c, v, cg);
	case T_MEMS: return cg_mems(c, v, cg);
	case T_AFFINITY: return cg_affinity(c, v, cg);
	case T_NICE: return cg_int(c, set, cg, OP_NICE, -20, 19);
	case T_POLICY: return cg_policy(c, v, cg);
	case T_CPU_WEIGHT: return cg_int(c, set, cg, OP_CPU_WEIGHT, 1, 10000);
	case T_CPU_MAX: return cg_cpu_max(c, set, cg);
	case T_MEMORY_MAX: return cg_size(c, set, cg, BC_MEM_max);
	case T_MEMORY_HIGH: return cg_size(c, set, cg, BC_MEM_high);
	case T_MEMORY_LOW: return cg_size(c, set, cg, BC_MEM_low);
	case T_PIDS_MAX: return cg_int(c, set, cg, OP_PIDS_MAX, 1, 4194304);
	case T_COMM: return cg_comm(c, set, cg);
	}
	if (in_step)
		diag_error(&c->src, set->loc, "use spawn or stop to change the workers",
			   "%s cannot change in a step", setting_name(set));
	return false;
}
