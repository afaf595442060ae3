/* The timeline of a run: requirements, the scheduler, the cgroups with
 * their workers waiting at the barrier, go, settle, each step (its ops,
 * repeated with `every`, then held until its time is up), the rest of the
 * duration, finish. Holds are absolute deadlines on the runtime's clock so
 * slow ops do not stretch the run. */
#include "interp/interp_priv.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static double topo_lookup(void *arg, enum bc_op op, const unsigned *v)
{
	return op == OP_TOPO ? interp_topo_fact(arg, v[0]) : NAN;
}

/* The first unmet requirement, or NULL. */
static const char *unmet(const struct bc_prog *p, const struct interp_topo *t)
{
	struct interp_topo copy = *t; /* the lookup's argument is not const */
	unsigned v[8];
	bool unknown;

	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc]))
		if (interp_decode(p, pc, v) == OP_REQ_BEGIN &&
		    !(interp_eval(p, pc, topo_lookup, &copy, &unknown, NULL) != 0))
			return p->pool[v[0]].u.s;
	return NULL;
}

/* Run ops from pc until STEP_END (or until steps begin, during setup).
 * Returns the pc where it stopped, or 0 on error. */
static uint32_t run_ops(struct interp *in, uint32_t pc, bool setup)
{
	unsigned v[8];

	for (; pc < in->p->code_len; pc += bc_insn_len((enum bc_op)in->p->code[pc])) {
		enum bc_op op = interp_decode(in->p, pc, v);

		if (op == OP_STEP_END || op == OP_STEP_FRAC || op == OP_STEP_TIME || op == OP_CLAIM_BEGIN ||
		    op == OP_EXPECT_FAIL || op == OP_END)
			return pc;
		if (setup && !(bc_ops[op].where & (BC_W_CGDEF | BC_W_CG | BC_W_SET | BC_W_SETOP)))
			continue; /* metadata, requirements */
		if (interp_exec(in, op, v)) {
			char e[INTERP_ERRLEN];

			snprintf(e, sizeof(e), "%s: %s", bc_ops[op].name, in->err);
			snprintf(in->err, sizeof(in->err), "%s", e);
			return 0;
		}
	}
	return pc;
}

static bool step_adds(const struct interp *in, uint32_t pc)
{
	for (; pc < in->p->code_len && in->p->code[pc] != OP_STEP_END;
	     pc += bc_insn_len((enum bc_op)in->p->code[pc]))
		if (in->p->code[pc] == OP_CG_BEGIN || in->p->code[pc] == OP_CG_REMOVE)
			return true;
	return false;
}

static uint64_t clamp_ns(double d)
{
	return !(d > 0) ? 0 : d >= (double)INTERP_MAX_HOLD ? INTERP_MAX_HOLD : (uint64_t)d;
}

/* One step at pc (STEP_FRAC or STEP_TIME). Returns the pc after STEP_END or 0. */
static uint32_t run_step(struct interp *in, uint32_t pc, uint64_t duration)
{
	unsigned v[8];
	enum bc_op op = interp_decode(in->p, pc, v);
	uint64_t hold = op == OP_STEP_FRAC ? clamp_ns(bc_num(in->p, v[0]) * (double)duration)
					   : clamp_ns(bc_num(in->p, v[0]));
	uint64_t every = clamp_ns(bc_num(in->p, v[1]));
	uint64_t t0 = in->ops->now(in->ctx), next;
	uint32_t body = pc + bc_insn_len(op), end;
	char name[32];

	snprintf(name, sizeof(name), "step %u", in->step);
	if (in->ops->mark(in->ctx, in->step, name, t0, in->err))
		return 0;
	if (every && every < INTERP_MIN_EVERY)
		return snprintf(in->err, sizeof(in->err), "every %llu ns is below 1ms",
				(unsigned long long)every),
		       0;
	if (every && hold / every > INTERP_MAX_REPEAT)
		return snprintf(in->err, sizeof(in->err), "more than %u repetitions", INTERP_MAX_REPEAT), 0;
	if (every && step_adds(in, body))
		return snprintf(in->err, sizeof(in->err), "add and remove cannot repeat"), 0;
	if (!(end = run_ops(in, body, false)))
		return 0;
	/* the step's changes are in force: what runs from here is its steady state */
	if (in->ops->mark(in->ctx, in->step, "held", in->ops->now(in->ctx), in->err))
		return 0;
	for (next = t0 + every; every && next < t0 + hold; next += every) {
		in->ops->sleep_until(in->ctx, next);
		if (!run_ops(in, body, false))
			return 0;
	}
	in->ops->sleep_until(in->ctx, t0 + hold);
	return end + 1; /* past STEP_END */
}

static enum interp_status fail(struct interp *in, char *why, size_t len, const char *where)
{
	char e[INTERP_ERRLEN];

	snprintf(why, len, "%s: %s", where, in->err);
	in->ops->finish(in->ctx, e); /* stop what started; its own error matters less */
	return INTERP_ERROR;
}

static enum interp_status timeline(struct interp *in, const struct interp_meta *m, char *why, size_t len)
{
	uint32_t pc = 0;
	uint64_t t0, end;
	char where[32];
	unsigned v[8];

	if (m->sched && in->ops->sched(in->ctx, OP_SCHED, m->sched, m->sched_args, in->err))
		return fail(in, why, len, "scheduler");
	if (!(pc = run_ops(in, 0, true)))
		return fail(in, why, len, "setup");
	if (in->ops->go(in->ctx, in->err))
		return fail(in, why, len, "start");
	in->started = true;
	t0 = in->ops->now(in->ctx);
	if (in->ops->mark(in->ctx, 0, "start", t0, in->err))
		return fail(in, why, len, "start");
	in->ops->sleep_until(in->ctx, t0 + m->settle_ns);
	end = t0 + m->settle_ns + m->duration_ns;
	while (pc < in->p->code_len) {
		enum bc_op op = interp_decode(in->p, pc, v);

		if (op != OP_STEP_FRAC && op != OP_STEP_TIME)
			break;
		in->step++;
		if (!(pc = run_step(in, pc, m->duration_ns))) {
			snprintf(where, sizeof(where), "step %u", in->step);
			return fail(in, why, len, where);
		}
	}
	in->ops->sleep_until(in->ctx, end);
	if (in->ops->mark(in->ctx, in->step + 1, "end", in->ops->now(in->ctx), in->err) ||
	    in->ops->finish(in->ctx, in->err)) {
		snprintf(why, len, "end: %s", in->err);
		return INTERP_ERROR;
	}
	return INTERP_DONE;
}

enum interp_status interp_run(const struct bc_prog *p, const struct interp_topo *t,
			      const struct interp_rt_ops *ops, void *ctx, char *why, size_t whylen)
{
	struct interp in = { .p = p, .t = t, .ops = ops, .ctx = ctx };
	struct interp_meta m;
	const char *req;
	enum interp_status st;

	why[0] = '\0';
	interp_meta_read(p, &m);
	if ((req = unmet(p, t))) {
		snprintf(why, whylen, "requires %s", req);
		return INTERP_SKIP;
	}
	in.cg = calloc(p->ncgroups ? p->ncgroups : 1, sizeof(*in.cg));
	if (!in.cg) {
		snprintf(why, whylen, "out of memory");
		return INTERP_ERROR;
	}
	st = timeline(&in, &m, why, whylen);
	free(in.cg);
	return st;
}
