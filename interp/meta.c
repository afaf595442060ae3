/* What a program says about itself: read on the host (for `list`, the
 * verdict's thresholds and the VM's watchdog) and in the guest. */
#include "interp/interp.h"

#include <string.h>

static const char *str(const struct bc_prog *p, unsigned k)
{
	return k < p->npool && p->pool[k].tag == BC_K_STR ? p->pool[k].u.s : "";
}

static uint64_t dur(const struct bc_prog *p, unsigned k)
{
	double d = bc_num(p, k);

	return d <= 0 ? 0 : d >= (double)INTERP_MAX_HOLD ? INTERP_MAX_HOLD : (uint64_t)d;
}

/* One op of the program's head or claims. */
static void meta_op(const struct bc_prog *p, struct interp_meta *m, enum bc_op op, const unsigned *v,
		    uint32_t pc)
{
	switch (op) {
	case OP_SCENARIO:
		m->name = str(p, v[0]);
		m->desc = str(p, v[1]);
		break;
	case OP_DURATION: m->duration_ns = dur(p, v[0]); break;
	case OP_SETTLE: m->settle_ns = dur(p, v[0]); break;
	case OP_WATCHDOG: m->watchdog_ns = dur(p, v[0]); break;
	case OP_TOPOLOGY: m->topology = str(p, v[0]); break;
	case OP_TAG:
		if (m->ntags < INTERP_MAX_TAGS)
			m->tags[m->ntags++] = str(p, v[0]);
		break;
	case OP_GAUNTLET:
		if (m->ngauntlet < INTERP_MAX_GAUNTLET)
			m->gauntlet[m->ngauntlet++] = str(p, v[0]);
		break;
	case OP_SCHED:
		m->sched = str(p, v[0]);
		m->sched_args = str(p, v[1]);
		break;
	case OP_CHECK:
		m->check_set[v[0]] = true;
		m->check_val[v[0]] = bc_num(p, v[1]);
		break;
	case OP_CHECK_OFF: m->check_off[v[0]] = true; break;
	case OP_REQ_BEGIN: m->nreqs++; break;
	case OP_CLAIM_BEGIN:
		if (!m->nclaims++ && !m->expect_fail)
			m->claims_pc = pc;
		break;
	case OP_BASE_METRIC:
	case OP_BASE_PAY_METRIC:
	case OP_BASE_PAY_METRIC_STEP:
	case OP_BASE_PAY_METRIC_PHASE: m->nbase++; break;
	case OP_EXPECT_FAIL:
		if (!m->nclaims && !m->expect_fail)
			m->claims_pc = pc;
		m->expect_fail = true;
		m->fail_kind = v[0];
		m->fail_match = str(p, v[1]);
		break;
	case OP_END:
		if (!m->nclaims && !m->expect_fail)
			m->claims_pc = pc;
		break;
	default: break;
	}
}

void interp_meta_read(const struct bc_prog *p, struct interp_meta *m)
{
	unsigned v[8];

	memset(m, 0, sizeof(*m));
	m->name = m->desc = m->topology = "";
	m->duration_ns = INTERP_DEF_DURATION;
	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc]))
		meta_op(p, m, interp_decode(p, pc, v), v, pc);
}
