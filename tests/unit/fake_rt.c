#include "tests/unit/fake_rt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/kts.h"
#include "tests/unit/tu.h"

__attribute__((format(printf, 2, 3))) static void logf_(struct fake_rt *f, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(f->log + f->used, sizeof(f->log) - f->used, fmt, ap);
	va_end(ap);
	if (n > 0 && (size_t)n < sizeof(f->log) - f->used - 1) {
		f->used += (size_t)n;
		f->log[f->used++] = '\n';
		f->log[f->used] = '\0';
	}
}

static int maybe_fail(struct fake_rt *f, const char *op, char *err)
{
	f->calls++;
	if (f->fail_on && !strcmp(f->fail_on, op)) {
		snprintf(err, INTERP_ERRLEN, "injected failure");
		return -EIO;
	}
	return 0;
}

#define F ((struct fake_rt *)ctx)

static uint64_t now(void *ctx)
{
	return F->now;
}

static void sleep_until(void *ctx, uint64_t t)
{
	if (t > F->now)
		F->now = t;
}

static int mark(void *ctx, unsigned step, const char *name, uint64_t t, char *err)
{
	logf_(F, "mark %u %s t=%llums", step, name, (unsigned long long)t / 1000000);
	return maybe_fail(F, "mark", err);
}

static int cgroup_create(void *ctx, const struct interp_cgdef *d, char *err)
{
	logf_(F, "create %u %s parent=%d flags=%u", d->id, d->path,
	      d->parent == BC_ROOT ? -1 : (int)d->parent, d->flags);
	return maybe_fail(F, "create", err);
}

static const char *const set_names[] = { "cpus",   "cpus_clear", "mems",   "affinity", "nice", "policy",
					 "weight", "cpu_max",	 "memory", "pids",     "comm" };

static int cg_set(void *ctx, unsigned cg, const struct interp_set *s, char *err)
{
	char cpus[128];

	cpuset_format(&s->cpus, cpus, sizeof(cpus));
	if (s->kind == IS_CPUS || s->kind == IS_MEMS || s->kind == IS_AFFINITY)
		logf_(F, "set %u %s %s", cg, set_names[s->kind], cpus[0] ? cpus : "-");
	else if (s->kind == IS_CPUS_CLEAR)
		logf_(F, "set %u cpus_clear", cg);
	else if (s->kind == IS_COMM)
		logf_(F, "set %u comm %s", cg, s->s);
	else
		logf_(F, "set %u %s %lld %lld", cg, set_names[s->kind], s->v, s->v2);
	return maybe_fail(F, set_names[s->kind], err);
}

static void args(char *b, size_t len, const struct interp_args *a)
{
	size_t u = 0;

	b[0] = '\0';
	for (unsigned i = 0; i < BC_WP_COUNT && u < len; i++)
		if (a->has[i])
			u += (size_t)snprintf(b + u, len - u, " %s=%g", bc_enum_name(BC_E_WPARAM, i),
					      a->v[i]);
}

static int cg_start(void *ctx, unsigned cg, const struct interp_work *w, unsigned n, char *err)
{
	char a[256], ph[512] = "";
	size_t u = 0;

	args(a, sizeof(a), &w->args);
	for (unsigned i = 0; i < w->nphases && u < sizeof(ph); i++) {
		char pa[128];

		args(pa, sizeof(pa), &w->phase[i].args);
		u += (size_t)snprintf(ph + u, sizeof(ph) - u, " [%s %llums%s]",
				      bc_enum_name(BC_E_WORK, w->phase[i].type),
				      (unsigned long long)w->phase[i].ns / 1000000, pa);
	}
	logf_(F, "start %u %s n=%u%s%s", cg, bc_enum_name(BC_E_WORK, w->type), n, a, ph);
	return maybe_fail(F, "start", err);
}

static int go(void *ctx, char *err)
{
	logf_(F, "go t=%llums", (unsigned long long)F->now / 1000000);
	return maybe_fail(F, "go", err);
}

static int cgroup_remove(void *ctx, unsigned cg, char *err)
{
	logf_(F, "remove %u", cg);
	return maybe_fail(F, "remove", err);
}

static int spawn(void *ctx, unsigned cg, unsigned n, char *err)
{
	logf_(F, "spawn %u n=%u", cg, n);
	return maybe_fail(F, "spawn", err);
}

static int stop(void *ctx, unsigned cg, unsigned n, char *err)
{
	if (n == UINT32_MAX)
		logf_(F, "stop %u all", cg);
	else
		logf_(F, "stop %u n=%u", cg, n);
	return maybe_fail(F, "stop", err);
}

static int move(void *ctx, unsigned from, unsigned to, char *err)
{
	logf_(F, "move %u %u", from, to);
	return maybe_fail(F, "move", err);
}

static int freeze(void *ctx, unsigned cg, bool on, char *err)
{
	logf_(F, "freeze %u %d t=%llums", cg, on, (unsigned long long)F->now / 1000000);
	return maybe_fail(F, "freeze", err);
}

static int sig(void *ctx, unsigned cg, unsigned s, char *err)
{
	logf_(F, "signal %u %s t=%llums", cg, bc_enum_name(BC_E_SIG, s),
	      (unsigned long long)F->now / 1000000);
	return maybe_fail(F, "signal", err);
}

static int snapshot(void *ctx, const char *label, char *err)
{
	logf_(F, "snapshot %s", label);
	return maybe_fail(F, "snapshot", err);
}

static int sched(void *ctx, enum bc_op op, const char *name, const char *a, char *err)
{
	logf_(F, "sched %s %s %s", bc_ops[op].name, name ? name : "-", a ? a : "-");
	return maybe_fail(F, "sched", err);
}

static int knob_write(void *ctx, const char *path, const char *val, char *err)
{
	logf_(F, "write %s %s", path, val);
	return maybe_fail(F, "write", err);
}

static int knob_read(void *ctx, const char *path, char *err)
{
	logf_(F, "read %s", path);
	return maybe_fail(F, "read", err);
}

static int finish(void *ctx, char *err)
{
	logf_(F, "finish t=%llums", (unsigned long long)F->now / 1000000);
	return maybe_fail(F, "finish", err);
}

const struct interp_rt_ops fake_rt_ops = {
	now,  sleep_until, mark,   cgroup_create, cg_set,   cg_start, go,	  cgroup_remove, spawn,
	stop, move,	   freeze, sig,		  snapshot, sched,    knob_write, knob_read,	 finish,
};

void fake_topo(struct interp_topo *t, int smt)
{
	unsigned per = smt ? 4 : 2;

	memset(t, 0, sizeof(*t));
	t->nodes = 1, t->llcs = 2, t->cores = 4, t->threads = smt ? 2 : 1;
	t->ncpus = 2 * per;
	t->mem_bytes = 512ull << 20;
	for (unsigned c = 0; c < t->ncpus; c++) {
		cpuset_add(&t->all, c);
		cpuset_add(&t->node[0], c);
		cpuset_add(&t->llc[c / per], c);
	}
}

enum interp_status fake_run(const char *src, struct fake_rt *f, char *why, size_t len)
{
	struct kts_opts o = { .diag = stderr };
	struct interp_topo t;
	struct bc_prog p;
	uint8_t *b = NULL;
	size_t blen;
	char err[256];
	enum interp_status st;

	const char *fail_on = f->fail_on;

	memset(f, 0, sizeof(*f));
	f->fail_on = fail_on;
	f->now = 1000000000ull; /* the clock does not start at 0 */
	if (kts_compile_mem("t.kts", src, strlen(src), &o, &b, &blen) ||
	    bc_load(&p, b, blen, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "scenario does not compile or load");
		free(b);
		return INTERP_ERROR;
	}
	fake_topo(&t, 0);
	st = interp_run(&p, &t, &fake_rt_ops, f, why, len);
	bc_prog_free(&p);
	free(b);
	return st;
}
