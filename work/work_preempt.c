/* preempt_storm: in each group, worker 0 is a hog that spins at nice 19 and
 * the others are nice-0 sleepers that wake on a short timer, spin a little
 * and sleep again. Sized so every CPU has a hog, each wakeup lands on a busy
 * CPU: how soon the sleeper runs is the scheduler's wakeup preemption (EEVDF's
 * check on wakeup; sched_ext's enqueue and whatever kick or slice end follows). */
#include <errno.h>
#include <string.h>
#include <sys/resource.h>

#include "work/work_impl.h"

#define HOG_NICE  19
#define HOG_LOOPS 2000

static int hog(struct work_ctx *c)
{
	/* raising nice needs no privilege: the weight gap is what the sleepers preempt */
	if (setpriority(PRIO_PROCESS, (id_t)c->t->tid, HOG_NICE)) {
		int e = errno;

		telem_fail(c->t, -e, "preempt_storm: hog: setpriority(nice %d): %s", HOG_NICE, strerror(e));
		return -e;
	}
	while (work_tick(c, 1))
		sys_burn(HOG_LOOPS);
	return 0;
}

int work_preempt_storm(struct work_ctx *c)
{
	uint64_t nap = (uint64_t)c->p[1] * NS_PER_US;

	if (c->idx == c->gbase)
		return hog(c);
	for (;;) {
		uint64_t at = sys_now_ns() + nap;

		if (at >= c->until)
			break;
		telem_woke(c->t, sys_sleep_until(at), at); /* timer expiry to running */
		if (!work_live(c))
			break;
		work_spin_us(c->p[2]);
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}
