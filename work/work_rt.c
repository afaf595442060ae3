/* rt_starvation: the first `count` workers of the set turn SCHED_FIFO and
 * spin (burst, then sleep: the duty cycle; no sleep is 100% busy), the rest
 * stay normal and spin beside them. Every worker pins itself to a CPU a
 * FIFO worker holds, so the normal ones can only run when something gives
 * them the CPU: the fair server under EEVDF, nothing under sched_ext.
 *
 * The harness must live through it: at a 100% duty cycle the FIFO workers
 * never take every CPU of the guest (one is left when the cgroup may use
 * all of them), and each burst ends at the run's deadline or stop flag, so
 * the FIFO workers always stop on their own. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "work/work_impl.h"

#define FIFO_PRIO    1
#define NORMAL_LOOPS 2000

/* The CPUs FIFO workers may hold, in order; their count, or -errno. */
static int fifo_cpus(struct work_ctx *c, int *cpus)
{
	cpu_set_t set;
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	int n = 0;

	if (sched_getaffinity(0, sizeof(set), &set)) {
		int e = errno;

		telem_fail(c->t, -e, "rt_starvation: sched_getaffinity: %s", strerror(e));
		return -e;
	}
	for (int i = 0; i < CPU_SETSIZE && n < WORK_MAX_WORKERS; i++)
		if (CPU_ISSET(i, &set))
			cpus[n++] = i;
	/* busy FIFO tasks on every CPU would starve PID 1 and its telemetry too */
	if (!c->p[2] && n >= online)
		n--;
	return n;
}

static int pin(struct work_ctx *c, int cpu)
{
	cpu_set_t one;
	int e;

	CPU_ZERO(&one);
	CPU_SET(cpu, &one);
	if (!sched_setaffinity(0, sizeof(one), &one))
		return 0;
	e = errno;
	telem_fail(c->t, -e, "rt_starvation: pin to CPU %d: %s", cpu, strerror(e));
	return -e;
}

static int fifo(struct work_ctx *c)
{
	struct sched_param sp = { .sched_priority = FIFO_PRIO }, normal = { 0 };
	uint64_t burst = (uint64_t)c->p[1] * NS_PER_US, nap = (uint64_t)c->p[2] * NS_PER_US;

	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		int e = errno;

		telem_fail(c->t, -e, "rt_starvation: sched_setscheduler(SCHED_FIFO, %d): %s%s", FIFO_PRIO,
			   strerror(e), e == EPERM ? " (needs CAP_SYS_NICE)" : "");
		return -e;
	}
	for (;;) {
		uint64_t end = sys_now_ns() + burst;

		while (sys_now_ns() < end && work_live(c)) /* never past the deadline or a stop */
			;
		if (!work_tick(c, 1))
			break;
		if (nap) {
			uint64_t at = sys_now_ns() + nap;

			if (at >= c->until)
				break;
			telem_woke(c->t, sys_sleep_until(at), 0); /* its own duty cycle: no sample */
			if (!work_live(c))
				break;
		}
	}
	sched_setscheduler(0, SCHED_OTHER, &normal);
	return 0;
}

int work_rt_starvation(struct work_ctx *c)
{
	unsigned nfifo = (unsigned)c->p[0], role = c->idx - c->gbase, holders;
	int cpus[WORK_MAX_WORKERS], n, r;

	if (nfifo >= c->gsize) {
		telem_fail(c->t, -EINVAL,
			   "rt_starvation: count %u leaves no normal worker among %u; give more workers",
			   nfifo, c->gsize);
		return -EINVAL;
	}
	if ((n = fifo_cpus(c, cpus)) < 0)
		return n;
	if (!c->p[2] && nfifo > (unsigned)n) {
		telem_fail(
			c->t, -EINVAL,
			"rt_starvation: %u FIFO workers at 100%% need %u CPUs; %d may be taken, one is kept "
			"for the guest: lower count or set sleep",
			nfifo, nfifo, n);
		return -EINVAL;
	}
	holders = nfifo < (unsigned)n ? nfifo : (unsigned)n;
	if ((r = pin(c, cpus[role < nfifo ? role % (unsigned)n : (role - nfifo) % holders])))
		return r;
	if (role < nfifo)
		return fifo(c);
	while (work_tick(c, 1))
		sys_burn(NORMAL_LOOPS);
	return 0;
}
