/* Code generation for scenario metadata: duration, settle, watchdog, tags,
 * topology, gauntlet, parameters, scheduler. */
#include <ctype.h>
#include <string.h>

#include "grammar/comp.h"
#include "lib/topo.h"
#include "grammar/lex.h"
#include "grammar/kts_parse.h"

#define DEFAULT_DURATION_NS 10e9

static void meta_time(struct comp *c, const struct node *m, enum bc_op op)
{
	struct val v;

	if (!sema_want(c, m->kid[0], V_DUR, lex_token_text(m->tok), &v))
		return;
	if (op != OP_SETTLE && v.d <= 0) {
		diag_error(&c->src, m->kid[0]->loc, NULL, "%s must be above zero", lex_token_text(m->tok));
		return;
	}
	if (op == OP_DURATION)
		c->duration_ns = v.d;
	emit_op(&c->w, op, emit_num(&c->w, v.d));
}

/* The spelling or preset --topo takes, checked by the same parser. */
static void meta_topology(struct comp *c, const struct node *m)
{
	const struct node *v = m->kid[0];
	struct topo t;
	char err[256];

	if (v->kind != N_NUM && v->kind != N_STR && v->kind != N_IDENT) {
		diag_error(&c->src, v->loc, "e.g. topology 2n4l2c2t or topology llc2 (ktsrun topo --list)",
			   "topology wants a spelling or a preset name");
		return;
	}
	if (topo_parse(v->text, &t, err, sizeof(err)) &&
	    (!c->opts || !c->opts->topo_name || c->opts->topo_name(v->text, err, sizeof(err)))) {
		diag_error(&c->src, v->loc, NULL, "%s", err);
		return;
	}
	emit_op(&c->w, OP_TOPOLOGY, emit_str(&c->w, v->text));
}

static void meta_list(struct comp *c, const struct node *m, enum bc_op op)
{
	for (int i = 0; i < m->nkid; i++) {
		const char *s = m->kid[i]->text;

		for (const char *p = s; *p; p++)
			if (!isalnum((unsigned char)*p) && *p != '_' && *p != '-')
				s = NULL;
		if (!s || !*m->kid[i]->text)
			diag_error(&c->src, m->kid[i]->loc, NULL, "a tag is letters, digits, '_' and '-'");
		else
			emit_op(&c->w, op, emit_str(&c->w, s));
	}
}

static const struct node *meta_once(struct comp *c, const struct node *block, int i)
{
	const struct node *m = block->kid[i];

	for (int j = 0; j < i; j++) {
		const struct node *o = block->kid[j];

		if (o->kind == m->kind && o->tok == m->tok && (m->kind == N_SCHED || m->tok != T_TAGS)) {
			diag_error(&c->src, m->loc, NULL, "%s is already given at line %d",
				   m->kind == N_SCHED ? "scheduler" : lex_token_text(m->tok), o->loc.line);
			return NULL;
		}
	}
	return m;
}

/* check max_gap = 2s, check progress = off: tune the default checks. */
static void meta_check(struct comp *c, const struct node *block, int i)
{
	const struct node *m = block->kid[i];
	int k = sema_enum(c, m, m->text, BC_E_CHECK, "default check");
	struct val v;

	if (k < 0)
		return;
	for (int j = 0; j < i; j++)
		if (block->kid[j]->kind == N_CHECK && !strcmp(block->kid[j]->text, m->text)) {
			diag_error(&c->src, m->loc, NULL, "check %s is already given at line %d", m->text,
				   block->kid[j]->loc.line);
			return;
		}
	v = sema_eval(c, m->kid[0]);
	if (v.k == V_WORD && !strcmp(v.s, "off")) {
		emit_op(&c->w, OP_CHECK_OFF, (unsigned)k);
		return;
	}
	if (bc_check_unit[k] == '-') {
		if (v.k != V_ERR)
			diag_error(&c->src, m->kid[0]->loc, NULL, "check %s can only be turned off", m->text);
		return;
	}
	if (bc_check_unit[k] == 'd' ? !sema_want(c, m->kid[0], V_DUR, m->text, &v)
				    : v.k != V_PCT && !sema_want(c, m->kid[0], V_NUM, m->text, &v))
		return;
	emit_op(&c->w, OP_CHECK, (unsigned)k, emit_num(&c->w, v.d));
}

static void params(struct comp *c)
{
	for (int i = 0; i < c->nsyms; i++) {
		struct sym *s = &c->syms[i];
		struct node id = { .kind = N_IDENT, .loc = s->def->loc };
		struct val v;

		if (s->kind != S_PARAM)
			continue;
		id.text = (char *)(uintptr_t)s->name;
		v = sema_eval(c, &id);
		if (v.k == V_STR)
			emit_op(&c->w, OP_PARAM_STR, emit_str(&c->w, s->name), emit_str(&c->w, v.s));
		else if (v.k == V_NUM || v.k == V_DUR || v.k == V_SIZE || v.k == V_PCT)
			emit_op(&c->w, OP_PARAM, emit_str(&c->w, s->name), emit_num(&c->w, v.d));
		else if (v.k != V_ERR)
			diag_error(&c->src, s->def->loc, NULL, "param '%s' must be a number or a string",
				   s->name);
	}
}

void gen_meta(struct comp *c, const struct node *block)
{
	static const enum bc_op times[] = { OP_DURATION, OP_SETTLE, OP_WATCHDOG };
	static const int toks[] = { T_DURATION, T_SETTLE, T_WATCHDOG };
	bool has_duration = false;

	c->duration_ns = DEFAULT_DURATION_NS;
	for (int i = 0; i < block->nkid; i++)
		if (block->kid[i]->kind == N_META && block->kid[i]->tok == T_DURATION)
			has_duration = true;
	if (!has_duration)
		emit_op(&c->w, OP_DURATION, emit_num(&c->w, c->duration_ns));
	for (int i = 0; i < block->nkid; i++) {
		const struct node *m = block->kid[i];

		if (m->kind == N_CHECK)
			meta_check(c, block, i);
		if ((m->kind != N_META && m->kind != N_SCHED) || !meta_once(c, block, i))
			continue;
		for (int t = 0; t < 3; t++)
			if (m->kind == N_META && m->tok == toks[t])
				meta_time(c, m, times[t]);
		if (m->kind == N_SCHED)
			emit_op(&c->w, OP_SCHED, emit_str(&c->w, m->kid[0]->text),
				emit_str(&c->w, m->kid[1] ? m->kid[1]->text : ""));
		else if (m->tok == T_TOPOLOGY)
			meta_topology(c, m);
		else if (m->tok == T_TAGS)
			meta_list(c, m, OP_TAG);
		else if (m->tok == T_GAUNTLET)
			meta_list(c, m, OP_GAUNTLET);
	}
	params(c);
}
