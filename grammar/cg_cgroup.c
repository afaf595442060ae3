/* Code generation for cgroups: CG_BEGIN, the settings, CG_END, then the
 * nested cgroups. Settings are shared with the `set` op of steps. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/lex.h"
#include "grammar/kts_parse.h"

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
	*k = bcw_str(&c->w, v.s);
	return true;
}

/* "0-3,8,10-11": digits, ranges and commas. */
static bool want_cpulist(struct comp *c, const struct node *n, const char *what, unsigned *k)
{
	struct val v = sema_eval(c, n);
	const char *s = v.s;

	if (v.k != V_STR)
		return want_str(c, n, what, k);
	for (const char *p = s; *p; p++)
		if (!strchr("0123456789-,", *p))
			s = NULL;
	if (!s || !*v.s) {
		diag_error(&c->src, n->loc, "write a list such as \"0-3,8\"", "bad %s \"%s\"", what,
			   v.s);
		return false;
	}
	*k = bcw_str(&c->w, v.s);
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
		if (!want_cpulist(c, v, "cpuset", &k))
			return false;
		bcw_op(&c->w, OP_CPUSET_LIST, cg, k);
		return true;
	}
	if (v->kind != N_CALL) {
		diag_error(&c->src, v->loc, use, "cpuset wants a CPU set");
		return false;
	}
	if (!strcmp(v->text, "llc") || !strcmp(v->text, "node")) {
		if (!call_arity(c, v, 1, NULL) || !sema_want_int(c, v->kid[0], v->text, 0, 4095, &a))
			return false;
		bcw_op(&c->w, v->text[0] == 'l' ? OP_CPUSET_LLC : OP_CPUSET_NODE, cg, bcw_num(&c->w, a));
	} else if (!strcmp(v->text, "range")) {
		if (!call_arity(c, v, 2, "range(0%, 50%)") || !want_fraction(c, v->kid[0], "range", &a) ||
		    !want_fraction(c, v->kid[1], "range", &b))
			return false;
		if (a >= b) {
			diag_error(&c->src, v->loc, NULL, "range is empty: it must go up");
			return false;
		}
		bcw_op(&c->w, OP_CPUSET_RANGE, cg, bcw_num(&c->w, a), bcw_num(&c->w, b));
	} else if (!strcmp(v->text, "disjoint")) {
		if (!call_arity(c, v, 1, "disjoint(0 of 2)") || !want_of(c, v->kid[0], &a, &b))
			return false;
		bcw_op(&c->w, OP_CPUSET_DISJOINT, cg, bcw_num(&c->w, a), bcw_num(&c->w, b));
	} else if (!strcmp(v->text, "overlap")) {
		if (!call_arity(c, v, 2, "overlap(0 of 2, 25%)") || !want_of(c, v->kid[0], &a, &b) ||
		    !want_fraction(c, v->kid[1], "overlap", &f))
			return false;
		bcw_op(&c->w, OP_CPUSET_OVERLAP, cg, bcw_num(&c->w, a), bcw_num(&c->w, b),
		       bcw_num(&c->w, f));
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
		if (!call_arity(c, v, 1, NULL) || !sema_want_int(c, v->kid[0], "node", 0, 1023, &a))
			return false;
		bcw_op(&c->w, OP_MEMS_NODE, cg, bcw_num(&c->w, a));
		return true;
	}
	if (v->kind == N_STR) {
		if (!want_cpulist(c, v, "mems", &k))
			return false;
		bcw_op(&c->w, OP_MEMS_LIST, cg, k);
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
		if (!want_cpulist(c, v, "affinity", &k))
			return false;
		bcw_op(&c->w, OP_AFFINITY_LIST, cg, k);
	} else if (x.k == V_CALL && !strcmp(x.s, "random")) {
		if (!call_arity(c, v, 1, "random(2)") ||
		    !sema_want_int(c, v->kid[0], "random", 1, 4096, &n))
			return false;
		bcw_op(&c->w, OP_AFFINITY_RANDOM, cg, bcw_num(&c->w, n));
	} else if (x.k == V_WORD) {
		if ((e = sema_enum(c, v, x.s, BC_E_AFF, "affinity")) < 0)
			return false;
		bcw_op(&c->w, OP_AFFINITY, cg, (unsigned)e);
	} else {
		if (x.k != V_ERR)
			diag_error(&c->src, v->loc, "inherit, same_llc, same_node, cross_llc, random(n) or \"0-3\"",
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
			diag_error(&c->src, v->loc, "normal, batch, idle, fifo(prio) or rr(prio)",
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
	bcw_op(&c->w, OP_POLICY, cg, (unsigned)e, bcw_num(&c->w, prio));
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
	bcw_op(&c->w, OP_CPU_MAX, cg, bcw_num(&c->w, round(q.d / 1e3) * 1e3),
	       bcw_num(&c->w, round(p.d / 1e3) * 1e3));
	return true;
}

static bool cg_size(struct comp *c, const struct node *set, int cg, int which)
{
	struct val v;

	if (!sema_want(c, set->kid[0], V_SIZE, setting_name(set), &v))
		return false;
	bcw_op(&c->w, OP_MEMORY, cg, (unsigned)which, bcw_num(&c->w, v.d));
	return true;
}

static bool cg_int(struct comp *c, const struct node *set, int cg, enum bc_op op, double lo,
		   double hi)
{
	double v;

	if (!sema_want_int(c, set->kid[0], setting_name(set), lo, hi, &v))
		return false;
	bcw_op(&c->w, op, cg, bcw_num(&c->w, v));
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
	k = bcw_str(&c->w, v.s);
	bcw_op(&c->w, OP_COMM, cg, k);
	return true;
}

/* Settings both a cgroup block and a step's `set` may change. */
bool cg_setting(struct comp *c, const struct node *set, int cg, bool in_step)
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

static bool cg_workers(struct comp *c, const struct node *set, int cg)
{
	struct val v = sema_eval(c, set->kid[0]);

	if (v.k == V_PCT && v.d > 0 && v.d <= 64) {
		bcw_op(&c->w, OP_WORKERS_SHARE, cg, bcw_num(&c->w, v.d));
		return true;
	}
	if (v.k == V_PCT) {
		diag_error(&c->src, set->kid[0]->loc, NULL, "workers share must be above 0%% and at most 6400%%");
		return false;
	}
	if (!sema_want_int(c, set->kid[0], "workers", 0, 4096, &c->cgs[cg].workers))
		return false;
	bcw_op(&c->w, OP_WORKERS, cg, bcw_num(&c->w, c->cgs[cg].workers));
	return true;
}

static bool work_args(struct comp *c, const struct node *call, int cg, int work)
{
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
		enum vkind k = bc_wparam_unit[p] == 'd' ? V_DUR : bc_wparam_unit[p] == 'z' ? V_SIZE : V_NUM;
		if (!sema_want(c, a->kid[0], k, a->text, &v)) {
			ok = false;
			continue;
		}
		if (p == BC_WP_fanout)
			c->cgs[cg].fanout = v.d;
		if (p == BC_WP_depth)
			c->cgs[cg].depth = v.d;
		bcw_op(&c->w, OP_WORK_ARG, cg, (unsigned)p, bcw_num(&c->w, v.d));
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
		if (t == BC_WORK_sequence) {
			diag_error(&c->src, ph->loc, NULL, "a sequence cannot contain a sequence");
			ok = false;
			continue;
		}
		bcw_op(&c->w, OP_WORK_PHASE, cg, (unsigned)t, bcw_num(&c->w, len.d));
		if (ph->kid[0]->kind == N_CALL)
			ok = work_args(c, ph->kid[0], cg, t) && ok;
	}
	return ok;
}

static bool cg_work(struct comp *c, const struct node *set, int cg, int *work)
{
	const struct node *v = set->kid[0];
	int t = work_type(c, v);

	*work = t < 0 ? -2 : t; /* -2: reported already */
	if (t < 0)
		return false;
	bcw_op(&c->w, OP_WORK, cg, (unsigned)t);
	if (t == BC_WORK_sequence)
		return work_sequence(c, v, cg);
	return v->kind == N_CALL ? work_args(c, v, cg, t) : true;
}

/* Grouped work types need the worker count to fit the group. */
static void check_group(struct comp *c, const struct node *def, int cg, int work)
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

static int declare(struct comp *c, const struct node *def, int parent, int flags)
{
	struct cgroup *g;
	char *path;
	int id;

	if (strchr(def->text, '.')) {
		diag_error(&c->src, def->loc, "nest a cgroup block inside another instead",
			   "cgroup names cannot contain '.'");
		return -1;
	}
	path = malloc(strlen(def->text) + (parent >= 0 ? strlen(c->cgs[parent].path) + 2 : 1));
	if (!path)
		abort();
	if (parent >= 0)
		sprintf(path, "%s.%s", c->cgs[parent].path, def->text);
	else
		strcpy(path, def->text);
	if ((id = sema_cgroup_find(c, path)) >= 0 && !c->cgs[id].removed) {
		diag_error(&c->src, def->loc, NULL, "cgroup '%s' is already defined at line %d", path,
			   c->cgs[id].def->loc.line);
		free(path);
		return -1;
	}
	if (c->ncgs >= BC_MAX_CGROUPS) {
		diag_error(&c->src, def->loc, NULL, "more than %d cgroups", BC_MAX_CGROUPS);
		free(path);
		return -1;
	}
	c->cgs = realloc(c->cgs, (size_t)(c->ncgs + 1) * sizeof(*c->cgs));
	if (!c->cgs)
		abort();
	g = &c->cgs[c->ncgs];
	*g = (struct cgroup){ .path = path, .name = def->text, .parent = parent, .def = def,
			      .backdrop = flags == BC_CGF_backdrop, .workers = -1,
			      .fanout = -1, .depth = -1 };
	bcw_op(&c->w, OP_CG_BEGIN, (unsigned)c->ncgs, parent < 0 ? BC_ROOT : (unsigned)parent,
	       bcw_str(&c->w, def->text), (unsigned)flags);
	return c->ncgs++;
}

/* The settings of one block (a template's or the cgroup's own). */
static void settings(struct comp *c, const struct node *block, int cg, int *work, bool *has_workers)
{
	for (int i = 0; block && i < block->nkid; i++) {
		const struct node *s = block->kid[i], *dup = NULL;

		if (s->kind != N_SET)
			continue;
		for (int j = 0; j < i && !dup; j++)
			if (block->kid[j]->kind == N_SET && block->kid[j]->tok == s->tok)
				dup = block->kid[j];
		if (dup) {
			diag_error(&c->src, s->loc, NULL, "%s is already set at line %d", setting_name(s),
				   dup->loc.line);
			continue;
		}
		if (s->tok == T_WORKERS) {
			cg_workers(c, s, cg);
			*has_workers = true;
		} else if (s->tok == T_WORK)
			cg_work(c, s, cg, work);
		else
			cg_setting(c, s, cg, false);
	}
}

static void children(struct comp *c, const struct node *block, int cg, int flags)
{
	for (int i = 0; block && i < block->nkid; i++)
		if (block->kid[i]->kind == N_CGROUP)
			cg_cgroup(c, block->kid[i], cg, flags);
}

void cg_cgroup(struct comp *c, const struct node *def, int parent, int flags)
{
	const struct node *from = def->kid[0], *tmpl = NULL;
	int cg = declare(c, def, parent, flags), work = -1;
	bool has_workers = false;

	if (cg < 0)
		return;
	if (from) {
		struct sym *s = sema_sym(c, from->text);

		if (s && s->kind == S_TEMPLATE) {
			tmpl = s->def->kid[0];
		} else {
			const char **names = calloc((size_t)c->nsyms + 1, sizeof(*names));
			int n = 0;

			if (!names)
				abort();
			for (int i = 0; i < c->nsyms; i++)
				if (c->syms[i].kind == S_TEMPLATE)
					names[n++] = c->syms[i].name;
			sema_unknown(c, from, "template", from->text, names, n);
			free(names);
		}
	}
	settings(c, tmpl, cg, &work, &has_workers);
	settings(c, def->kid[1], cg, &work, &has_workers);
	if (has_workers && work == -1)
		diag_error(&c->src, def->loc, "add e.g. work spin", "cgroup '%s' has workers but no work",
			   c->cgs[cg].path);
	check_group(c, def, cg, work);
	bcw_op(&c->w, OP_CG_END, (unsigned)cg);
	children(c, tmpl, cg, flags);
	children(c, def->kid[1], cg, flags);
}
