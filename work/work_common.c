/* Helpers shared by the work types: token passing through futex inboxes
 * and the strided cache walk. */
#include "work/work_impl.h"

void work_post(struct work_ctx *c, unsigned to)
{
	struct work_slot *s = &c->sh->slot[to];

	s->ts = sys_now_ns();
	__atomic_store_n(&s->fut, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&s->fut, 1);
}

uint64_t work_take(struct work_ctx *c)
{
	struct work_slot *s = &c->sh->slot[c->idx];
	uint64_t ts;

	while (!__atomic_load_n(&s->fut, __ATOMIC_ACQUIRE)) {
		if (!work_live(c))
			return 0;
		sys_futex_wait(&s->fut, 0, WORK_POLL_NS);
	}
	ts = s->ts;
	__atomic_store_n(&s->fut, 0, __ATOMIC_RELAXED);
	telem_woke(c->t, sys_now_ns(), ts);
	return ts ? ts : 1;
}

bool work_wait_gen(struct work_ctx *c, struct work_slot *s, uint32_t *seen)
{
	uint32_t gen;

	while ((gen = __atomic_load_n(&s->fut, __ATOMIC_ACQUIRE)) == *seen) {
		if (!work_live(c))
			return false;
		sys_futex_wait(&s->fut, *seen, WORK_POLL_NS);
	}
	*seen = gen;
	telem_woke(c->t, sys_now_ns(), s->ts);
	return true;
}

void work_touch(uint8_t *buf, size_t size, size_t stride, uint64_t touches, size_t *pos)
{
	size_t p = *pos;

	for (uint64_t i = 0; i < touches; i++) {
		buf[p]++;
		p += stride;
		if (p >= size)
			p = (p + 1) % stride; /* next pass starts one byte over: new lines each time round */
	}
	*pos = p;
}
