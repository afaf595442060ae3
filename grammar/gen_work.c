/* Code generation for workers and work: the count, the work type with its
 * parameters, sequences of phases, and the group sizes of grouped types. */
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/lex.h"
#include "grammar/kts_parse.h"
#include "interp/interp.h"

bool gen_workers(struct comp *c, const struct node *set, int cg)
{
	struct val v = sema_eval(c, set->kid[0]);

	if (v.k == V_PCT && v.d > 0 && v.d <= 64) {
		emit_op(&c->w, OP_WORKERS_SHARE, cg, emit_num(&c->w, v.d));
		return true;
	}
	if (v.k == V_PCT) {
		diag_error(&c->src, set->kid[0]->loc, NULL,
			   "workers share must be above 0%% and at most 6400%%");
		return false;
	}
	if (!sema_want_int(c, set->kid[0], "workers", 0, 4096, &c->cgs[cg].workers))
		return false;
	emit_op(&c->w, OP_WORKERS, cg, emit_num(&c->w, c->cgs[cg].workers));
	return true;
}

static bool work_args(struct comp *c, const struct node *call, int cg, int work)
{
	const struct node *seen[32] = { 0 }; /* by parameter: a work mask has 32 bits */
	bool ok = true;

	for (int i = 0; i < call->nkid; i++) {
		const struct node *a = call->kid[i];
		struct val v;
		int p;

		if (a->kind != N_NAMED) {
			diag_error(&c->src, a->loc, "e.g. bursty(burst = 5ms, sleep = 1ms)",
				   "work parameters are written name = value");
			ok = false;
			continue;
		}
		if ((p = sema_enum(c, a, a->text, BC_E_WPARAM, "work parameter")) < 0) {
			ok = false;
			continue;
		}
		if (!(bc_work_params[work] & (1u << p))) {
			diag_error(&c->src, a->loc, NULL, "work %s has no parameter '%s'",
				   bc_enum_name(BC_E_WORK, (unsigned)work), a->text);
			ok = false;
			continue;
		}
		if (seen[p]) {
			diag_error(&c->src, a->loc, "keep one of them",
				   "parameter '%s' is already given at column %d", a->text, seen[p]->loc.col);
			ok = false;
			continue;
		}
		seen[p] = a;
		enum vkind k = bc_wparam_unit[p] == 'd' ? V_DUR : bc_wparam_unit[p] == 'z' ? V_SIZE : V_NUM;
		if (!sema_want(c, a->kid[0], k, a->text, &v)) {
			ok = false;
			continue;
		}
		if (p == BC_WP_fanout)
			c->cgs[cg].fanout = v.d;
		if (p == BC_WP_depth)
			c->cgs[cg].depth = v.d;
		emit_op(&c->w, OP_WORK_ARG, cg, (unsigned)p, emit_num(&c->w, v.d));
	}
	return ok;
}

static int work_type(struct comp *c, const struct node *v)
{
	struct val x = sema_eval(c, v);

	if (x.k != V_WORD && x.k != V_CALL) {
		if (x.k != V_ERR)
			diag_error(&c->src, v->loc, "e.g. work spin or work bursty(burst = 5ms)",
				   "work wants a work type");
		return -1;
	}
	return sema_enum(c, v, x.s, BC_E_WORK, "work type");
}

/* sequence(spin for 10ms, yield for 5ms): phases of other work types. */
static bool work_sequence(struct comp *c, const struct node *call, int cg)
{
	bool ok = call->nkid > 0;

	if (!ok)
		diag_error(&c->src, call->loc, "e.g. sequence(spin for 10ms, yield for 5ms)",
			   "sequence needs at least one phase");
	for (int i = 0; i < call->nkid; i++) {
		const struct node *ph = call->kid[i];
		struct val len;
		int t;

		if (ph->kind != N_FOR) {
			diag_error(&c->src, ph->loc, "e.g. spin for 10ms", "a phase is 'work for time'");
			ok = false;
			continue;
		}
		if ((t = work_type(c, ph->kid[0])) < 0 || !sema_want(c, ph->kid[1], V_DUR, "phase", &len)) {
			ok = false;
			continue;
		}
		if (t == BC_WORK_sequence || t == BC_WORK_exec) {
			diag_error(&c->src, ph->loc, NULL, "a sequence cannot contain %s",
				   t == BC_WORK_exec ? "a program (exec)" : "a sequence");
			ok = false;
			continue;
		}
		emit_op(&c->w, OP_WORK_PHASE, cg, (unsigned)t, emit_num(&c->w, len.d));
		if (ph->kid[0]->kind == N_CALL)
			ok = work_args(c, ph->kid[0], cg, t) && ok;
	}
	return ok;
}

/* One argument of exec(): a string, or a number written as its integer or
 * shortest decimal text (a parameter's value, say). */
static bool exec_arg(struct comp *c, const struct node *a, int cg, bool prog)
{
	struct val v = sema_eval(c, a);
	char num[64], why[1024];
	const char *s = v.s;

	if (v.k == V_ERR)
		return false;
	if (v.k == V_NUM && !prog) {
		snprintf(num, sizeof(num), "%.17g", v.d);
		s = num;
	} else if (v.k != V_STR) {
		diag_error(
			&c->src, a->loc,
			prog ? "e.g. exec(\"hackbench\", \"-g\", \"4\")" : "write it in double quotes",
			prog ? "exec's first argument is the program: a name or an absolute path, as a string"
			     : "a program argument is a string or a number");
		return false;
	}
	if (prog && (!s[0] || (strchr(s, '/') && s[0] != '/'))) {
		diag_error(&c->src, a->loc, "a name found on PATH, or an absolute path",
			   "program \"%s\" is neither a name nor an absolute path", s);
		return false;
	}
	for (const char *q = s; *q; q++)
		if ((unsigned char)*q < 0x20) {
			diag_error(&c->src, a->loc, NULL,
				   "a program argument cannot hold control characters");
			return false;
		}
	if (prog && c->opts && c->opts->program && c->opts->program(s, why, sizeof(why))) {
		diag_error(&c->src, a->loc, NULL, "%s", why);
		return false;
	}
	emit_op(&c->w, OP_WORK_ARGV, cg, emit_str(&c->w, s));
	return true;
}

/* exec("program", "arg", ...): argv as written, no shell and no splitting. */
static bool work_exec(struct comp *c, const struct node *call, int cg)
{
	bool ok = true;

	if (call->kind != N_CALL || call->nkid == 0) {
		diag_error(&c->src, call->loc, "e.g. work exec(\"hackbench\", \"-g\", \"4\")",
			   "work exec needs the program and its arguments");
		return false;
	}
	if (call->nkid > INTERP_MAX_ARGV) {
		diag_error(&c->src, call->loc, NULL,
			   "exec takes at most %d arguments with the program, got %d", INTERP_MAX_ARGV,
			   call->nkid);
		return false;
	}
	for (int i = 0; i < call->nkid; i++)
		ok = exec_arg(c, call->kid[i], cg, i == 0) && ok;
	return ok;
}

bool gen_work(struct comp *c, const struct node *set, int cg, int *work)
{
	const struct node *v = set->kid[0];
	int t;

	if ((v->kind == N_CALL || v->kind == N_IDENT) && !strcmp(v->text, "rtapp")) {
		*work = BC_WORK_exec; /* rt-app is a payload with its JSON beside it */
		emit_op(&c->w, OP_WORK, cg, (unsigned)BC_WORK_exec);
		return gen_rtapp(c, v, cg);
	}
	t = work_type(c, v);

	*work = t < 0 ? -2 : t; /* -2: reported already */
	if (t < 0)
		return false;
	emit_op(&c->w, OP_WORK, cg, (unsigned)t);
	if (t == BC_WORK_sequence)
		return work_sequence(c, v, cg);
	if (t == BC_WORK_exec)
		return work_exec(c, v, cg);
	return v->kind == N_CALL ? work_args(c, v, cg, t) : true;
}

/* Grouped work types need the worker count to fit the group. */
void gen_check_group(struct comp *c, const struct node *def, int cg, int work)
{
	int g = work >= 0 ? bc_work_group[work] : 0;
	double n = c->cgs[cg].workers;

	double size = g == 2 ? 2 : g == -1 ? c->cgs[cg].fanout + 1 : g == -2 ? c->cgs[cg].depth : 0;
	char hint[96];

	if (size < 2 || n <= 0 || fmod(n, size) == 0)
		return;
	if (size == 2) {
		diag_error(&c->src, def->loc, "pairs need an even count",
			   "work %s runs in pairs, but '%s' has %.0f workers",
			   bc_enum_name(BC_E_WORK, (unsigned)work), c->cgs[cg].path, n);
		return;
	}
	snprintf(hint, sizeof(hint), "use a multiple of %.0f workers", size);
	diag_error(&c->src, def->loc, hint, "work %s runs in groups of %.0f, but '%s' has %.0f workers",
		   bc_enum_name(BC_E_WORK, (unsigned)work), size, c->cgs[cg].path, n);
}

/* key "ops": the number after `ops=` or `ops:` (spaces allowed), the word
 * ops whole; regex special characters in the key are taken literally. */
static bool key_regex(const char *key, char *re, size_t len)
{
	size_t k = (size_t)snprintf(re, len, "\\<");

	for (; *key && k + 3 < len; key++) {
		if (strchr(".[]()*+?{}|^$\\", *key))
			re[k++] = '\\';
		re[k++] = *key;
	}
	re[k] = '\0';
	return (size_t)snprintf(re + k, len - k, "[ \t]*[=:][ \t]*([-+]?[0-9][0-9.eE+-]*)") < len - k;
}

void gen_work_metric(struct comp *c, const struct node *set, int cg)
{
	const struct node *name = set->kid[0], *how = set->kid[1], *pat = set->kid[2];
	struct cgroup *g = &c->cgs[cg];
	char re[600], why[200];
	regex_t rx;
	int e;

	bool builtin = false;

	for (unsigned m = 0; m < BC_M_COUNT; m++)
		builtin |= !strcmp(bc_enum_name(BC_E_METRIC, m), name->text);
	if (strchr(name->text, '.') || builtin) {
		diag_error(&c->src, name->loc, "e.g. metric ops = regex \"ops: ([0-9]+)\"",
			   "a metric's name is one word that is not a built-in metric ('%s')", name->text);
		return;
	}
	for (int i = 0; i < g->nmetric; i++)
		if (!strcmp(g->metric[i], name->text)) {
			diag_error(&c->src, name->loc, NULL, "metric %s is already defined in '%s'",
				   name->text, g->path);
			return;
		}
	if (strcmp(how->text, "regex") && strcmp(how->text, "key")) {
		diag_error(&c->src, how->loc,
			   "regex \"RE\" (group 1 is the value) or key \"NAME\" (NAME=value)",
			   "a metric is read with regex or key, not '%s'", how->text);
		return;
	}
	if (!strcmp(how->text, "key") ? !key_regex(pat->text, re, sizeof(re))
				      : (size_t)snprintf(re, sizeof(re), "%s", pat->text) >= sizeof(re)) {
		diag_error(&c->src, pat->loc, NULL, "the pattern is too long");
		return;
	}
	if ((e = regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE))) {
		regerror(e, &rx, why, sizeof(why));
		diag_error(&c->src, pat->loc, NULL, "not a POSIX extended regex: %s", why);
		return;
	}
	e = rx.re_nsub < 1;
	regfree(&rx);
	if (e) {
		diag_error(&c->src, pat->loc, "e.g. \"ops: ([0-9.]+)\"",
			   "the regex needs a group ( ) around the value");
		return;
	}
	if (g->nmetric == (int)(sizeof(g->metric) / sizeof(g->metric[0]))) {
		diag_error(&c->src, set->loc, NULL, "at most %d metric lines per cgroup", g->nmetric);
		return;
	}
	g->metric[g->nmetric++] = name->text;
	emit_op(&c->w, OP_WORK_METRIC, cg, emit_str(&c->w, name->text), emit_str(&c->w, re));
}
