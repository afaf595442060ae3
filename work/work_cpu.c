/* CPU-bound types: spin, yield, mixed, cache_pressure, cache_yield. */
#include <errno.h>
#include <sched.h>
#include <stdlib.h>

#include "work/work_impl.h"

int work_spin(struct work_ctx *c)
{
	do
		sys_burn((uint64_t)c->p[0]);
	while (work_tick(c, 1));
	return 0;
}

int work_yield(struct work_ctx *c)
{
	do {
		sys_burn((uint64_t)c->p[0]);
		sched_yield();
	} while (work_tick(c, 1));
	return 0;
}

int work_mixed(struct work_ctx *c)
{
	uint64_t burst = (uint64_t)c->p[0] * NS_PER_US;

	do {
		sys_spin_until(sys_now_ns() + burst);
		sched_yield();
	} while (work_tick(c, 1));
	return 0;
}

static int cache_walk(struct work_ctx *c, int yield)
{
	size_t size = (size_t)c->p[0] * 1024, stride = (size_t)c->p[1], pos = 0;
	uint8_t *buf = calloc(1, size);

	if (!buf) {
		telem_fail(c->t, -ENOMEM, "%s: cannot allocate a %zu KiB working set", c->type->name,
			   size / 1024);
		return -ENOMEM;
	}
	do {
		work_touch(buf, size, stride, (uint64_t)c->p[2], &pos);
		if (yield)
			sched_yield();
	} while (work_tick(c, 1));
	free(buf);
	return 0;
}

int work_cache_pressure(struct work_ctx *c)
{
	return cache_walk(c, 0);
}

int work_cache_yield(struct work_ctx *c)
{
	return cache_walk(c, 1);
}
