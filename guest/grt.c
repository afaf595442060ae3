/* The guest runtime behind interp_rt_ops. Each cgroup of the program is a
 * directory under /sys/fs/cgroup/kts (dots of its path become slashes);
 * its workers are rt/ worker sets, one set per worker for independent work
 * types (so `stop N` can stop single workers) or one set for grouped ones.
 * Step markers carry a snapshot of every live worker, after which each
 * worker's largest gap restarts, so the host gets per-step gaps. */
#include "guest/grt.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "guest/chan.h"
#include "guest/grt_sched.h"
#include "lib/proto.h"
#include "rt/cg.h"
#include "rt/rec.h"
#include "rt/sys.h"
#include "rt/worker.h"

#define GRT_MAX_SETS 512
#define GRT_SPAWN_MS 10000
#define GRT_GRACE_MS 1000
#define GRT_TICK_NS 100000000ull /* how often a hold polls the scheduler */

struct grt_set {
	struct rt_group *g;
	unsigned cg, first_id;
	bool released, stopped;
};

struct grt_cg {
	char dir[512];
	bool exists;
	struct rt_worker_opts wo;
	struct work_spec spec;
	bool has_spec;
};

struct grt {
	const struct bc_prog *p;
	const struct interp_topo *t;
	struct grt_cg *cg;
	struct grt_set set[GRT_MAX_SETS];
	unsigned nsets, next_id;
	char top[256];
	char rec[8192];
	bool panic_step;
};

void grt_panic_at_step(struct grt *g)
{
	g->panic_step = true;
}

static void panic_now(void)
{
	FILE *f = fopen("/proc/sysrq-trigger", "w");

	if (f) {
		fputc('c', f);
		fclose(f);
	}
}

#define G ((struct grt *)ctx)
#define ERRF(...) errf(err, -EINVAL, __VA_ARGS__)
#define ERRE(e, ...) errf(err, -(e), __VA_ARGS__)

__attribute__((format(printf, 3, 4))) static int errf(char *err, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, INTERP_ERRLEN, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *cg_name(const struct grt *g, unsigned cg)
{
	return g->cg[cg].dir + strlen(g->top) + 1;
}

static uint64_t now(void *ctx)
{
	return rt_now_ns();
}

/* Holds poll the scheduler every tick and end at once when it failed: the
 * next step marker then ends the run. */
static void sleep_until(void *ctx, uint64_t t)
{
	while (!grt_sched_tick()) {
		/* without a scheduler to watch, one sleep: no extra wakeups of PID 1 */
		uint64_t n = grt_sched_pid() ? rt_now_ns() + GRT_TICK_NS : t, u = n < t ? n : t;
		struct timespec ts = { (time_t)(u / 1000000000ull), (long)(u % 1000000000ull) };

		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
			;
		if (u == t)
			break;
	}
}

/* Orphans of killed workers (fork_exit children) come to PID 1; the
 * scheduler's exit status is gsched's to take, so stop at it. */
static void reap_strays(void)
{
	siginfo_t si;

	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) || !si.si_pid ||
		    si.si_pid == grt_sched_pid())
			break;
		waitpid(si.si_pid, NULL, 0);
	}
}

static void send_worker(struct grt *g, const struct grt_set *s, unsigned i)
{
	struct telem_report r;
	struct rt_rec_id id = { s->first_id + i, cg_name(g, s->cg), g->cg[s->cg].spec.type->name,
				(int)rt_group_pid(s->g, i), rt_group_fate(s->g, i) };

	rt_group_report(s->g, i, &r);
	if (rt_rec_worker(g->rec, sizeof(g->rec), &id, &r) > 0)
		chan_rec(REC_WORKER, "%s", g->rec);
}

static void send_cgroup(struct grt *g, unsigned cg);

/* Every live worker's figures so far (with reset: then its largest gap and
 * CPUs used start over, so the host gets them per step). */
static void snapshot_all(struct grt *g, bool send, bool reset)
{
	for (unsigned k = 0; k < g->nsets; k++) {
		struct grt_set *s = &g->set[k];

		if (!s->released || s->stopped)
			continue;
		for (unsigned i = 0; i < rt_group_size(s->g); i++) {
			struct telem *t = rt_group_telem(s->g, i);

			if (send)
				send_worker(g, s, i);
			if (!reset)
				continue;
			/* racy by design: a lost reset keeps an older, larger figure */
			t->max_gap = 0;
			cpuset_zero(&t->cpus);
			t->cpu = -1; /* re-adds the current CPU; costs at most one counted migration */
		}
	}
}

static int mark(void *ctx, unsigned step, const char *name, uint64_t t, char *err)
{
	if (step > 0 && strcmp(name, "end") && strcmp(name, "held") && grt_sched_failed())
		return ERRF("the scheduler failed (its result follows)");
	if (rt_rec_step(G->rec, sizeof(G->rec), step, name, t) < 0 || chan_rec(REC_STEP, "%s", G->rec))
		return ERRF("cannot send the step marker");
	if (G->panic_step && step == 1)
		panic_now();
	if (!strcmp(name, "held")) {
		snapshot_all(G, false, true);
	} else if (step > 0 && strcmp(name, "end")) {
		snapshot_all(G, true, true);
		for (unsigned c = 0; c < G->p->ncgroups; c++)
			if (G->cg[c].exists)
				send_cgroup(G, c);
	}
	return 0;
}

static int create_op(void *ctx, const struct interp_cgdef *d, char *err)
{
	struct grt_cg *c = &G->cg[d->id];
	char rel[INTERP_ERRLEN];
	int n = snprintf(rel, sizeof(rel), "%s/%s", GRT_ROOT, d->path);

	if (n < 0 || (size_t)n >= sizeof(rel))
		return ERRF("cgroup path too long");
	for (char *p = rel + strlen(GRT_ROOT) + 1; *p; p++)
		if (*p == '.')
			*p = '/';
	cg_path(c->dir, sizeof(c->dir), CG_ROOT, rel);
	c->wo.cgroup = c->dir;
	if (d->parent != BC_ROOT)
		c->wo = G->cg[d->parent].wo, c->wo.cgroup = c->dir; /* children inherit worker settings */
	c->exists = true;
	return cg_create(CG_ROOT, rel, NULL, err, INTERP_ERRLEN);
}

/* Apply the worker options of cgroup cg to its running workers. */
static int retarget(struct grt *g, unsigned cg, char *err)
{
	for (unsigned k = 0; k < g->nsets; k++) {
		struct grt_set *s = &g->set[k];

		if (s->cg != cg || s->stopped)
			continue;
		for (unsigned i = 0; i < rt_group_size(s->g); i++) {
			int r = rt_group_retarget(s->g, i, &g->cg[cg].wo, err, INTERP_ERRLEN);

			if (r)
				return r;
		}
	}
	return 0;
}

static int worker_set(struct grt *g, unsigned cg, const struct interp_set *s, char *err)
{
	struct rt_worker_opts *o = &g->cg[cg].wo;

	if (s->kind == IS_AFFINITY) {
		o->set_cpus = cpuset_count(&s->cpus) > 0;
		o->cpus = s->cpus;
	} else if (s->kind == IS_NICE) {
		o->set_nice = true, o->nice = (int)s->v;
	} else {
		static const enum rt_policy pol[] = { RT_POL_NORMAL, RT_POL_BATCH, RT_POL_IDLE, RT_POL_FIFO,
						      RT_POL_RR };
		o->policy = pol[s->v < 5 && s->v >= 0 ? s->v : 0];
		o->prio = (int)s->v2;
	}
	return retarget(g, cg, err);
}

static const char *parent_dir(const struct grt *g, unsigned cg)
{
	unsigned p = g->p->cg_parent[cg];

	return p == BC_ROOT ? g->top : g->cg[p].dir;
}

static int cg_set(void *ctx, unsigned cg, const struct interp_set *s, char *err)
{
	static const char *const mem[] = { "max", "high", "low" };
	const char *dir = G->cg[cg].dir;
	char list[1024];

	switch (s->kind) {
	case IS_CPUS: return cg_set_cpus(dir, cpuset_format(&s->cpus, list, sizeof(list)), err, INTERP_ERRLEN);
	case IS_CPUS_CLEAR: /* the parent's CPUs: an empty cpuset.cpus is refused while populated */
		if (cg_read(parent_dir(G, cg), "cpuset.cpus.effective", list, sizeof(list), err, INTERP_ERRLEN))
			return -EIO;
		return cg_set_cpus(dir, list, err, INTERP_ERRLEN);
	case IS_MEMS: return cg_set_mems(dir, cpuset_format(&s->cpus, list, sizeof(list)), err, INTERP_ERRLEN);
	case IS_WEIGHT: return cg_set_weight(dir, (unsigned)s->v, err, INTERP_ERRLEN);
	case IS_CPU_MAX:
		return cg_set_cpu_max(dir, s->v / 1000, (unsigned long)(s->v2 / 1000), err, INTERP_ERRLEN);
	case IS_MEMORY: return cg_set_memory(dir, mem[s->v % 3], s->v2, err, INTERP_ERRLEN);
	case IS_PIDS: return cg_set_pids_max(dir, s->v, err, INTERP_ERRLEN);
	case IS_COMM: /* new workers name themselves; running ones are renamed */
		snprintf(G->cg[cg].wo.comm, sizeof(G->cg[cg].wo.comm), "%s", s->s ? s->s : "");
		return retarget(G, cg, err);
	default: return worker_set(G, cg, s, err);
	}
}

/* Fork n workers of cgroup cg as new sets waiting at the barrier. */
static int add_sets(struct grt *g, unsigned cg, unsigned n, char *err)
{
	struct grt_cg *c = &g->cg[cg];
	unsigned gs = c->spec.type->flags & WT_WHOLE ? n : work_group_size(c->spec.type, &c->spec.args);
	unsigned per = gs == 1 ? 1 : n, sets = n / per;

	if (g->nsets + sets > GRT_MAX_SETS)
		return ERRF("more than %u worker sets", GRT_MAX_SETS);
	for (unsigned k = 0; k < sets; k++) {
		struct grt_set *s = &g->set[g->nsets];

		s->g = rt_group_new(&c->spec, per, &c->wo, err, INTERP_ERRLEN);
		if (!s->g)
			return -EINVAL;
		if (rt_group_spawn(s->g, GRT_SPAWN_MS, err, INTERP_ERRLEN)) {
			rt_group_free(s->g);
			return -EIO;
		}
		s->cg = cg, s->first_id = g->next_id, s->released = s->stopped = false;
		g->next_id += per;
		g->nsets++;
	}
	return 0;
}

static int cg_start(void *ctx, unsigned cg, const struct interp_work *w, unsigned n, char *err)
{
	struct grt_cg *c = &G->cg[cg];

	if (grt_work_spec(w, &c->spec, err, INTERP_ERRLEN))
		return -EINVAL;
	c->has_spec = true;
	return add_sets(G, cg, n, err);
}

static int go(void *ctx, char *err)
{
	for (unsigned k = 0; k < G->nsets; k++)
		if (!G->set[k].released) {
			rt_group_go(G->set[k].g, 0);
			G->set[k].released = true;
		}
	return 0;
}

static int spawn(void *ctx, unsigned cg, unsigned n, char *err)
{
	int r = add_sets(G, cg, n, err);

	return r ? r : go(ctx, err);
}

static void stop_set(struct grt_set *s)
{
	if (!s->stopped) {
		rt_group_stop(s->g, GRT_GRACE_MS);
		s->stopped = true;
	}
}

static int stop(void *ctx, unsigned cg, unsigned n, char *err)
{
	for (unsigned k = G->nsets; k-- > 0 && n > 0;) {
		struct grt_set *s = &G->set[k];

		if (s->cg != cg || s->stopped)
			continue;
		if (n != UINT32_MAX && rt_group_size(s->g) > n)
			return ERRF("cannot stop %u of a group of %u workers", n, rt_group_size(s->g));
		stop_set(s);
		if (n != UINT32_MAX)
			n -= rt_group_size(s->g);
	}
	reap_strays();
	return 0;
}

/* cgroup.procs of from, one pid a line, into to. */
static int move(void *ctx, unsigned from, unsigned to, char *err)
{
	char procs[8192], *save = NULL;

	if (cg_read(G->cg[from].dir, "cgroup.procs", procs, sizeof(procs), err, INTERP_ERRLEN))
		return -EIO;
	for (char *l = strtok_r(procs, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int r = cg_move_pid(G->cg[to].dir, (pid_t)atoi(l), err, INTERP_ERRLEN);

		if (r && r != -ESRCH) /* a task that just exited is fine */
			return r;
	}
	return 0;
}

static int freeze(void *ctx, unsigned cg, bool on, char *err)
{
	return cg_freeze(G->cg[cg].dir, on, 5000, err, INTERP_ERRLEN);
}

static int signal_cg(void *ctx, unsigned cg, unsigned sig, char *err)
{
	for (unsigned k = 0; k < G->nsets; k++) {
		struct grt_set *s = &G->set[k];

		if (s->cg != cg || s->stopped)
			continue;
		for (unsigned i = 0; i < rt_group_size(s->g); i++)
			if (kill(rt_group_pid(s->g, i), sig == BC_SIG_stop ? SIGSTOP : SIGCONT) && errno != ESRCH)
				return ERRF("kill %d: %s", (int)rt_group_pid(s->g, i), strerror(errno));
	}
	return 0;
}

static int snapshot(void *ctx, const char *label, char *err)
{
	char name[80];

	snprintf(name, sizeof(name), "snapshot %s", label);
	if (rt_rec_step(G->rec, sizeof(G->rec), 0, name, rt_now_ns()) < 0 || chan_rec(REC_STEP, "%s", G->rec))
		return ERRF("cannot send the snapshot marker");
	snapshot_all(G, true, false);
	return 0;
}

static int sched(void *ctx, enum bc_op op, const char *name, const char *args, char *err)
{
	return grt_sched_op(op, name, args, err, INTERP_ERRLEN);
}

static int knob_write(void *ctx, const char *path, const char *val, char *err)
{
	FILE *f = fopen(path, "w");
	int e;

	if (!f)
		return e = errno, ERRE(e, "cannot open %s: %s", path, strerror(e));
	fputs(val, f);
	if (fclose(f))
		return e = errno, ERRE(e, "writing '%s' to %s: %s", val, path, strerror(e));
	return 0;
}

static int knob_read(void *ctx, const char *path, char *err)
{
	char buf[160] = "";
	FILE *f = fopen(path, "r");
	int e;

	if (!f)
		return e = errno, ERRE(e, "cannot open %s: %s", path, strerror(e));
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	chan_rec(REC_LOG, "msg=knob %s = %s\n", path, buf);
	return 0;
}

static int cg_remove_op(void *ctx, unsigned cg, char *err)
{
	for (unsigned k = 0; k < G->nsets; k++) {
		unsigned c = G->set[k].cg;

		while (c != BC_ROOT && c != cg)
			c = G->p->cg_parent[c];
		if (c == cg)
			stop_set(&G->set[k]);
	}
	reap_strays();
	for (unsigned i = cg; i < G->p->ncgroups; i++) {
		unsigned c = i;

		while (c != BC_ROOT && c != cg)
			c = G->p->cg_parent[c];
		if (c == cg)
			G->cg[i].exists = false;
	}
	return cg_remove(G->cg[cg].dir, true, 5000, err, INTERP_ERRLEN);
}

static void send_cgroup(struct grt *g, unsigned cg)
{
	char stat[1024], cpus[256] = "", e[200];
	struct rt_cg_stat s = { .name = cg_name(g, cg), .path = g->cg[cg].dir, .cpus_effective = cpus };

	if (cg_read(g->cg[cg].dir, "cpu.stat", stat, sizeof(stat), e, sizeof(e)))
		return;
	cg_read(g->cg[cg].dir, "cpuset.cpus.effective", cpus, sizeof(cpus), e, sizeof(e));
	rt_parse_cpu_stat(stat, &s);
	if (rt_rec_cgroup(g->rec, sizeof(g->rec), &s) > 0)
		chan_rec(REC_CGROUP, "%s", g->rec);
}

static int finish(void *ctx, char *err)
{
	struct grt *g = G;

	for (unsigned k = 0; k < g->nsets; k++)
		stop_set(&g->set[k]); /* a SIGSTOPped or frozen worker is killed after the grace */
	for (unsigned k = 0; k < g->nsets; k++)
		for (unsigned i = 0; i < rt_group_size(g->set[k].g); i++)
			send_worker(g, &g->set[k], i);
	for (unsigned c = 0; c < g->p->ncgroups; c++)
		if (g->cg[c].exists)
			send_cgroup(g, c);
	reap_strays();
	return cg_remove(g->top, true, 5000, err, INTERP_ERRLEN);
}

const struct interp_rt_ops grt_ops = {
	now, sleep_until, mark, create_op, cg_set, cg_start, go, cg_remove_op, spawn, stop, move, freeze,
	signal_cg, snapshot, sched, knob_write, knob_read, finish,
};

struct grt *grt_new(const struct bc_prog *p, const struct interp_topo *t, char *err, size_t errlen)
{
	struct grt *g = calloc(1, sizeof(*g));
	char cpus[1024], mems[64];

	if (!g || !(g->cg = calloc(p->ncgroups ? p->ncgroups : 1, sizeof(*g->cg)))) {
		free(g);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	g->p = p, g->t = t;
	cg_path(g->top, sizeof(g->top), CG_ROOT, GRT_ROOT);
	snprintf(mems, sizeof(mems), "0-%u", t->nodes ? t->nodes - 1 : 0);
	if (cg_create(CG_ROOT, GRT_ROOT, NULL, err, errlen) ||
	    cg_set_cpus(g->top, cpuset_format(&t->all, cpus, sizeof(cpus)), err, errlen) ||
	    cg_set_mems(g->top, mems, err, errlen)) {
		grt_free(g);
		return NULL;
	}
	return g;
}

void grt_free(struct grt *g)
{
	if (!g)
		return;
	for (unsigned k = 0; k < g->nsets; k++)
		rt_group_free(g->set[k].g);
	free(g->cg);
	free(g);
}
