/* Worker sets: shared region, fork/threads, start barrier, stop, reap. */
#include "work/workers.h"

#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "work/work_impl.h"

struct workers_ctl {
	uint32_t ready; /* workers past setup (ok or failed) */
	uint32_t go;	/* start barrier: 0 until released */
	uint32_t stop;
	uint32_t pad;
	uint64_t deadline;
};

struct workers {
	void *region;
	size_t region_len;
	struct workers_ctl *ctl;
	struct work_shared *sh;
	struct telem *tel;
	struct work_spec spec;
	unsigned n, gsize;
	unsigned nstarted; /* workers forked or created: the ones to stop and reap */
	bool threads, spawned, leak;
	struct worker_opts *opts;
	pid_t *pid;
	pthread_t *thr;
	char (*fate)[16];
	bool *reaped;
};

struct thr_arg {
	struct workers *g;
	unsigned i;
};

static void worker_main(struct workers *g, unsigned i)
{
	struct telem *t = &g->tel[i];
	unsigned gs = g->gsize ? g->gsize : 1;
	struct work_ctx c = {
		.type = g->spec.type,
		.p = g->spec.args.v,
		.spec = &g->spec,
		.t = t,
		.sh = g->sh,
		.idx = i,
		.n = g->n,
		.gbase = i / gs * gs,
		.gsize = gs,
		.stop = &g->ctl->stop,
		.cgroup = g->opts[i].cgroup ? g->opts[i].cgroup : "",
		.threads = g->threads,
	};
	int r;

	t->pid = getpid();
	t->tid = (int32_t)syscall(SYS_gettid);
	r = worker_apply_opts(&g->opts[i], g->threads, t);
	if (!r)
		__atomic_store_n(&t->state, TELEM_READY, __ATOMIC_RELEASE);
	__atomic_add_fetch(&g->ctl->ready, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&g->ctl->ready, INT_MAX);
	if (r)
		return;
	while (!__atomic_load_n(&g->ctl->go, __ATOMIC_ACQUIRE)) {
		if (__atomic_load_n(&g->ctl->stop, __ATOMIC_ACQUIRE))
			return;
		sys_futex_wait(&g->ctl->go, 0, WORK_POLL_NS);
	}
	c.until = g->ctl->deadline ? g->ctl->deadline : UINT64_MAX;
	telem_begin(t);
	g->spec.type->run(&c);
	telem_end(t);
}

static void *thr_main(void *p)
{
	struct thr_arg *a = p;

	worker_main(a->g, a->i);
	free(a);
	return NULL;
}

static int make_shared(struct workers *g, char *err, size_t errlen)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = sizeof(struct workers_ctl) + sizeof(struct work_shared) + 64 +
		     g->n * sizeof(struct telem);

	g->region_len = (len + (size_t)page - 1) / (size_t)page * (size_t)page;
	g->region = mmap(NULL, g->region_len, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (g->region == MAP_FAILED) {
		g->region = NULL;
		snprintf(err, errlen, "cannot map %zu bytes of shared telemetry: %s", g->region_len,
			 strerror(errno));
		return -ENOMEM;
	}
	g->ctl = g->region;
	g->sh = (struct work_shared *)((char *)g->region + 64);
	g->tel = (struct telem *)(((uintptr_t)(g->sh + 1) + 63) & ~(uintptr_t)63);
	for (unsigned i = 0; i < g->n; i++) {
		telem_init(&g->tel[i]);
		g->sh->pipe_rd[i] = g->sh->pipe_wr[i] = -1;
	}
	return worker_shared_init(g->sh, g->spec.type, g->n, err, errlen);
}

struct workers *workers_new(const struct work_spec *spec, unsigned n, const struct worker_opts *o, char *err,
			    size_t errlen)
{
	struct workers *g;

	if (work_check_workers(spec, n, o->threads, err, errlen))
		return NULL;
	if (!(g = calloc(1, sizeof(*g))) || !(g->opts = calloc(n, sizeof(*g->opts))) ||
	    !(g->pid = calloc(n, sizeof(*g->pid))) || !(g->thr = calloc(n, sizeof(*g->thr))) ||
	    !(g->fate = calloc(n, sizeof(*g->fate))) || !(g->reaped = calloc(n, sizeof(*g->reaped)))) {
		snprintf(err, errlen, "out of memory for %u workers", n);
		workers_free(g);
		return NULL;
	}
	g->spec = *spec;
	g->n = n;
	g->threads = o->threads;
	g->gsize = spec->type->flags & WT_WHOLE ? n : work_group_size(spec->type, &spec->args);
	for (unsigned i = 0; i < n; i++) {
		g->opts[i] = *o;
		snprintf(g->fate[i], sizeof(g->fate[i]), "unstarted");
	}
	if (make_shared(g, err, errlen)) {
		workers_free(g);
		return NULL;
	}
	return g;
}

int workers_set_opts(struct workers *g, unsigned i, const struct worker_opts *o, char *err, size_t errlen)
{
	if (i >= g->n || g->spawned || o->threads != g->threads) {
		snprintf(err, errlen, "worker %u: options can be set only before spawn, and threads set-wide",
			 i);
		return -EINVAL;
	}
	g->opts[i] = *o;
	return 0;
}

static int start_one(struct workers *g, unsigned i)
{
	struct thr_arg *a;
	pid_t pid;
	int r;

	if (g->threads) {
		if (!(a = malloc(sizeof(*a))))
			return -ENOMEM;
		*a = (struct thr_arg){ g, i };
		if ((r = pthread_create(&g->thr[i], NULL, thr_main, a))) {
			free(a);
			return -r;
		}
		snprintf(g->fate[i], sizeof(g->fate[i]), "running");
		g->nstarted++;
		return 0;
	}
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL); /* never outlive the controller */
		worker_main(g, i);
		_exit(0);
	}
	g->pid[i] = pid;
	snprintf(g->fate[i], sizeof(g->fate[i]), "running");
	g->nstarted++;
	return 0;
}

/* A name the kernel did not take would make every later check by name
 * (ps, sched_ext's comm matching) silently look at the wrong tasks. */
static int check_comm(struct workers *g, char *err, size_t errlen)
{
	for (unsigned i = 0; i < g->n; i++) {
		const struct telem *t = &g->tel[i];
		char cur[32] = "";

		if (!g->opts[i].comm[0] || __atomic_load_n(&t->state, __ATOMIC_ACQUIRE) != TELEM_READY)
			continue;
		if (worker_task_comm(t->pid, t->tid, cur, sizeof(cur)) || strcmp(cur, g->opts[i].comm)) {
			snprintf(err, errlen, "worker %u is named '%s', not '%s'", i, cur, g->opts[i].comm);
			workers_stop(g, 100);
			return -EIO;
		}
	}
	return 0;
}

int workers_spawn(struct workers *g, unsigned timeout_ms, char *err, size_t errlen)
{
	uint64_t end = sys_now_ns() + (uint64_t)timeout_ms * NS_PER_MS;
	uint32_t ready;
	unsigned started = 0;
	int r = 0;

	g->spawned = true;
	while (started < g->n && !(r = start_one(g, started)))
		started++;
	if (r) {
		snprintf(err, errlen, "cannot start worker %u of %u (%s): %s", started, g->n,
			 g->threads ? "pthread_create" : "fork", strerror(-r));
		workers_stop(g, 100); /* the ones that did start */
		return r;
	}
	while ((ready = __atomic_load_n(&g->ctl->ready, __ATOMIC_ACQUIRE)) < g->n) {
		if (sys_now_ns() >= end) {
			snprintf(err, errlen, "only %u of %u workers reached the start barrier within %u ms",
				 ready, g->n, timeout_ms);
			workers_stop(g, 100);
			return -ETIMEDOUT;
		}
		sys_futex_wait(&g->ctl->ready, ready, 10 * NS_PER_MS);
	}
	return check_comm(g, err, errlen);
}

void workers_go(struct workers *g, uint64_t deadline_ns)
{
	g->ctl->deadline = deadline_ns;
	__atomic_store_n(&g->ctl->go, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&g->ctl->go, INT_MAX);
}

/* Reap worker i without blocking; true once it is gone. */
static bool try_reap(struct workers *g, unsigned i)
{
	int st;

	if (g->reaped[i])
		return true;
	if (g->threads) {
		if (pthread_tryjoin_np(g->thr[i], NULL))
			return false;
		snprintf(g->fate[i], sizeof(g->fate[i]), "joined");
	} else {
		pid_t r = waitpid(g->pid[i], &st, WNOHANG);

		if (r == 0 || (r < 0 && errno == EINTR))
			return false;
		if (r < 0)
			snprintf(g->fate[i], sizeof(g->fate[i]), "lost");
		else if (WIFSIGNALED(st))
			snprintf(g->fate[i], sizeof(g->fate[i]), "signal %d", WTERMSIG(st));
		else
			snprintf(g->fate[i], sizeof(g->fate[i]), "exited");
	}
	g->reaped[i] = true;
	return true;
}

static bool all_returned(struct workers *g)
{
	for (unsigned i = 0; i < g->nstarted; i++) {
		uint32_t st = __atomic_load_n(&g->tel[i].state, __ATOMIC_ACQUIRE);

		if (try_reap(g, i))
			continue;
		/* done/failed workers still have to exit; unfinished ones are running */
		if (st != TELEM_DONE && st != TELEM_FAILED && !(st == TELEM_READY && g->ctl->stop))
			return false;
	}
	return true;
}

int workers_wait(struct workers *g, unsigned timeout_ms)
{
	uint64_t end = sys_now_ns() + (uint64_t)timeout_ms * NS_PER_MS;

	while (!all_returned(g)) {
		if (sys_now_ns() >= end)
			return -ETIMEDOUT;
		usleep(2000);
	}
	return 0;
}

void workers_ask_stop(struct workers *g)
{
	__atomic_store_n(&g->ctl->stop, 1, __ATOMIC_RELEASE);
	sys_futex_wake(&g->ctl->go, INT_MAX);
}

void workers_stop(struct workers *g, unsigned grace_ms)
{
	uint64_t end = sys_now_ns() + (uint64_t)grace_ms * NS_PER_MS;
	bool all;

	workers_ask_stop(g);
	do {
		all = true;
		for (unsigned i = 0; i < g->nstarted; i++)
			all &= try_reap(g, i);
		if (!all)
			usleep(2000);
	} while (!all && sys_now_ns() < end);
	for (unsigned i = 0; i < g->nstarted; i++) {
		if (g->reaped[i])
			continue;
		/* still there (stopped, spinning at RT priority, stuck): read its
		 * figures while it exists, then end it */
		telem_end_outside(&g->tel[i], sys_now_ns());
		if (g->threads) {
			snprintf(g->fate[i], sizeof(g->fate[i]), "stuck");
			pthread_detach(g->thr[i]);
			g->reaped[i] = true;
			g->leak = true;
			continue;
		}
		kill(g->pid[i], SIGKILL);
		while (waitpid(g->pid[i], NULL, 0) < 0 && errno == EINTR)
			;
		snprintf(g->fate[i], sizeof(g->fate[i]), "killed");
		g->reaped[i] = true;
	}
}

unsigned workers_size(const struct workers *g)
{
	return g->n;
}

pid_t workers_pid(const struct workers *g, unsigned i)
{
	return g->threads ? g->tel[i].tid : g->pid[i];
}

struct telem *workers_telem(struct workers *g, unsigned i)
{
	return &g->tel[i];
}

const char *workers_fate(const struct workers *g, unsigned i)
{
	return g->fate[i];
}

void workers_report(const struct workers *g, unsigned i, struct telem_report *r)
{
	telem_report(&g->tel[i], r);
}

void workers_free(struct workers *g)
{
	if (!g)
		return;
	if (g->spawned)
		workers_stop(g, 1000);
	if (g->region) {
		worker_shared_fini(g->sh, g->n);
		/* a stuck thread may still write its telemetry: keep the mapping */
		if (!g->leak)
			munmap(g->region, g->region_len);
	}
	free(g->opts);
	free(g->pid);
	free(g->thr);
	free(g->fate);
	free(g->reaped);
	free(g);
}

int workers_retarget(struct workers *g, unsigned i, const struct worker_opts *o, char *err, size_t errlen)
{
	struct telem *t;

	if (i >= workers_size(g)) {
		snprintf(err, errlen, "no worker %u", i);
		return -EINVAL;
	}
	t = workers_telem(g, i);
	if (!t->tid) {
		snprintf(err, errlen, "worker %u has not started", i);
		return -ESRCH;
	}
	return worker_apply(o, o->threads, t->pid, t->tid, err, errlen);
}
