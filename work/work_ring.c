/* Futex token passing: futex_pingpong (a ring of two), wake_chain (a ring
 * of `length`), futex_fanout (1 waker, N-1 waiters, acknowledged rounds). */
#include "work/work_impl.h"

static int ring(struct work_ctx *c, uint64_t loops, int64_t burst_us)
{
	unsigned next = c->gbase + (c->idx - c->gbase + 1) % c->gsize;

	if (c->idx == c->gbase)
		work_post(c, next);
	while (work_take(c)) {
		sys_burn(loops);
		work_spin_us(burst_us);
		if (!work_tick(c, 1))
			break;
		work_post(c, next);
	}
	return 0;
}

int work_futex_pingpong(struct work_ctx *c)
{
	return ring(c, (uint64_t)c->p[0], c->p[1]);
}

int work_wake_chain(struct work_ctx *c)
{
	return ring(c, (uint64_t)c->p[1], c->p[2]);
}

/* The waker: post to every waiter, then sleep until the last one to
 * acknowledge says so through the waker's own inbox word (which it never
 * takes from otherwise), stamping the time it woke us. */
static int fanout_waker(struct work_ctx *c)
{
	struct work_slot *me = &c->sh->slot[c->gbase];

	do {
		__atomic_store_n(&me->fut, 0, __ATOMIC_RELAXED);
		__atomic_store_n(&me->ack, c->gsize - 1, __ATOMIC_RELEASE);
		for (unsigned w = c->gbase + 1; w < c->gbase + c->gsize; w++)
			work_post(c, w);
		while (!__atomic_load_n(&me->fut, __ATOMIC_ACQUIRE)) {
			if (!work_live(c))
				return 0;
			sys_futex_wait(&me->fut, 0, WORK_POLL_NS);
		}
		telem_woke(c->t, sys_now_ns(), me->ts);
	} while (work_tick(c, 1));
	return 0;
}

int work_futex_fanout(struct work_ctx *c)
{
	if (c->idx == c->gbase)
		return fanout_waker(c);
	while (work_take(c)) {
		sys_burn((uint64_t)c->p[1]);
		work_spin_us(c->p[2]);
		if (__atomic_sub_fetch(&c->sh->slot[c->gbase].ack, 1, __ATOMIC_ACQ_REL) == 0)
			work_post(c, c->gbase);
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}
