/* The guest runtime behind interp_rt_ops. Each cgroup of the program is a
 * directory under /sys/fs/cgroup/kts (dots of its path become slashes);
 * its workers are work/ worker sets, one set per worker for independent work
 * types (so `stop N` can stop single workers) or one set for grouped ones.
 * Step markers carry a snapshot of every live worker, after which each
 * worker's largest gap restarts, so the host gets per-step gaps. */
#include "guest/runtime.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "guest/chan.h"
#include "guest/paths.h"
#include "guest/chan_serve.h"
#include "guest/runtime_sched.h"
#include "lib/proto.h"
#include "work/cgroup.h"
#include "work/rec.h"
#include "work/sys.h"
#include "work/workers.h"

#define RUNTIME_MAX_SETS 512
#define RUNTIME_SPAWN_MS 10000
#define RUNTIME_GRACE_MS 1000
#define RUNTIME_TICK_NS	 100000000ull /* how often a hold polls the scheduler */

struct runtime_set {
	struct workers *g;
	unsigned cg, first_id;
	bool released, stopped;
};

struct runtime_cg {
	char dir[512];
	bool exists;
	struct worker_opts wo;
	bool comm_set; /* `comm` given here or inherited from a parent that gave it */
	struct work_spec spec;
	bool has_spec;
};

struct runtime {
	const struct bc_prog *p;
	const struct interp_topo *t;
	struct runtime_cg *cg;
	struct runtime_set set[RUNTIME_MAX_SETS];
	unsigned nsets, next_id;
	char top[256];
	char rec[8192];
	bool panic_step;
};

void runtime_panic_at_step(struct runtime *g)
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

#define G	     ((struct runtime *)ctx)
#define ERRF(...)    errf(err, -EINVAL, __VA_ARGS__)
#define ERRE(e, ...) errf(err, -(e), __VA_ARGS__)

__attribute__((format(printf, 3, 4))) static int errf(char *err, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, INTERP_ERRLEN, fmt, ap);
	va_end(ap);
	return rc;
}

static const char *cg_name(const struct runtime *g, unsigned cg)
{
	return g->cg[cg].dir + strlen(g->top) + 1;
}

static uint64_t now(void *ctx)
{
	return sys_now_ns();
}

/* Holds poll the scheduler every tick and end at once when it failed: the
 * next step marker then ends the run. They answer the host's requests as
 * they come (guest/chan_serve.h). */
static void sleep_until(void *ctx, uint64_t t)
{
	while (!runtime_sched_tick()) {
		/* without a scheduler to watch, one sleep: no extra wakeups of PID 1 */
		uint64_t n = runtime_sched_pid() ? sys_now_ns() + RUNTIME_TICK_NS : t, u = n < t ? n : t;

		chan_serve_until(u);
		if (u == t)
			break;
	}
}

/* Orphans of killed workers (fork_exit children) come to PID 1; the
 * scheduler's exit status is scheduler.c's to take, so stop at it. */
static void reap_strays(void)
{
	siginfo_t si;

	for (;;) {
		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) || !si.si_pid ||
		    si.si_pid == runtime_sched_pid())
			break;
		waitpid(si.si_pid, NULL, 0);
	}
}

static void send_worker(struct runtime *g, const struct runtime_set *s, unsigned i)
{
	struct telem_report r;
	struct rec_id id = { s->first_id + i, cg_name(g, s->cg), g->cg[s->cg].spec.type->name,
			     (int)workers_pid(s->g, i), workers_fate(s->g, i) };

	workers_report(s->g, i, &r);
	if (rec_worker(g->rec, sizeof(g->rec), &id, &r) > 0)
		chan_rec(REC_WORKER, "%s", g->rec);
}

static void send_payload(struct runtime *g, const struct runtime_set *s, unsigned i)
{
	const struct work_spec *sp = &g->cg[s->cg].spec;

	if (sp->type->flags & WT_ARGV)
		runtime_payload_send(s->first_id + i, cg_name(g, s->cg), sp->argv[0], sp->file_name,
				     (int)workers_pid(s->g, i), workers_telem(s->g, i)->slot);
}

static void send_cgroup(struct runtime *g, unsigned cg);

/* Every live worker's figures so far (with reset: then its largest gap and
 * CPUs used start over, so the host gets them per step). */
static void snapshot_all(struct runtime *g, bool send, bool reset)
{
	for (unsigned k = 0; k < g->nsets; k++) {
		struct runtime_set *s = &g->set[k];

		if (!s->released || s->stopped)
			continue;
		for (unsigned i = 0; i < workers_size(s->g); i++) {
			struct telem *t = workers_telem(s->g, i);

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
	if (step > 0 && strcmp(name, "end") && strcmp(name, "held") && runtime_sched_failed())
		return ERRF("the scheduler failed (its result follows)");
	if (rec_step(G->rec, sizeof(G->rec), step, name, t) < 0 || chan_rec(REC_STEP, "%s", G->rec))
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
	struct runtime_cg *c = &G->cg[d->id];
	char rel[INTERP_ERRLEN];
	int n = snprintf(rel, sizeof(rel), "%s/%s", RUNTIME_ROOT, d->path);

	if (n < 0 || (size_t)n >= sizeof(rel))
		return ERRF("cgroup path too long");
	for (char *p = rel + strlen(RUNTIME_ROOT) + 1; *p; p++)
		if (*p == '.')
			*p = '/';
	cgroup_path(c->dir, sizeof(c->dir), guest_paths.cg_base, rel);
	c->wo.cgroup = c->dir;
	if (d->parent != BC_ROOT) {
		c->wo = G->cg[d->parent].wo, c->wo.cgroup = c->dir; /* children inherit worker settings */
		c->comm_set = G->cg[d->parent].comm_set;
	}
	/* Workers are named after their cgroup unless told otherwise: forked
	 * from PID 1 they would all be "init" in dumps and the monitor. */
	if (!c->comm_set) {
		const char *leaf = strrchr(d->path, '.');

		snprintf(c->wo.comm, sizeof(c->wo.comm), "%s", leaf ? leaf + 1 : d->path);
	}
	c->exists = true;
	return cgroup_create(guest_paths.cg_base, rel, NULL, err, INTERP_ERRLEN);
}

/* Apply the worker options of cgroup cg to its running workers. */
static int retarget(struct runtime *g, unsigned cg, char *err)
{
	for (unsigned k = 0; k < g->nsets; k++) {
		struct runtime_set *s = &g->set[k];

		if (s->cg != cg || s->stopped)
			continue;
		for (unsigned i = 0; i < workers_size(s->g); i++) {
			int r = workers_retarget(s->g, i, &g->cg[cg].wo, err, INTERP_ERRLEN);

			if (r)
				return r;
		}
	}
	return 0;
}

static int worker_set(struct runtime *g, unsigned cg, const struct interp_set *s, char *err)
{
	struct worker_opts *o = &g->cg[cg].wo;

	if (s->kind == IS_AFFINITY) {
		o->set_cpus = cpuset_count(&s->cpus) > 0;
		o->cpus = s->cpus;
	} else if (s->kind == IS_NICE) {
		o->set_nice = true, o->nice = (int)s->v;
	} else {
		static const enum worker_policy pol[] = { WORKER_POLICY_NORMAL, WORKER_POLICY_BATCH,
							  WORKER_POLICY_IDLE,	WORKER_POLICY_FIFO,
							  WORKER_POLICY_RR,	WORKER_POLICY_EXT };
		o->policy = pol[s->v < 6 && s->v >= 0 ? s->v : 0];
		o->prio = (int)s->v2;
	}
	return retarget(g, cg, err);
}

static const char *parent_dir(const struct runtime *g, unsigned cg)
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
	case IS_CPUS:
		return cgroup_set_cpus(dir, cpuset_format(&s->cpus, list, sizeof(list)), err, INTERP_ERRLEN);
	case IS_CPUS_CLEAR: /* the parent's CPUs: an empty cpuset.cpus is refused while populated */
		if (cgroup_read(parent_dir(G, cg), "cpuset.cpus.effective", list, sizeof(list), err,
				INTERP_ERRLEN))
			return -EIO;
		return cgroup_set_cpus(dir, list, err, INTERP_ERRLEN);
	case IS_MEMS:
		return cgroup_set_mems(dir, cpuset_format(&s->cpus, list, sizeof(list)), err, INTERP_ERRLEN);
	case IS_WEIGHT: return cgroup_set_weight(dir, (unsigned)s->v, err, INTERP_ERRLEN);
	case IS_CPU_MAX:
		return cgroup_set_cpu_max(dir, s->v / 1000, (unsigned long)(s->v2 / 1000), err,
					  INTERP_ERRLEN);
	case IS_MEMORY: return cgroup_set_memory(dir, mem[s->v % 3], s->v2, err, INTERP_ERRLEN);
	case IS_PIDS: return cgroup_set_pids_max(dir, s->v, err, INTERP_ERRLEN);
	case IS_COMM: /* new workers name themselves; running ones are renamed */
		snprintf(G->cg[cg].wo.comm, sizeof(G->cg[cg].wo.comm), "%s", s->s ? s->s : "");
		G->cg[cg].comm_set = true;
		return retarget(G, cg, err);
	default: return worker_set(G, cg, s, err);
	}
}

/* Fork n workers of cgroup cg as new sets waiting at the barrier. */
static int add_sets(struct runtime *g, unsigned cg, unsigned n, char *err)
{
	struct runtime_cg *c = &g->cg[cg];
	unsigned gs = c->spec.type->flags & WT_WHOLE ? n : work_group_size(c->spec.type, &c->spec.args);
	unsigned per = gs == 1 ? 1 : n, sets = n / per;

	if (g->nsets + sets > RUNTIME_MAX_SETS)
		return ERRF("more than %u worker sets", RUNTIME_MAX_SETS);
	for (unsigned k = 0; k < sets; k++) {
		struct runtime_set *s = &g->set[g->nsets];

		s->g = workers_new(&c->spec, per, &c->wo, err, INTERP_ERRLEN);
		if (!s->g)
			return -EINVAL;
		if (workers_spawn(s->g, RUNTIME_SPAWN_MS, err, INTERP_ERRLEN)) {
			workers_free(s->g);
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
	struct runtime_cg *c = &G->cg[cg];

	if (runtime_work_spec(w, &c->spec, err, INTERP_ERRLEN))
		return -EINVAL;
	c->has_spec = true;
	return add_sets(G, cg, n, err);
}

static int go(void *ctx, char *err)
{
	for (unsigned k = 0; k < G->nsets; k++)
		if (!G->set[k].released) {
			workers_go(G->set[k].g, 0);
			G->set[k].released = true;
		}
	return 0;
}

static int spawn(void *ctx, unsigned cg, unsigned n, char *err)
{
	int r = add_sets(G, cg, n, err);

	return r ? r : go(ctx, err);
}

static void stop_set(struct runtime_set *s)
{
	if (!s->stopped) {
		workers_stop(s->g, RUNTIME_GRACE_MS);
		s->stopped = true;
	}
}

/* The sets are told first and reaped after, so their workers exit side by
 * side: set after set cost a scheduling round and an exit each under TCG
 * (0.1-0.7 s at the end of a 4-set run on a loaded host, doc/vmm.md). */
static void ask_stop(struct runtime_set *s)
{
	if (!s->stopped)
		workers_ask_stop(s->g);
}

static int stop(void *ctx, unsigned cg, unsigned n, char *err)
{
	for (unsigned k = G->nsets; k-- > 0 && n > 0;) {
		struct runtime_set *s = &G->set[k];

		if (s->cg != cg || s->stopped)
			continue;
		if (n != UINT32_MAX && workers_size(s->g) > n)
			return ERRF("cannot stop %u of a group of %u workers", n, workers_size(s->g));
		stop_set(s);
		if (n != UINT32_MAX)
			n -= workers_size(s->g);
	}
	reap_strays();
	return 0;
}

/* cgroup.procs of from, one pid a line, into to. */
static int move(void *ctx, unsigned from, unsigned to, char *err)
{
	char procs[8192], *save = NULL;

	if (cgroup_read(G->cg[from].dir, "cgroup.procs", procs, sizeof(procs), err, INTERP_ERRLEN))
		return -EIO;
	for (char *l = strtok_r(procs, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int r = cgroup_move_pid(G->cg[to].dir, (pid_t)atoi(l), err, INTERP_ERRLEN);

		if (r && r != -ESRCH) /* a task that just exited is fine */
			return r;
	}
	return 0;
}

static int freeze(void *ctx, unsigned cg, bool on, char *err)
{
	return cgroup_freeze(G->cg[cg].dir, on, 5000, err, INTERP_ERRLEN);
}

static int signal_cg(void *ctx, unsigned cg, unsigned sig, char *err)
{
	for (unsigned k = 0; k < G->nsets; k++) {
		struct runtime_set *s = &G->set[k];

		if (s->cg != cg || s->stopped)
			continue;
		for (unsigned i = 0; i < workers_size(s->g); i++)
			if (kill(workers_pid(s->g, i), sig == BC_SIG_stop ? SIGSTOP : SIGCONT) &&
			    errno != ESRCH)
				return ERRF("kill %d: %s", (int)workers_pid(s->g, i), strerror(errno));
	}
	return 0;
}

static int snapshot(void *ctx, const char *label, char *err)
{
	char name[80];

	snprintf(name, sizeof(name), "snapshot %s", label);
	if (rec_step(G->rec, sizeof(G->rec), 0, name, sys_now_ns()) < 0 || chan_rec(REC_STEP, "%s", G->rec))
		return ERRF("cannot send the snapshot marker");
	snapshot_all(G, true, false);
	return 0;
}

static int sched(void *ctx, enum bc_op op, const char *name, const char *args, char *err)
{
	return runtime_sched_op(op, name, args, err, INTERP_ERRLEN);
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

static bool set_under(const struct runtime *g, unsigned k, unsigned cg)
{
	unsigned c = g->set[k].cg;

	while (c != BC_ROOT && c != cg)
		c = g->p->cg_parent[c];
	return c == cg;
}

static int cg_remove_op(void *ctx, unsigned cg, char *err)
{
	for (unsigned k = 0; k < G->nsets; k++)
		if (set_under(G, k, cg))
			ask_stop(&G->set[k]);
	for (unsigned k = 0; k < G->nsets; k++)
		if (set_under(G, k, cg))
			stop_set(&G->set[k]);
	reap_strays();
	for (unsigned i = cg; i < G->p->ncgroups; i++) {
		unsigned c = i;

		while (c != BC_ROOT && c != cg)
			c = G->p->cg_parent[c];
		if (c == cg)
			G->cg[i].exists = false;
	}
	return cgroup_remove(G->cg[cg].dir, true, 5000, err, INTERP_ERRLEN);
}

static void send_cgroup(struct runtime *g, unsigned cg)
{
	char stat[1024], cpus[256] = "", e[200];
	struct rec_cgroup_stat s = { .name = cg_name(g, cg), .path = g->cg[cg].dir, .cpus_effective = cpus };

	if (cgroup_read(g->cg[cg].dir, "cpu.stat", stat, sizeof(stat), e, sizeof(e)))
		return;
	cgroup_read(g->cg[cg].dir, "cpuset.cpus.effective", cpus, sizeof(cpus), e, sizeof(e));
	rec_parse_cpu_stat(stat, &s);
	if (rec_cgroup(g->rec, sizeof(g->rec), &s) > 0)
		chan_rec(REC_CGROUP, "%s", g->rec);
}

static int finish(void *ctx, char *err)
{
	struct runtime *g = G;

	for (unsigned k = 0; k < g->nsets; k++)
		ask_stop(&g->set[k]);
	for (unsigned k = 0; k < g->nsets; k++)
		stop_set(&g->set[k]); /* a SIGSTOPped or frozen worker is killed after the grace */
	for (unsigned k = 0; k < g->nsets; k++)
		for (unsigned i = 0; i < workers_size(g->set[k].g); i++)
			send_worker(g, &g->set[k], i), send_payload(g, &g->set[k], i);
	for (unsigned c = 0; c < g->p->ncgroups; c++)
		if (g->cg[c].exists)
			send_cgroup(g, c);
	reap_strays();
	return cgroup_remove(g->top, true, 5000, err, INTERP_ERRLEN);
}

const struct interp_rt_ops runtime_ops = {
	now,  sleep_until, mark,   create_op, cg_set,	cg_start, go,	      cg_remove_op, spawn,
	stop, move,	   freeze, signal_cg, snapshot, sched,	  knob_write, knob_read,    finish,
};

struct runtime *runtime_new(const struct bc_prog *p, const struct interp_topo *t, char *err, size_t errlen)
{
	struct runtime *g = calloc(1, sizeof(*g));
	char cpus[1024], mems[64];

	if (!g || !(g->cg = calloc(p->ncgroups ? p->ncgroups : 1, sizeof(*g->cg)))) {
		free(g);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	g->p = p, g->t = t;
	cgroup_path(g->top, sizeof(g->top), guest_paths.cg_base, RUNTIME_ROOT);
	snprintf(mems, sizeof(mems), "0-%u", t->nodes ? t->nodes - 1 : 0);
	if (cgroup_create(guest_paths.cg_base, RUNTIME_ROOT, NULL, err, errlen) ||
	    cgroup_set_cpus(g->top, cpuset_format(&t->all, cpus, sizeof(cpus)), err, errlen) ||
	    cgroup_set_mems(g->top, mems, err, errlen)) {
		runtime_free(g);
		return NULL;
	}
	return g;
}

void runtime_free(struct runtime *g)
{
	if (!g)
		return;
	for (unsigned k = 0; k < g->nsets; k++)
		workers_free(g->set[k].g);
	free(g->cg);
	free(g);
}
