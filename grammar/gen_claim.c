/* Code generation for claims and topology requirements: expressions on a
 * stack of doubles, with units checked at compile time. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/fmt.h"
#include "grammar/lex.h"
#include "grammar/kts_parse.h"
#include "grammar/rtapp_json.h"
#include "lib/payload.h"

/* Unit of an expression: 'd' duration, 'z' size, 'n' plain, '0' a constant
 * zero (fits any unit); 0 after an error. */
typedef char unit_t;

struct ectx {
	bool baseline;	 /* inside baseline(): metrics of the baseline run */
	bool req;	 /* a requirement: topology facts, no metrics */
	unsigned phase1; /* [phase N] on the metric at hand: N; 0 for none */
};

static const char *unit_name(unit_t u)
{
	return u == 'd' ? "a duration" : u == 'z' ? "a size" : "a plain number";
}

static unit_t push_const(struct comp *c, struct val v)
{
	/* the constant pool holds no negative durations, sizes or fractions:
	 * a folded -10ms (a bound on a difference) is 10ms negated */
	if (v.d < 0 && (v.k == V_PCT || v.k == V_DUR || v.k == V_SIZE)) {
		unit_t u;

		v.d = -v.d;
		u = push_const(c, v);
		emit_op(&c->w, OP_NEG);
		return u;
	}
	switch (v.k) {
	case V_NUM: emit_op(&c->w, OP_PUSH, emit_num(&c->w, v.d)); return v.d == 0 ? '0' : 'n';
	case V_PCT: emit_op(&c->w, OP_PUSH_FRAC, emit_num(&c->w, v.d)); return 'n';
	case V_DUR: emit_op(&c->w, OP_PUSH_DUR, emit_num(&c->w, v.d)); return 'd';
	case V_SIZE: emit_op(&c->w, OP_PUSH_SIZE, emit_num(&c->w, v.d)); return 'z';
	default: diag_error(&c->src, v.n->loc, NULL, "%s is not a number", sema_kind_name(v.k)); return 0;
	}
}

static unit_t unit_of(char u)
{
	return u == 'd' || u == 'z' ? u : 'n';
}

/* a.ops: a metric a `metric` line of cgroup a defines (all.ops: of any);
 * -1 when none does. */
static int user_metric(struct comp *c, const struct node *id, char *path, char *name, unsigned step,
		       unsigned worker, const struct ectx *e)
{
	int cg = -1;
	bool found = false;

	name[-1] = 0;
	if (strcmp(path, "all"))
		cg = sema_cgroup_find(c, path);
	for (int k = 0; k < c->ncgs; k++)
		for (int i = 0; (cg < 0 ? !strcmp(path, "all") : k == cg) && i < c->cgs[k].nmetric; i++)
			found |= !strcmp(c->cgs[k].metric[i], name);
	name[-1] = '.';
	if (!found)
		return -1;
	if (step != BC_NONE || worker != BC_NONE || e->phase1) {
		diag_error(&c->src, id->loc, NULL,
			   "a payload metric is one figure for the whole run: no step or worker selector");
		return 0;
	}
	emit_op(&c->w, e->baseline ? OP_BASE_PAY_METRIC : OP_PAY_METRIC, cg < 0 ? BC_ALL : (unsigned)cg,
		emit_str(&c->w, name));
	return 'n';
}

/* a.hb.time: a payload metric (lib/payload.h) of a cgroup's work exec
 * workers; -1 when the name's last two parts are none. */
static int pay_metric(struct comp *c, const struct node *id, char *path, unsigned step, unsigned worker,
		      const struct ectx *e)
{
	char *dot = strrchr(path, '.'), *name;
	const struct payload_metric *pm;
	int cg = BC_ALL;

	if (!dot)
		return -1;
	*dot = 0;
	name = strrchr(path, '.');
	*dot = '.';
	if (!(pm = payload_metric_find(name ? name + 1 : path)))
		return user_metric(c, id, path, dot + 1, step, worker, e);
	if (!name) {
		diag_error(&c->src, id->loc, "e.g. a.hb.time or all.hb.time",
			   "payload metric %s needs a cgroup", path);
		return 0;
	}
	if (worker != BC_NONE || ((step != BC_NONE || e->phase1) && strncmp(pm->name, "rtapp.", 6))) {
		diag_error(&c->src, id->loc,
			   worker != BC_NONE ? NULL
			   : e->phase1	     ? "only rt-app's metrics take [phase N]"
					     : "only rt-app's metrics take [step N]",
			   "a payload metric is one figure for the whole run: no %s selector",
			   worker != BC_NONE ? "worker"
			   : e->phase1	     ? "phase"
					     : "step");
		return 0;
	}
	if (step != BC_NONE && e->phase1) {
		diag_error(&c->src, id->loc, "one of them: rows of a step, or of a phase",
			   "[step N] and [phase N] together");
		return 0;
	}
	*name = 0;
	if (strcmp(path, "all")) {
		struct node tmp = *id;

		tmp.text = path;
		if ((cg = sema_cgroup_ref(c, &tmp, false)) < 0)
			return 0;
	}
	if (step != BC_NONE)
		emit_op(&c->w, e->baseline ? OP_BASE_PAY_METRIC_STEP : OP_PAY_METRIC_STEP, (unsigned)cg,
			emit_str(&c->w, pm->name), step);
	else if (e->phase1)
		emit_op(&c->w, e->baseline ? OP_BASE_PAY_METRIC_PHASE : OP_PAY_METRIC_PHASE, (unsigned)cg,
			emit_str(&c->w, pm->name), emit_num(&c->w, e->phase1 - 1));
	else
		emit_op(&c->w, e->baseline ? OP_BASE_PAY_METRIC : OP_PAY_METRIC, (unsigned)cg,
			emit_str(&c->w, pm->name));
	return unit_of(pm->unit);
}

static unit_t topo(struct comp *c, const struct node *n);

/* a.b.metric, all.metric, monitor.finding or topo.fact, with its selectors. */
static unit_t metric(struct comp *c, const struct node *id, unsigned step, unsigned worker,
		     const struct ectx *e)
{
	char *path = strdup(id->text), *dot;
	int cg, m;
	unit_t u = 0;

	if (!path)
		abort();
	if ((m = pay_metric(c, id, path, step, worker, e)) >= 0) {
		free(path);
		return (unit_t)m;
	}
	if (e->phase1) {
		diag_error(&c->src, id->loc, "e.g. rt.rtapp.wu_lat_p99[phase 2]",
			   "only rt-app's metrics take [phase N]");
		goto out;
	}
	dot = strrchr(path, '.');
	if (!dot) {
		sema_unknown(c, id, "name", id->text, NULL, 0);
		goto out;
	}
	*dot = 0;
	if (!strcmp(path, "monitor")) {
		if ((m = sema_enum(c, id, dot + 1, BC_E_MON, "monitor finding")) < 0)
			goto out;
		if (e->baseline || worker != BC_NONE) {
			diag_error(&c->src, id->loc, NULL,
				   "monitor findings have no baseline or worker selector (a step is fine)");
			goto out;
		}
		emit_op(&c->w, OP_MON_METRIC, (unsigned)m, step);
		u = unit_of(bc_mon_unit[m]);
		goto out;
	}
	if (!strcmp(path, "topo")) {
		if (e->baseline || worker != BC_NONE || step != BC_NONE) {
			diag_error(&c->src, id->loc, NULL,
				   "a topology fact has no step, worker or baseline: it is the run's");
			goto out;
		}
		*dot = '.';
		u = topo(c, &(struct node){ .kind = N_IDENT, .loc = id->loc, .text = dot + 1 });
		goto out;
	}
	if (!strcmp(path, "all")) {
		cg = BC_ALL;
	} else {
		struct node tmp = *id;

		tmp.text = path;
		if ((cg = sema_cgroup_ref(c, &tmp, false)) < 0)
			goto out;
	}
	if ((m = sema_enum(c, id, dot + 1, BC_E_METRIC, "metric")) < 0)
		goto out;
	emit_op(&c->w, e->baseline ? OP_BASE_METRIC : OP_METRIC, (unsigned)cg, (unsigned)m, step, worker);
	u = unit_of(bc_metric_unit[m]);
out:
	free(path);
	return u;
}

static unit_t expr(struct comp *c, const struct node *n, const struct ectx *e);

/* metric[step 2][worker 0] */
static unit_t selected(struct comp *c, const struct node *n, const struct ectx *e)
{
	unsigned step = BC_NONE, worker = BC_NONE, phase1 = 0;
	const struct node *base = n;
	struct ectx sel;
	double v;

	while (base->kind == N_SELECT) {
		bool is_step = base->tok == T_STEP;

		if (!is_step && !strcmp(base->text, "phase")) {
			if (phase1) {
				diag_error(&c->src, base->loc, NULL, "phase selected twice");
				return 0;
			}
			if (!sema_want_int(c, base->kid[1], "phase", 1, RTAPP_MAX_PHASES, &v))
				return 0;
			phase1 = (unsigned)v;
			base = base->kid[0];
			continue;
		}
		if (!is_step && strcmp(base->text, "worker")) {
			static const char *const sels[] = { "worker", "phase" };

			sema_unknown(c, base, "selector", base->text, sels, 2);
			return 0;
		}
		if (is_step ? step != BC_NONE : worker != BC_NONE) {
			diag_error(&c->src, base->loc, NULL, "%s selected twice",
				   is_step ? "step" : "worker");
			return 0;
		}
		if (is_step && !sema_want_int(c, base->kid[1], "step", 1, c->nsteps > 0 ? c->nsteps : 0, &v))
			return 0;
		if (!is_step && !sema_want_int(c, base->kid[1], "worker", 0, 4095, &v))
			return 0;
		if (is_step)
			step = (unsigned)v - 1;
		else
			worker = (unsigned)v;
		base = base->kid[0];
	}
	if (base->kind != N_IDENT) {
		diag_error(&c->src, base->loc, NULL, "only a metric can be selected from");
		return 0;
	}
	sel = *e;
	sel.phase1 = phase1;
	return metric(c, base, step, worker, &sel);
}

static unit_t topo(struct comp *c, const struct node *n)
{
	int t = sema_enum(c, n, n->text, BC_E_TOPO, "topology fact");

	if (t < 0)
		return 0;
	emit_op(&c->w, OP_TOPO, (unsigned)t);
	return unit_of(bc_topo_unit[t]);
}

static unit_t call(struct comp *c, const struct node *n, const struct ectx *e)
{
	static const char *const fns[] = { "baseline", "min", "max", "abs" };
	struct ectx inner = *e;
	unit_t a, b;

	if (!strcmp(n->text, "baseline") && !e->req) {
		if (n->nkid != 1 || e->baseline) {
			diag_error(&c->src, n->loc, "e.g. baseline(a.p99_wake_latency)",
				   "baseline() takes one expression and does not nest");
			return 0;
		}
		inner.baseline = true;
		return expr(c, n->kid[0], &inner);
	}
	if (!strcmp(n->text, "abs") && n->nkid == 1) {
		a = expr(c, n->kid[0], e);
		emit_op(&c->w, OP_ABS);
		return a;
	}
	if ((!strcmp(n->text, "min") || !strcmp(n->text, "max")) && n->nkid == 2) {
		a = expr(c, n->kid[0], e);
		b = expr(c, n->kid[1], e);
		emit_op(&c->w, n->text[1] == 'i' ? OP_MIN : OP_MAX);
		if (a && b && a != b && a != '0' && b != '0') {
			diag_error(&c->src, n->loc, NULL, "%s() of %s and %s", n->text, unit_name(a),
				   unit_name(b));
			return 0;
		}
		return a && b ? (a == '0' ? b : a) : 0;
	}
	for (int i = 0; i < 4; i++)
		if (!strcmp(n->text, fns[i])) {
			diag_error(&c->src, n->loc, NULL, "wrong number of arguments to %s()", n->text);
			return 0;
		}
	sema_unknown(c, n, "function", n->text, fns, 4);
	return 0;
}

static unit_t binary(struct comp *c, const struct node *n, const struct ectx *e)
{
	static const enum bc_op ops[] = { ['+'] = OP_ADD, ['-'] = OP_SUB, ['*'] = OP_MUL, ['/'] = OP_DIV };
	unit_t a = expr(c, n->kid[0], e), b = expr(c, n->kid[1], e);

	emit_op(&c->w, ops[n->tok]);
	if (!a || !b)
		return 0;
	if (a == '0' || b == '0')
		return a == '0' ? (n->tok == '*' ? '0' : b) : (n->tok == '*' ? '0' : a);
	if (n->tok == '+' || n->tok == '-') {
		if (a == b)
			return a;
		diag_error(&c->src, n->loc, NULL, "cannot %s %s and %s", n->tok == '+' ? "add" : "subtract",
			   unit_name(a), unit_name(b));
		return 0;
	}
	if (n->tok == '*' && (a == 'n' || b == 'n'))
		return a == 'n' ? b : a;
	if (n->tok == '/' && (b == 'n' || a == b))
		return b == 'n' ? a : 'n';
	diag_error(&c->src, n->loc, NULL, "cannot %s %s by %s", n->tok == '*' ? "multiply" : "divide",
		   unit_name(a), unit_name(b));
	return 0;
}

/* Is the expression made of constants only? (then it is folded) */
static bool constant(struct comp *c, const struct node *n)
{
	struct sym *s;

	switch (n->kind) {
	case N_NUM:
	case N_STR: return true;
	case N_IDENT: s = sema_sym(c, n->text); return s && s->kind != S_TEMPLATE;
	case N_PAREN:
	case N_NEG: return constant(c, n->kid[0]);
	case N_BINARY: return constant(c, n->kid[0]) && constant(c, n->kid[1]);
	default: return false;
	}
}

static unit_t expr_at(struct comp *c, const struct node *n, const struct ectx *e);

/* The verifier holds claims to BC_MAX_STACK pending values; say where an
 * expression first needs more, rather than emit what it would refuse. */
static unit_t expr(struct comp *c, const struct node *n, const struct ectx *e)
{
	unit_t u = expr_at(c, n, e);

	if (c->w.sp > BC_MAX_STACK && !c->deep_said) {
		c->deep_said = true;
		diag_error(&c->src, n->loc, "compute the inner parts first: (a - b) - c, not a - (b - c)",
			   "this needs more than %d values pending at once", BC_MAX_STACK);
	}
	return u;
}

static unit_t expr_at(struct comp *c, const struct node *n, const struct ectx *e)
{
	unit_t u;

	if (constant(c, n)) {
		struct val v = sema_eval(c, n);

		return v.k == V_ERR ? 0 : push_const(c, v);
	}
	switch (n->kind) {
	case N_IDENT: return e->req ? topo(c, n) : metric(c, n, BC_NONE, BC_NONE, e);
	case N_SELECT:
		if (e->req)
			break;
		return selected(c, n, e);
	case N_CALL: return call(c, n, e);
	case N_PAREN: return expr(c, n->kid[0], e);
	case N_NEG:
		u = expr(c, n->kid[0], e);
		emit_op(&c->w, OP_NEG);
		return u;
	case N_BINARY: return binary(c, n, e);
	default: break;
	}
	diag_error(&c->src, n->loc, NULL, "not a value here");
	return 0;
}

static void same_unit(struct comp *c, const struct node *at, unit_t a, unit_t b)
{
	if (a && b && a != b && a != '0' && b != '0')
		diag_error(&c->src, at->loc,
			   a == 'd' || b == 'd'	  ? "write the unit, e.g. 5ms"
			   : b == 'z' || a == 'z' ? "write the unit, e.g. 512M"
						  : NULL,
			   "comparing %s with %s", unit_name(a), unit_name(b));
}

static enum bc_op cmp_op(int tok)
{
	switch (tok) {
	case '<': return OP_LT;
	case LE:
	case T_MOST: return OP_LE;
	case '>': return OP_GT;
	case GE:
	case T_LEAST: return OP_GE;
	case EQ: return OP_EQ;
	default: return OP_NE;
	}
}

/* lhs OP rhs and friends; leaves one truth value. */
static void comparison(struct comp *c, const struct node *n, const struct ectx *e)
{
	unit_t a = expr(c, n->kid[0], e), b;

	if (n->tok == T_FINITE) {
		emit_op(&c->w, OP_FINITE);
		return;
	}
	b = expr(c, n->kid[1], e);
	same_unit(c, n, a, b);
	if (n->tok == T_BETWEEN) {
		same_unit(c, n, a, expr(c, n->kid[2], e));
		emit_op(&c->w, OP_BETWEEN);
	} else if (n->tok == T_NEAR) {
		if (n->kid[2]) {
			struct val v = sema_eval(c, n->kid[2]);

			if (v.k != V_ERR && v.k != V_PCT && v.k != V_NUM)
				diag_error(&c->src, n->kid[2]->loc, "e.g. within 10%",
					   "within wants a share");
			emit_op(&c->w, OP_PUSH_FRAC, emit_num(&c->w, v.d));
		} else {
			emit_op(&c->w, OP_PUSH_FRAC, emit_num(&c->w, 0.1));
		}
		emit_op(&c->w, OP_NEAR);
	} else {
		emit_op(&c->w, cmp_op(n->tok));
	}
}

unsigned gen_text(struct comp *c, const struct node *n)
{
	struct sbuf b = { 0 };
	unsigned k;

	fmt_claim(&b, n);
	k = emit_str(&c->w, b.s ? b.s : "");
	sb_free(&b);
	return k;
}

void gen_requires(struct comp *c, const struct node *block)
{
	struct ectx e = { .req = true };

	for (int i = 0; i < block->nkid; i++) {
		const struct node *r = block->kid[i];

		for (int j = 0; r->kind == N_REQUIRES && j < r->nkid; j++) {
			const struct node *cond = r->kid[j];

			emit_op(&c->w, OP_REQ_BEGIN, gen_text(c, cond));
			if (cond->tok) {
				comparison(c, cond, &e);
			} else {
				expr(c, cond->kid[0], &e);
				emit_op(&c->w, OP_PUSH, emit_num(&c->w, 0));
				emit_op(&c->w, OP_NE);
			}
			emit_op(&c->w, OP_REQ_END);
		}
	}
}

static void expect_fail(struct comp *c, const struct node *n, bool *seen)
{
	int kind = BC_FAIL_any;

	if (*seen) {
		diag_error(&c->src, n->loc, NULL, "only one expected failure per scenario");
		return;
	}
	*seen = true;
	if (ast_kid(n, 1) && (kind = sema_enum(c, n->kid[1], n->kid[1]->text, BC_E_FAIL, "failure kind")) < 0)
		return;
	emit_op(&c->w, OP_EXPECT_FAIL, (unsigned)kind, emit_str(&c->w, ast_kid(n, 0) ? n->kid[0]->text : ""));
}

void gen_claims(struct comp *c, const struct node *block)
{
	struct ectx e = { 0 };
	bool failed = false;

	for (int i = 0; i < block->nkid; i++) {
		const struct node *x = block->kid[i];

		if (x->kind != N_EXPECT)
			continue;
		for (int j = 0; j < x->kid[0]->nkid; j++) {
			const struct node *cl = x->kid[0]->kid[j];

			if (cl->kind == N_FAILS) {
				expect_fail(c, cl, &failed);
				continue;
			}
			if (cl->kind != N_CLAIM)
				continue;
			emit_op(&c->w, OP_CLAIM_BEGIN, gen_text(c, cl));
			if (cl->tok == T_CLEAN)
				emit_op(&c->w, OP_MON_CLEAN);
			else
				comparison(c, cl, &e);
			emit_op(&c->w, OP_CLAIM_END);
		}
	}
}
