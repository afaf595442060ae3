/* Types that sleep on a timer: bursty, idle_churn. Wake latency is the
 * time from the timer's expiry to the worker running again. */
#include "rt/work_impl.h"

/* Sleep until `at` (capped at the deadline); false if the run ended. */
static bool sleep_to(struct work_ctx *c, uint64_t at)
{
	uint64_t woke;

	if (at >= c->until)
		return false;
	woke = rt_sleep_until(at);
	telem_woke(c->t, woke, at);
	return work_live(c);
}

int work_bursty(struct work_ctx *c)
{
	uint64_t burst = (uint64_t)c->p[0] * RT_NS_PER_US, nap = (uint64_t)c->p[1] * RT_NS_PER_US;

	do {
		rt_spin_until(rt_now_ns() + burst);
		if (!work_tick(c, 1))
			break;
	} while (sleep_to(c, rt_now_ns() + nap));
	return 0;
}

int work_idle_churn(struct work_ctx *c)
{
	uint64_t nap = (uint64_t)c->p[0] * RT_NS_PER_US;

	while (sleep_to(c, rt_now_ns() + nap)) {
		rt_burn((uint64_t)c->p[1]);
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}
