#include "host/gauntlet/gauntlet_jobs.h"

#include <errno.h>
#include <json-c/json.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host/gauntlet/gauntlet_out.h"
#include "host/gauntlet/reserve.h"
#include "host/run/verdict.h"
#include "host/util/log.h"
#include "host/util/sig.h"
#include "host/util/clock.h"

struct slot {
	pid_t pid; /* 0: free */
	size_t v;
	int out, err, res; /* memfds: the child's stdout, stderr and result */
	char head[GAUNTLET_NAME + 64];
	struct reserve r;
};

/* What a child hands back, then the JSON text and the failure text. */
struct result_head {
	int verdict;
	double wall_s;
	size_t jlen, flen;
};

unsigned gauntlet_jobs_default(const struct fit_env *e)
{
	/* reservations decide how many really run at once: as many as could */
	return e->vm == VM_QEMU_TCG ? e->host_cores : e->host_cpus;
}

static void put_result(int fd, const struct variant *v)
{
	const char *js = v->json ? json_object_to_json_string_ext(v->json, JSON_C_TO_STRING_PLAIN) : "";
	struct result_head h = { v->verdict, v->wall_s, strlen(js), v->failure ? strlen(v->failure) : 0 };

	if (write(fd, &h, sizeof(h)) != (ssize_t)sizeof(h) || write(fd, js, h.jlen) != (ssize_t)h.jlen ||
	    (h.flen && write(fd, v->failure, h.flen) != (ssize_t)h.flen))
		_exit(3);
}

/* The child's result into v; an ERROR when it died without one. */
static void take_result(struct slot *s, struct variant *v, int status)
{
	struct result_head h;
	char *buf;

	if (pread(s->res, &h, sizeof(h), 0) != (ssize_t)sizeof(h) || !(buf = malloc(h.jlen + h.flen + 2))) {
		v->verdict = V_ERROR;
		v->failure = NULL;
		if (asprintf(&v->failure, "the variant's process ended without a result (status 0x%x)",
			     status) < 0)
			v->failure = NULL;
		v->json = json_object_new_object();
		json_object_object_add(v->json, "verdict", json_object_new_string("ERROR"));
		json_object_object_add(v->json, "reason",
				       json_object_new_string(v->failure ? v->failure : ""));
		return;
	}
	if (pread(s->res, buf, h.jlen + h.flen, sizeof(h)) != (ssize_t)(h.jlen + h.flen))
		h.jlen = h.flen = 0;
	buf[h.jlen] = '\0';
	v->verdict = h.verdict, v->wall_s = h.wall_s;
	v->json = h.jlen ? json_tokener_parse(buf) : NULL;
	v->failure = h.flen ? strndup(buf + h.jlen, h.flen) : NULL;
	free(buf);
}

static void copy_out(int fd, FILE *to)
{
	char buf[8192];
	ssize_t n;
	off_t off = 0;

	while ((n = pread(fd, buf, sizeof(buf), off)) > 0) {
		fwrite(buf, 1, (size_t)n, to);
		off += n;
	}
	fflush(to);
}

static void close_slot(struct slot *s)
{
	if (s->out >= 0)
		close(s->out);
	if (s->err >= 0)
		close(s->err);
	if (s->res >= 0)
		close(s->res);
	reserve_drop(&s->r);
	s->pid = 0, s->out = s->err = s->res = -1;
}

/* In the child: only its own reservation stays open, so the other slots'
 * locks go when their children end. */
static void child(const struct gauntlet_jobs *j, struct gauntlet *g, struct slot *slots, struct slot *me,
		  bool capture)
{
	/* ktsrun killed outright (SIGKILL): the child still stops its VM */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	for (unsigned i = 0; i < j->jobs; i++)
		if (&slots[i] != me && slots[i].pid)
			reserve_drop(&slots[i].r);
	if (capture && (dup2(me->out, STDOUT_FILENO) < 0 || dup2(me->err, STDERR_FILENO) < 0))
		_exit(3);
	sched_setaffinity(0, sizeof(me->r.cpus), &me->r.cpus); /* QEMU's vCPU threads inherit it */
	j->run(j->arg, g, &g->v[me->v]);
	put_result(me->res, &g->v[me->v]);
	fflush(stdout);
	fflush(stderr);
	_exit(0);
}

static int start(const struct gauntlet_jobs *j, struct gauntlet *g, struct slot *slots, struct slot *s,
		 size_t v, unsigned idx, unsigned total)
{
	bool capture = j->jobs > 1;
	char cpus[64] = "";

	s->v = v;
	s->res = memfd_create("ktsrun-result", MFD_CLOEXEC);
	s->out = capture ? memfd_create("ktsrun-out", MFD_CLOEXEC) : -1;
	s->err = capture ? memfd_create("ktsrun-err", MFD_CLOEXEC) : -1;
	if (s->res < 0 || (capture && (s->out < 0 || s->err < 0))) {
		log_err("memfd_create: %s", strerror(errno));
		close_slot(s);
		return -1;
	}
	for (unsigned c = 0, n = 0; c < CPU_SETSIZE && n < 8; c++)
		if (CPU_ISSET(c, &s->r.cpus))
			snprintf(cpus + strlen(cpus), sizeof(cpus) - strlen(cpus), "%s%u", n++ ? "," : "", c);
	/* with several at once, the line goes out with the variant's output */
	snprintf(s->head, sizeof(s->head), "[%u/%u] %s%s%s\n", idx, total, g->v[v].name,
		 capture ? " on host CPUs " : "", capture ? cpus : "");
	if (!capture)
		fputs(s->head, stderr);
	fflush(stdout);
	fflush(stderr);
	s->pid = fork();
	if (s->pid < 0) {
		log_err("fork: %s", strerror(errno));
		s->pid = 0;
		close_slot(s);
		return -1;
	}
	if (s->pid == 0)
		child(j, g, slots, s, capture);
	return 0;
}

static void finish(const struct gauntlet_jobs *j, struct gauntlet *g, struct slot *s, int status,
		   struct gauntlet_progress *pr, double elapsed)
{
	struct variant *v = &g->v[s->v];

	if (j->jobs > 1) {
		fputs(s->head, stderr);
		copy_out(s->err, stderr);
		copy_out(s->out, stdout);
	}
	take_result(s, v, status);
	close_slot(s);
	gauntlet_progress_add(pr, v, elapsed);
	if (isatty(STDERR_FILENO))
		gauntlet_progress_print(stderr, pr);
}

/* Reap what has ended; forward a signal the children did not get. */
static unsigned reap(const struct gauntlet_jobs *j, struct gauntlet *g, struct slot *slots,
		     struct gauntlet_progress *pr, const struct timespec *t0, bool *forwarded)
{
	unsigned running = 0;

	for (unsigned i = 0; i < j->jobs; i++) {
		int st;
		pid_t p;

		if (!slots[i].pid)
			continue;
		if (sig_caught && !*forwarded)
			kill(slots[i].pid, SIGTERM);
		p = waitpid(slots[i].pid, &st, WNOHANG);
		if (p == slots[i].pid)
			finish(j, g, &slots[i], st, pr, clock_since(t0));
		else
			running++;
	}
	*forwarded |= sig_caught != 0;
	return running;
}

static unsigned ram_in_use(const struct gauntlet *g, const struct slot *slots, unsigned n)
{
	unsigned mib = 0;

	for (unsigned i = 0; i < n; i++)
		if (slots[i].pid)
			mib += g->v[slots[i].v].mem_mib;
	return mib;
}

static const struct gauntlet *order_g;

/* The budget's order of choice when there is one, else the list's. */
static int by_rank(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	unsigned rx = order_g->v[x].rank ? order_g->v[x].rank : ~0u,
		 ry = order_g->v[y].rank ? order_g->v[y].rank : ~0u;

	return rx != ry ? (rx < ry ? -1 : 1) : (x > y) - (x < y);
}

int gauntlet_jobs_run(const struct gauntlet_jobs *j, struct gauntlet *g)
{
	struct slot *slots = calloc(j->jobs, sizeof(*slots));
	size_t *order = calloc(g->nv + 1, sizeof(*order));
	struct gauntlet_progress pr = { 0 };
	struct timespec t0, nap = { 0, 50 * 1000000 };
	unsigned host = g->kern[0].env.host_cpus, running = 0, started = 0;
	size_t next = 0;
	bool forwarded = false;
	int rc = 0;
	char err[600];

	if (!slots || !order) {
		log_err("out of memory");
		free(slots);
		free(order);
		return -1;
	}
	for (size_t i = 0; i < g->nv; i++)
		order[i] = i;
	order_g = g;
	qsort(order, g->nv, sizeof(*order), by_rank);
	for (unsigned i = 0; i < j->jobs; i++)
		slots[i].out = slots[i].err = slots[i].res = -1;
	for (size_t i = 0; i < g->nv; i++)
		if (g->v[i].state == VS_RUN)
			pr.total++, pr.est_left += g->v[i].cost_s;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		while (!sig_caught && rc == 0 && running < j->jobs && next < g->nv) {
			struct variant *v = &g->v[order[next]];
			struct slot *s = slots;
			unsigned need;
			int taken;

			if (v->state != VS_RUN) {
				next++;
				continue;
			}
			if (j->budget_s > 0 && clock_since(&t0) >= j->budget_s) { /* the estimates were low */
				v->state = VS_OUT;
				snprintf(v->why, sizeof(v->why),
					 "left out at run time: the budget was spent");
				next++;
				continue;
			}
			while (s->pid)
				s++;
			/* the VMs running at once share the guest RAM cap */
			if (running &&
			    ram_in_use(g, slots, j->jobs) + v->mem_mib > g->kern[v->kern].env.mem_cap_mib)
				break;
			need = fit_reserve(&g->kern[v->kern].env, topo_ncpus(&v->topo));
			if ((taken = reserve_take(j->dir, host, need, &s->r, err, sizeof(err)))) {
				if (taken < 0)
					log_err("%s", err), rc = -1;
				break; /* CPUs busy: wait for one of ours, or another ktsrun's */
			}
			if (start(j, g, slots, s, order[next], ++started, pr.total)) {
				rc = -1;
				break;
			}
			running++, next++;
		}
		if (!running && (next >= g->nv || sig_caught || rc))
			break;
		nanosleep(&nap, NULL);
		running = reap(j, g, slots, &pr, &t0, &forwarded);
	}
	free(slots);
	free(order);
	return rc;
}
