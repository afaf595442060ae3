/* Types that sleep on a timer: bursty, idle_churn. Wake latency is the
 * time from the timer's expiry to the worker running again. */
#include "work/work_impl.h"

/* Sleep until `at` (capped at the deadline); false if the run ended. */
static bool sleep_to(struct work_ctx *c, uint64_t at)
{
	uint64_t woke;

	if (at >= c->until)
		return false;
	woke = sys_sleep_until(at);
	telem_woke(c->t, woke, at);
	return work_live(c);
}

int work_bursty(struct work_ctx *c)
{
	uint64_t burst = (uint64_t)c->p[0] * NS_PER_US, nap = (uint64_t)c->p[1] * NS_PER_US;

	do {
		sys_spin_until(sys_now_ns() + burst);
		if (!work_tick(c, 1))
			break;
	} while (sleep_to(c, sys_now_ns() + nap));
	return 0;
}

int work_idle_churn(struct work_ctx *c)
{
	uint64_t nap = (uint64_t)c->p[0] * NS_PER_US;

	while (sleep_to(c, sys_now_ns() + nap)) {
		sys_burn((uint64_t)c->p[1]);
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}
