/* Code generation for steps: the hold, then the ops. */
#include <math.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/limits.h"
#include "grammar/lex.h"
#include "grammar/kts_parse.h"

static int ref(struct comp *c, const struct node *n)
{
	return sema_cgroup_ref(c, n, true);
}

static void op_remove(struct comp *c, int cg)
{
	emit_op(&c->w, OP_CG_REMOVE, (unsigned)cg);
	for (int i = cg; i < c->ncgs; i++)
		if (i == cg || (c->cgs[i].parent >= 0 && c->cgs[c->cgs[i].parent].removed)) {
			c->cgs[i].removed = true;
			c->cgs[i].removed_step = c->nsteps;
		}
}

static void op_pair(struct comp *c, const struct node *op, enum bc_op code)
{
	int a = ref(c, op->kid[0]), b = ref(c, op->kid[1]);

	if (a < 0 || b < 0)
		return;
	if (a == b) {
		diag_error(&c->src, op->loc, NULL, "%s needs two different cgroups", lex_token_text(op->tok));
		return;
	}
	emit_op(&c->w, code, (unsigned)a, (unsigned)b);
}

static void op_count(struct comp *c, const struct node *op, enum bc_op code)
{
	int cg = ref(c, op->kid[0]);
	double n;

	if (cg >= 0 && sema_want_int(c, op->kid[1], "the count", 1, 4096, &n))
		emit_op(&c->w, code, (unsigned)cg, emit_num(&c->w, n));
}

static void op_scheduler(struct comp *c, const struct node *op)
{
	static const char *const acts[] = { "attach", "detach", "restart", "replace" };
	const char *a = op->kid[0]->text;
	bool replace = !strcmp(a, "replace");

	if (replace && !op->kid[1]) {
		diag_error(&c->src, op->loc, "e.g. scheduler replace scx_simple",
			   "replace needs a scheduler name");
		return;
	}
	if (!replace && (op->kid[1] || op->kid[2])) {
		for (int i = 0; i < 3; i++)
			if (!strcmp(a, acts[i])) {
				diag_error(&c->src, op->loc, NULL, "scheduler %s takes no name or arguments",
					   a);
				return;
			}
	}
	if (replace)
		emit_op(&c->w, OP_SCHED_REPLACE, emit_str(&c->w, op->kid[1]->text),
			emit_str(&c->w, op->kid[2] ? op->kid[2]->text : ""));
	else if (!strcmp(a, "attach"))
		emit_op(&c->w, OP_SCHED_ATTACH);
	else if (!strcmp(a, "detach"))
		emit_op(&c->w, OP_SCHED_DETACH);
	else if (!strcmp(a, "restart"))
		emit_op(&c->w, OP_SCHED_RESTART);
	else
		sema_unknown(c, op->kid[0], "scheduler action", a, acts, 4);
}

/* The value of a sysctl or knob write, as the text the kernel will read. */
static bool knob_value(struct comp *c, const struct node *n, unsigned *k)
{
	struct val v = sema_eval(c, n);
	char buf[64];

	if (v.k == V_STR) {
		*k = emit_str(&c->w, v.s);
		return true;
	}
	if (v.k == V_NUM && v.isint) {
		snprintf(buf, sizeof(buf), "%.0f", v.d);
		*k = emit_str(&c->w, buf);
		return true;
	}
	if (v.k != V_ERR)
		diag_error(&c->src, n->loc, "write the value in the kernel's own units, or quote it",
			   "a knob takes a whole number or a string, not %s", sema_kind_name(v.k));
	return false;
}

static void op_knob(struct comp *c, const struct node *op)
{
	const char *path = op->kid[0]->text;
	unsigned k;

	if (op->tok == T_SYSCTL) {
		if (!*path || strchr(path, '/') || strstr(path, "..")) {
			diag_error(&c->src, op->kid[0]->loc, "e.g. sysctl kernel.sched_rr_timeslice_ms = 100",
				   "a sysctl is a dotted name");
			return;
		}
	} else if ((strncmp(path, "/sys/", 5) && strncmp(path, "/proc/sys/", 10)) || strstr(path, "..")) {
		diag_error(&c->src, op->kid[0]->loc, NULL, "knob path must be under /sys/ or /proc/sys/");
		return;
	}
	if (op->tok == T_READ) {
		emit_op(&c->w, OP_KNOB_READ, emit_str(&c->w, path));
		return;
	}
	if (knob_value(c, op->kid[1], &k))
		emit_op(&c->w, op->tok == T_SYSCTL ? OP_SYSCTL : OP_KNOB_WRITE, emit_str(&c->w, path), k);
}

/* It labels a step marker in the telemetry; a longer one would be cut. */
static bool snapshot_name_ok(const char *s)
{
	size_t n = strlen(s);

	for (const char *p = s; *p; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			return false;
	return n > 0 && n <= KTS_MAX_NAME;
}

static void op_set(struct comp *c, const struct node *op, int cg)
{
	struct node set = { .kind = N_SET, .loc = op->kid[1]->loc, .tok = op->kid[1]->tok };
	struct node *kids[2] = { op->kid[1], op->kid[2] };

	set.kid = kids;
	set.nkid = 2;
	gen_setting(c, &set, cg, true);
}

static void op_lifecycle(struct comp *c, const struct node *op)
{
	if (c->in_loop_step) {
		diag_error(&c->src, op->loc, "add and remove cgroups in a step without 'every'",
			   "%s in a repeating step", lex_token_text(op->tok));
		return;
	}
	if (op->tok == T_ADD) {
		gen_cgroup(c, op->kid[0], -1, BC_CGF_added);
	} else {
		int cg = ref(c, op->kid[0]);

		if (cg >= 0)
			op_remove(c, cg);
	}
}

static void cg_op(struct comp *c, const struct node *op)
{
	struct val v;
	int cg;

	switch (op->tok) {
	case T_ADD:
	case T_REMOVE: {
		op_lifecycle(c, op);
		return;
	}
	case T_SWAP_CPUSETS: {
		op_pair(c, op, OP_CPUSET_SWAP);
		return;
	}
	case T_MOVE: {
		op_pair(c, op, OP_MOVE);
		return;
	}
	case T_SPAWN: {
		op_count(c, op, OP_SPAWN);
		return;
	}
	case T_SCHEDULER: {
		op_scheduler(c, op);
		return;
	}
	case T_SYSCTL:
	case T_WRITE:
	case T_READ: {
		op_knob(c, op);
		return;
	}
	case T_SNAPSHOT:
		if (!snapshot_name_ok(op->kid[0]->text))
			diag_error(&c->src, op->kid[0]->loc, NULL,
				   "a snapshot name is 1 to %d printable characters", KTS_MAX_NAME);
		else
			emit_op(&c->w, OP_SNAPSHOT, emit_str(&c->w, op->kid[0]->text));
		return;
	case T_WAIT:
		if (sema_want(c, op->kid[0], V_DUR, "wait", &v))
			emit_op(&c->w, OP_WAIT, emit_num(&c->w, v.d));
		return;
	}
	if ((cg = ref(c, op->kid[0])) < 0)
		return;
	switch (op->tok) {
	case T_STOP:
		if (op->nkid > 1) {
			op_count(c, op, OP_STOP);
			return;
		}
		{
			emit_op(&c->w, OP_STOP_ALL, (unsigned)cg);
			return;
		}
	case T_CLEAR_CPUSET: {
		emit_op(&c->w, OP_CPUSET_CLEAR, (unsigned)cg);
		return;
	}
	case T_FREEZE: {
		emit_op(&c->w, OP_FREEZE, (unsigned)cg);
		return;
	}
	case T_UNFREEZE: {
		emit_op(&c->w, OP_UNFREEZE, (unsigned)cg);
		return;
	}
	case T_SIGSTOP: {
		emit_op(&c->w, OP_SIGNAL, (unsigned)cg, BC_SIG_stop);
		return;
	}
	case T_SIGCONT: {
		emit_op(&c->w, OP_SIGNAL, (unsigned)cg, BC_SIG_cont);
		return;
	}
	case T_SET: {
		op_set(c, op, cg);
		return;
	}
	case T_CPUSET:
	case T_AFFINITY:
	case T_MEMS: {
		struct node set = { .kind = N_SET, .loc = op->loc, .tok = op->tok };
		struct node *kids[2] = { op->kid[1], NULL };

		set.kid = kids;
		set.nkid = 2;
		gen_setting(c, &set, cg, true);
		return;
	}
	}
}

/* The hold: a fraction of the duration (1/3, 25%) or a time (2s). */
static bool step_hold(struct comp *c, const struct node *step, double *frac_sum, double *time_sum)
{
	struct val h = sema_eval(c, step->kid[0]), every = { .k = V_DUR, .d = 0 };

	if (step->kid[1] && (!sema_want(c, step->kid[1], V_DUR, "every", &every) || every.d < 1e6)) {
		if (every.d < 1e6 && every.k == V_DUR)
			diag_error(&c->src, step->kid[1]->loc, NULL, "every must be at least 1ms");
		return false;
	}
	c->in_loop_step = step->kid[1] != NULL;
	if ((h.k == V_NUM || h.k == V_PCT) && h.d > 0 && h.d <= 1) {
		*frac_sum += h.d;
		emit_op(&c->w, OP_STEP_FRAC, emit_num(&c->w, h.d), emit_num(&c->w, every.d));
		return true;
	}
	if (h.k == V_DUR && h.d > 0) {
		*time_sum += h.d;
		emit_op(&c->w, OP_STEP_TIME, emit_num(&c->w, h.d), emit_num(&c->w, every.d));
		return true;
	}
	if (h.k != V_ERR)
		diag_error(&c->src, step->kid[0]->loc, "e.g. step 1/3, step 25% or step 2s",
			   "a step holds for a fraction of the duration or a time");
	return false;
}

void gen_steps(struct comp *c, const struct node *block)
{
	double frac = 0, time = 0;
	const struct node *last = NULL;

	for (int i = 0; i < block->nkid; i++) {
		const struct node *s = block->kid[i];

		if (s->kind != N_STEP)
			continue;
		last = s;
		if (c->nsteps == BC_MAX_STEPS) {
			diag_error(&c->src, s->loc, "split the scenario", "more than %d steps", BC_MAX_STEPS);
			return;
		}
		if (!step_hold(c, s, &frac, &time))
			continue;
		c->nsteps++;
		for (int j = 0; j < s->kid[2]->nkid; j++)
			if (s->kid[2]->kid[j]->kind == N_OP)
				cg_op(c, s->kid[2]->kid[j]);
		emit_op(&c->w, OP_STEP_END);
	}
	if (last && frac * c->duration_ns + time > c->duration_ns * (1 + 1e-9))
		diag_error(&c->src, last->loc, "shorten the steps or lengthen the duration",
			   "steps last longer than the duration");
}
