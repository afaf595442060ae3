/* Futex token passing: futex_pingpong (a ring of two), wake_chain (a ring
 * of `length`), futex_fanout (1 waker, N-1 waiters, acknowledged rounds). */
#include "rt/work_impl.h"

static int ring(struct work_ctx *c, uint64_t loops)
{
	unsigned next = c->gbase + (c->idx - c->gbase + 1) % c->gsize;

	if (c->idx == c->gbase)
		work_post(c, next);
	while (work_take(c)) {
		rt_burn(loops);
		if (!work_tick(c, 1))
			break;
		work_post(c, next);
	}
	return 0;
}

int work_futex_pingpong(struct work_ctx *c)
{
	return ring(c, (uint64_t)c->p[0]);
}

int work_wake_chain(struct work_ctx *c)
{
	return ring(c, (uint64_t)c->p[1]);
}

/* The waker: post to every waiter, then sleep until all acknowledged. */
static int fanout_waker(struct work_ctx *c)
{
	uint32_t *pending = &c->sh->slot[c->gbase].ack;

	do {
		__atomic_store_n(pending, c->gsize - 1, __ATOMIC_RELEASE);
		for (unsigned w = c->gbase + 1; w < c->gbase + c->gsize; w++)
			work_post(c, w);
		for (uint32_t v; (v = __atomic_load_n(pending, __ATOMIC_ACQUIRE));) {
			if (!work_live(c))
				return 0;
			rt_futex_wait(pending, v, WORK_POLL_NS);
		}
		telem_woke(c->t, rt_now_ns(), 0);
	} while (work_tick(c, 1));
	return 0;
}

int work_futex_fanout(struct work_ctx *c)
{
	uint32_t *pending = &c->sh->slot[c->gbase].ack;

	if (c->idx == c->gbase)
		return fanout_waker(c);
	while (work_take(c)) {
		rt_burn((uint64_t)c->p[1]);
		if (__atomic_sub_fetch(pending, 1, __ATOMIC_ACQ_REL) == 0)
			rt_futex_wake(pending, 1);
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}
