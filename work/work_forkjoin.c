/* fan_out_compute: fork-join rounds. The leader (worker 0 of a group) wakes
 * all its helpers with one futex wake, computes its own chunk, and sleeps
 * until the last helper to finish wakes it; each helper computes one chunk
 * per round. The leader's wake latencies are whole rounds, fan-out to join;
 * a helper's are from the fan-out to it running. */
#include <limits.h>

#include "work/work_impl.h"

static int leader(struct work_ctx *c)
{
	struct work_slot *s = &c->sh->slot[c->gbase];

	do {
		uint64_t t0 = sys_now_ns();
		uint32_t left;

		s->ts = t0;
		s->cpu = sys_cpu();
		__atomic_store_n(&s->ack, c->gsize - 1, __ATOMIC_RELEASE);
		__atomic_add_fetch(&s->fut, 1, __ATOMIC_RELEASE); /* the round's generation */
		sys_futex_wake(&s->fut, INT_MAX);
		work_spin_us(c->p[1]);
		while ((left = __atomic_load_n(&s->ack, __ATOMIC_ACQUIRE))) {
			if (!work_live(c))
				return 0;
			sys_futex_wait(&s->ack, left, WORK_POLL_NS);
		}
		telem_woke(c->t, sys_now_ns(), t0); /* the round, fan-out to join */
	} while (work_tick(c, 1));
	return 0;
}

int work_fan_out_compute(struct work_ctx *c)
{
	struct work_slot *s = &c->sh->slot[c->gbase];
	uint32_t seen = 0; /* the region starts zeroed: no round missed before we look */

	if (c->idx == c->gbase)
		return leader(c);
	for (;;) {
		if (!work_wait_gen(c, s, &seen))
			return 0;
		if (sys_cpu() == s->cpu)
			c->t->aux++; /* stacked on the leader's CPU instead of an idle one */
		work_spin_us(c->p[1]);
		if (__atomic_sub_fetch(&s->ack, 1, __ATOMIC_ACQ_REL) == 0)
			sys_futex_wake(&s->ack, 1);
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}
