/* Types that change their own scheduling attributes every unit:
 * nice_sweep, affinity_churn, policy_churn, cgroup_churn. */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "work/cgroup.h"
#include "work/work_impl.h"

#ifndef SCHED_EXT
#define SCHED_EXT 7
#endif

int work_nice_sweep(struct work_ctx *c)
{
	int lo = (int)c->p[0], hi = (int)c->p[1], nice = lo, step = 1;
	pid_t tid = (pid_t)syscall(SYS_gettid);

	if (lo > hi) {
		telem_fail(c->t, -EINVAL, "nice_sweep: lo %d is above hi %d", lo, hi);
		return -EINVAL;
	}
	do {
		if (setpriority(PRIO_PROCESS, (id_t)tid, nice)) {
			telem_fail(c->t, -errno, "nice_sweep: setpriority(%d): %s%s", nice, strerror(errno),
				   nice < 0 ? " (negative nice needs CAP_SYS_NICE)" : "");
			return -errno;
		}
		work_between(c, 2, 3);
		if (lo != hi && (nice + step > hi || nice + step < lo))
			step = -step;
		if (lo != hi)
			nice += step;
	} while (work_tick(c, 1));
	return 0;
}

int work_affinity_churn(struct work_ctx *c)
{
	cpu_set_t orig, one;
	int cpus[CPU_SETSIZE], n = 0, k = (int)c->idx;

	if (sched_getaffinity(0, sizeof(orig), &orig)) {
		telem_fail(c->t, -errno, "affinity_churn: sched_getaffinity: %s", strerror(errno));
		return -errno;
	}
	for (int i = 0; i < CPU_SETSIZE; i++)
		if (CPU_ISSET(i, &orig))
			cpus[n++] = i;
	do {
		int cpu = cpus[k++ % n];

		CPU_ZERO(&one);
		CPU_SET(cpu, &one);
		if (sched_setaffinity(0, sizeof(one), &one)) {
			telem_fail(c->t, -errno, "affinity_churn: pin to CPU %d: %s", cpu, strerror(errno));
			return -errno;
		}
		work_between(c, 0, 1);
		if (sys_cpu() != cpu)
			c->t->aux++;
	} while (work_tick(c, 1));
	sched_setaffinity(0, sizeof(orig), &orig);
	return 0;
}

static const struct {
	int policy, prio;
	const char *name;
} policies[] = {
	{ SCHED_OTHER, 0, "SCHED_OTHER" }, { SCHED_BATCH, 0, "SCHED_BATCH" }, { SCHED_IDLE, 0, "SCHED_IDLE" },
	{ SCHED_FIFO, 1, "SCHED_FIFO" },   { SCHED_RR, 1, "SCHED_RR" },	      { SCHED_EXT, 0, "SCHED_EXT" },
};

int work_policy_churn(struct work_ctx *c)
{
	int orig = sched_getscheduler(0), k = 0;
	struct sched_param op, sp;
	unsigned n = sizeof(policies) / sizeof(policies[0]);

	sched_getparam(0, &op);
	do {
		int pol;

		do
			pol = (k++) % (int)n;
		while ((!c->p[1] &&
			(policies[pol].policy == SCHED_FIFO || policies[pol].policy == SCHED_RR)) ||
		       (!c->p[2] && policies[pol].policy == SCHED_EXT));
		sp.sched_priority = policies[pol].prio;
		if (sched_setscheduler(0, policies[pol].policy, &sp)) {
			int e = errno;

			telem_fail(c->t, -e, "policy_churn: sched_setscheduler(%s): %s%s", policies[pol].name,
				   strerror(e),
				   e == EPERM ? " (needs CAP_SYS_NICE; set rt=0)"
				   : e == EINVAL && policies[pol].policy == SCHED_EXT
					   ? " (kernel without sched_ext; set ext=0)"
					   : "");
			sched_setscheduler(0, orig, &op);
			return -e;
		}
		work_between(c, 0, 3);
	} while (work_tick(c, 1));
	sched_setscheduler(0, orig, &op);
	return 0;
}

int work_cgroup_churn(struct work_ctx *c)
{
	char base[400], dir[2][460], err[300];
	int r, k = 0;

	if (c->cgroup && c->cgroup[0])
		snprintf(base, sizeof(base), "%s", c->cgroup);
	else if ((r = cgroup_self(CG_ROOT, base, sizeof(base), err, sizeof(err)))) {
		telem_fail(c->t, r, "cgroup_churn: %s", err);
		return r;
	}
	for (int i = 0; i < 2; i++) {
		snprintf(dir[i], sizeof(dir[i]), "%s/churn%u%c", base, c->idx, 'a' + i);
		if ((r = cgroup_create(base, dir[i] + strlen(base), "", err, sizeof(err)))) {
			telem_fail(c->t, r, "cgroup_churn: %s", err);
			goto out;
		}
	}
	do {
		if ((r = cgroup_move_pid(dir[k++ & 1], 0, err, sizeof(err)))) {
			telem_fail(c->t, r, "cgroup_churn: %s", err);
			break;
		}
		work_between(c, 0, 1);
	} while (work_tick(c, 1));
out:
	cgroup_move_pid(base, 0, err, sizeof(err));
	for (int i = 0; i < 2; i++)
		rmdir(dir[i]);
	return r;
}
