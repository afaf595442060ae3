/* Values folded at compile time: numbers with units, strings, words and
 * calls, with the arithmetic a scenario may do on them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/limits.h"

struct unit {
	const char *name;
	enum vkind k;
	double mul;
};

static const struct unit units[] = {
	{ "ns", V_DUR, 1 },
	{ "us", V_DUR, 1e3 },
	{ "ms", V_DUR, 1e6 },
	{ "s", V_DUR, 1e9 },
	{ "m", V_DUR, 60e9 },
	{ "h", V_DUR, 3600e9 },
	{ "B", V_SIZE, 1 },
	{ "K", V_SIZE, 1024.0 },
	{ "M", V_SIZE, 1048576.0 },
	{ "G", V_SIZE, 1073741824.0 },
	{ "T", V_SIZE, 1099511627776.0 },
	{ "%", V_PCT, 0.01 },
};
#define NUNITS ((int)(sizeof(units) / sizeof(units[0])))

const char *sema_kind_name(enum vkind k)
{
	static const char *const names[] = { "an invalid value", "a number", "a duration", "a size",
					     "a percentage",	 "a string", "a name",	   "a call" };

	return names[k];
}

static struct val verr(const struct node *n)
{
	struct val v = { .k = V_ERR, .n = n };

	return v;
}

/* The one bound of each kind of number (grammar/limits.h): a literal or a
 * result past it is refused where it is written, before any conversion. */
static struct val in_range(struct comp *c, const struct node *n, struct val v)
{
	static const struct {
		double max;
		const char *what, *limit;
	} lim[] = {
		[V_NUM] = { KTS_MAX_NUMBER, "numbers", "10^15" },
		[V_DUR] = { KTS_MAX_DUR_NS, "durations", "24h" },
		[V_SIZE] = { KTS_MAX_SIZE_B, "sizes", "1024T" },
		[V_PCT] = { KTS_MAX_PCT, "percentages", "10000%" },
	};

	if (v.k < V_NUM || v.k > V_PCT || fabs(v.d) <= lim[v.k].max)
		return v;
	if (n->kind == N_NUM)
		diag_error(&c->src, n->loc, NULL, "%s is out of range: %s go up to %s", n->text,
			   lim[v.k].what, lim[v.k].limit);
	else
		diag_error(&c->src, n->loc, NULL, "this comes to %s past the limit: %s go up to %s",
			   sema_kind_name(v.k), lim[v.k].what, lim[v.k].limit);
	return verr(n);
}

static struct val eval_number(struct comp *c, const struct node *n)
{
	struct val v = { .k = V_NUM, .n = n };
	char *end;
	const char *names[NUNITS];

	/* strtod would also read hex (0x10) and hex floats */
	if (n->text[0] == '0' && (n->text[1] == 'x' || n->text[1] == 'X')) {
		diag_error(&c->src, n->loc, NULL, "numbers are written in decimal");
		return verr(n);
	}
	v.d = strtod(n->text, &end);
	v.isint = !strchr(n->text, '.') || end == n->text;
	if (!*end)
		return in_range(c, n, v);
	for (int i = 0; i < NUNITS; i++) {
		names[i] = units[i].name;
		if (!strcmp(end, units[i].name)) {
			v.k = units[i].k;
			v.d *= units[i].mul;
			v.isint = v.k != V_PCT && v.d == floor(v.d);
			return in_range(c, n, v);
		}
	}
	sema_unknown(c, n, "unit", end, names, NUNITS);
	return verr(n);
}

static struct val eval_name(struct comp *c, const struct node *n)
{
	struct sym *s = sema_sym(c, n->text);
	struct val v = { .k = V_WORD, .s = n->text, .n = n };

	if (!s || s->kind == S_TEMPLATE)
		return v;
	if (s->state == 1) {
		diag_error(&c->src, n->loc, NULL, "'%s' is defined in terms of itself", n->text);
		return verr(n);
	}
	if (s->state == 0) {
		s->state = 1;
		s->v = sema_eval(c, s->override ? s->override : s->def->kid[0]);
		s->state = 2;
	}
	v = s->v;
	if (v.k == V_WORD || v.k == V_CALL)
		v.n = s->def->kid[0];
	return v;
}

static bool numeric(enum vkind k)
{
	return k == V_NUM || k == V_DUR || k == V_SIZE || k == V_PCT;
}

static struct val eval_binary(struct comp *c, const struct node *n)
{
	struct val a = sema_eval(c, n->kid[0]), b = sema_eval(c, n->kid[1]), r = { .n = n };
	int op = n->tok;

	if (a.k == V_ERR || b.k == V_ERR)
		return verr(n);
	if (!numeric(a.k) || !numeric(b.k)) {
		diag_error(&c->src, n->loc, NULL, "cannot compute with %s",
			   sema_kind_name(numeric(a.k) ? b.k : a.k));
		return verr(n);
	}
	r.isint = a.isint && b.isint;
	if (op == '+' || op == '-') {
		if (a.k != b.k) {
			diag_error(&c->src, n->loc, NULL, "cannot %s %s and %s",
				   op == '+' ? "add" : "subtract", sema_kind_name(a.k), sema_kind_name(b.k));
			return verr(n);
		}
		r.k = a.k;
		r.d = op == '+' ? a.d + b.d : a.d - b.d;
		return in_range(c, n, r);
	}
	if (op == '*') {
		/* a number scales anything; a percentage scales a unit */
		if (a.k == V_NUM || b.k == V_NUM || (a.k == V_PCT) != (b.k == V_PCT)) {
			r.k = a.k == V_NUM || a.k == V_PCT ? b.k : a.k;
		} else {
			diag_error(&c->src, n->loc, NULL, "cannot multiply %s by %s", sema_kind_name(a.k),
				   sema_kind_name(b.k));
			return verr(n);
		}
		if (a.k == V_PCT && b.k == V_NUM)
			r.k = V_PCT;
		r.d = a.d * b.d;
		r.isint = r.d == floor(r.d) && r.k != V_PCT;
		return in_range(c, n, r);
	}
	if (b.d == 0) {
		diag_error(&c->src, n->kid[1]->loc, NULL, "division by zero");
		return verr(n);
	}
	if (b.k != V_NUM && a.k != b.k) {
		diag_error(&c->src, n->loc, NULL, "cannot divide %s by %s", sema_kind_name(a.k),
			   sema_kind_name(b.k));
		return verr(n);
	}
	r.k = b.k == V_NUM ? a.k : V_NUM;
	r.d = a.d / b.d;
	r.isint = r.d == floor(r.d) && r.k != V_PCT && (r.k != V_NUM || fmod(a.d, b.d) == 0);
	return in_range(c, n, r);
}

struct val sema_eval(struct comp *c, const struct node *n)
{
	struct val v = { .n = n };

	switch (n->kind) {
	case N_NUM: return eval_number(c, n);
	case N_STR:
		v.k = V_STR;
		v.s = n->text;
		return v;
	case N_IDENT: return eval_name(c, n);
	case N_CALL:
		v.k = V_CALL;
		v.s = n->text;
		return v;
	case N_PAREN: v = sema_eval(c, n->kid[0]); return v;
	case N_NEG:
		v = sema_eval(c, n->kid[0]);
		if (v.k != V_ERR && !numeric(v.k)) {
			diag_error(&c->src, n->loc, NULL, "cannot negate %s", sema_kind_name(v.k));
			return verr(n);
		}
		v.d = -v.d;
		return v;
	case N_BINARY: return eval_binary(c, n);
	default: diag_error(&c->src, n->loc, NULL, "not a value here"); return verr(n);
	}
}

bool sema_want(struct comp *c, const struct node *n, enum vkind k, const char *what, struct val *out)
{
	struct val v = sema_eval(c, n);
	char hint[96];

	if (v.k == V_ERR)
		return false;
	if (v.k == V_WORD && k != V_WORD && k != V_STR) {
		sema_unknown(c, n, "name", v.s, NULL, 0);
		return false;
	}
	if (v.k != k) {
		snprintf(hint, sizeof(hint), "%s",
			 k == V_DUR    ? "write a unit: 10s, 500ms, 50us"
			 : k == V_SIZE ? "write a unit: 512M, 4K, 1G"
			 : k == V_STR  ? "write it in double quotes"
				       : "");
		diag_error(&c->src, n->loc, hint[0] ? hint : NULL, "%s wants %s, not %s", what,
			   sema_kind_name(k), sema_kind_name(v.k));
		return false;
	}
	if (k != V_STR && k != V_WORD && v.d < 0) {
		diag_error(&c->src, n->loc, NULL, "%s cannot be negative", what);
		return false;
	}
	if (out)
		*out = v;
	return true;
}

bool sema_want_int(struct comp *c, const struct node *n, const char *what, double lo, double hi, double *out)
{
	struct val v = sema_eval(c, n);

	if (v.k == V_ERR)
		return false;
	if (v.k == V_WORD) {
		sema_unknown(c, n, "name", v.s, NULL, 0);
		return false;
	}
	if (v.k != V_NUM || !v.isint) {
		diag_error(&c->src, n->loc, NULL, "%s wants a whole number, not %s", what,
			   v.k == V_NUM ? "a fraction" : sema_kind_name(v.k));
		return false;
	}
	if (v.d < lo || v.d > hi) {
		diag_error(&c->src, n->loc, NULL, "%s must be between %.0f and %.0f, not %.0f", what, lo, hi,
			   v.d);
		return false;
	}
	*out = v.d;
	return true;
}

int sema_enum(struct comp *c, const struct node *at, const char *word, unsigned table, const char *what)
{
	const struct bc_enum *e = &bc_enums[table];

	for (unsigned i = 0; i < e->count; i++)
		if (!strcmp(word, e->names[i]))
			return (int)i;
	sema_unknown(c, at, what, word, (const char *const *)e->names, (int)e->count);
	return -1;
}
