/* What a worker sets up for itself, and what the set shares. */
#include "work/worker.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "work/cgroup.h"
#include "work/sys.h"

#ifndef SCHED_EXT
#define SCHED_EXT 7
#endif

static const char *const pol_names[] = { "normal", "batch", "idle", "fifo", "rr", "ext" };
static const int pol_kernel[] = { SCHED_OTHER, SCHED_BATCH, SCHED_IDLE, SCHED_FIFO, SCHED_RR, SCHED_EXT };

int worker_policy_parse(const char *s, enum worker_policy *out)
{
	if (!strcmp(s, "other")) {
		*out = WORKER_POLICY_NORMAL;
		return 0;
	}
	for (unsigned i = 0; i < sizeof(pol_names) / sizeof(pol_names[0]); i++)
		if (!strcmp(s, pol_names[i])) {
			*out = (enum worker_policy)i;
			return 0;
		}
	return -1;
}

const char *worker_policy_name(enum worker_policy p)
{
	return (unsigned)p < sizeof(pol_names) / sizeof(pol_names[0]) ? pol_names[p] : "?";
}

static int set_policy(const struct worker_opts *o, pid_t tid, char *err, size_t errlen)
{
	struct sched_param sp = { 0 };
	bool rt = o->policy == WORKER_POLICY_FIFO || o->policy == WORKER_POLICY_RR;
	int e;

	if (rt && (o->prio < 1 || o->prio > 99)) {
		snprintf(err, errlen, "policy %s needs a priority 1..99, got %d",
			 worker_policy_name(o->policy), o->prio);
		return -EINVAL;
	}
	sp.sched_priority = rt ? o->prio : 0;
	if (!sched_setscheduler(tid, pol_kernel[o->policy], &sp))
		return 0;
	e = errno;
	snprintf(err, errlen, "sched_setscheduler(%s%s%d): %s%s", worker_policy_name(o->policy),
		 rt ? ", prio " : "", rt ? o->prio : 0, strerror(e),
		 e == EPERM					 ? " (needs CAP_SYS_NICE)"
		 : e == EINVAL && o->policy == WORKER_POLICY_EXT ? " (kernel without sched_ext)"
								 : "");
	return -e;
}

/* The task names itself; from outside only a changed name is written, and
 * the kernel lets only a thread of the same process do that. */
static int set_comm(const struct worker_opts *o, pid_t pid, pid_t tid, char *err, size_t errlen)
{
	char path[64], cur[32] = "";
	int fd, r = 0;

	if (!o->comm[0])
		return 0;
	if (tid == (pid_t)syscall(SYS_gettid)) {
		if (!prctl(PR_SET_NAME, o->comm, 0, 0, 0))
			return 0;
		r = -errno;
		snprintf(err, errlen, "prctl(PR_SET_NAME, %s): %s", o->comm, strerror(errno));
		return r;
	}
	if (worker_task_comm(pid, tid, cur, sizeof(cur)) == 0 && !strcmp(cur, o->comm))
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	if ((fd = open(path, O_WRONLY | O_CLOEXEC)) < 0 || write(fd, o->comm, strlen(o->comm)) < 0)
		r = -errno;
	if (fd >= 0)
		close(fd);
	if (r)
		snprintf(err, errlen, "writing '%s' to %s: %s%s", o->comm, path, strerror(-r),
			 r == -EINVAL ? " (a running forked worker can only be renamed by itself)" : "");
	return r;
}

int worker_task_comm(pid_t pid, pid_t tid, char *buf, size_t len)
{
	char path[64];
	int r;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	if ((r = sys_read_text(path, buf, len, false)))
		return r;
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

int worker_apply(const struct worker_opts *o, bool threads, pid_t pid, pid_t tid, char *err, size_t errlen)
{
	char why[300];
	int r;

	if (o->cgroup && o->cgroup[0]) {
		r = threads ? cgroup_move_thread(o->cgroup, tid, why, sizeof(why))
			    : cgroup_move_pid(o->cgroup, pid, why, sizeof(why));
		if (r) {
			snprintf(err, errlen, "join cgroup: %s%s", why,
				 threads ? " (thread mode needs a threaded cgroup)" : "");
			return r;
		}
	}
	if (o->set_cpus) {
		cpu_set_t cs;

		CPU_ZERO(&cs);
		for (unsigned c = 0; c < CPUSET_MAX && c < CPU_SETSIZE; c++)
			if (cpuset_has(&o->cpus, c))
				CPU_SET(c, &cs);
		if (sched_setaffinity(tid, sizeof(cs), &cs)) {
			char list[256];

			r = -errno;
			snprintf(err, errlen, "sched_setaffinity(%s): %s",
				 cpuset_format(&o->cpus, list, sizeof(list)), strerror(errno));
			return r;
		}
	}
	if ((r = set_comm(o, pid, tid, err, errlen)))
		return r;
	if (o->set_nice && setpriority(PRIO_PROCESS, (id_t)tid, o->nice)) {
		r = -errno;
		snprintf(err, errlen, "setpriority(nice %d): %s", o->nice, strerror(errno));
		return r;
	}
	return set_policy(o, tid, err, errlen);
}

int worker_apply_opts(const struct worker_opts *o, bool threads, struct telem *t)
{
	char err[400];
	int r = worker_apply(o, threads, t->pid, t->tid, err, sizeof(err));

	if (r)
		telem_fail(t, r, "%s", err);
	return r;
}

int worker_shared_init(struct work_shared *sh, const struct work_type *t, unsigned n, char *err,
		       size_t errlen)
{
	pthread_mutexattr_t ma;
	int r;

	if (t->flags & WT_PIPES)
		for (unsigned i = 0; i < n; i++) {
			int fd[2];

			if (pipe2(fd, O_CLOEXEC)) {
				r = -errno;
				snprintf(err, errlen, "%s: pipe for worker %u: %s", t->name, i,
					 strerror(errno));
				return r;
			}
			sh->pipe_rd[i] = fd[0];
			sh->pipe_wr[i] = fd[1];
		}
	pthread_mutexattr_init(&ma);
	pthread_mutexattr_setpshared(&ma, PTHREAD_PROCESS_SHARED);
	pthread_mutexattr_setrobust(&ma, PTHREAD_MUTEX_ROBUST);
	r = pthread_mutex_init(&sh->mtx, &ma);
	pthread_mutexattr_destroy(&ma);
	if (r) {
		snprintf(err, errlen, "%s: shared mutex: %s", t->name, strerror(r));
		return -r;
	}
	return 0;
}

void worker_shared_fini(struct work_shared *sh, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (sh->pipe_rd[i] >= 0)
			close(sh->pipe_rd[i]);
		if (sh->pipe_wr[i] >= 0)
			close(sh->pipe_wr[i]);
		sh->pipe_rd[i] = sh->pipe_wr[i] = -1;
	}
}
