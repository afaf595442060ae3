#include "host/run/telemetry.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kv.h"

__attribute__((format(printf, 3, 4))) static int bad(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int parse_kv(struct kv *kv, const uint8_t *p, size_t len, const char *what, char *err, size_t errlen)
{
	const char *why;

	if (kv_parse(kv, p, len, &why))
		return bad(err, errlen, "%s record: %s", what, why);
	for (unsigned i = 0; i < kv->n; i++)
		for (unsigned j = i + 1; j < kv->n; j++)
			if (!strcmp(kv->key[i], kv->key[j]))
				return bad(err, errlen, "%s record: key %s given twice", what, kv->key[i]);
	return 0;
}

static int u64(const struct kv *kv, const char *key, bool need, uint64_t *out, char *err, size_t errlen)
{
	const char *v = kv_get(kv, key);
	char *end;

	if (!v) {
		*out = 0;
		return need ? bad(err, errlen, "field %s missing", key) : 0;
	}
	errno = 0;
	if (*v < '0' || *v > '9' || (*out = strtoull(v, &end, 10), errno) || *end || end - v > 20)
		return bad(err, errlen, "field %s = '%.40s' is not an unsigned 64-bit number", key, v);
	return 0;
}

/* Printable ASCII that fits: names and messages come back to a terminal. */
static int text(const struct kv *kv, const char *key, bool need, char *out, size_t len, char *err,
		size_t errlen)
{
	const char *v = kv_get(kv, key);

	out[0] = '\0';
	if (!v)
		return need ? bad(err, errlen, "field %s missing", key) : 0;
	if (strlen(v) >= len)
		return bad(err, errlen, "field %s longer than %zu bytes", key, len - 1);
	for (const char *c = v; *c; c++)
		if (*c < 0x20 || *c > 0x7e)
			return bad(err, errlen, "field %s has a non-printable byte", key);
	strcpy(out, v);
	return 0;
}

/* A CPU number or absent (-1). */
static int cpu_of(const struct kv *kv, const char *key, int *out, char *err, size_t errlen)
{
	uint64_t v;

	*out = -1;
	if (!kv_get(kv, key))
		return 0;
	if (u64(kv, key, true, &v, err, errlen))
		return -1;
	if (v >= CPUSET_MAX)
		return bad(err, errlen, "field %s = %llu is not a CPU below %d", key, (unsigned long long)v,
			   CPUSET_MAX);
	*out = (int)v;
	return 0;
}

static const char *const states[] = { "done",	       "failed",      "unfinished",
				      "never_started", "never_ready", "never_forked" };

static int check_state(const char *s, char *err, size_t errlen)
{
	for (size_t i = 0; i < sizeof(states) / sizeof(states[0]); i++)
		if (!strcmp(s, states[i]))
			return 0;
	return bad(err, errlen, "field state = '%s' is not a known worker state", s);
}

static int numbers(const struct kv *kv, struct telemetry_worker *w, char *err, size_t errlen)
{
	static const struct {
		const char *key;
		size_t off;
	} req[] = {
#define F(k, f) { k, offsetof(struct telemetry_worker, f) }
		F("units", units),
		F("iters", iters),
		F("aux", aux),
		F("start_ns", start_ns),
		F("end_ns", end_ns),
		F("last_ns", last_ns),
		F("wall_ns", wall_ns),
		F("cpu_ns", cpu_ns),
		F("max_gap_ns", max_gap_ns),
		F("max_gap_at_ns", max_gap_at_ns),
		F("wake_n", wake_n),
		F("wake_p50_ns", wake_p50_ns),
		F("wake_p90_ns", wake_p90_ns),
		F("wake_p99_ns", wake_p99_ns),
		F("wake_max_ns", wake_max_ns),
		F("migrations", migrations),
#undef F
	};

	for (size_t i = 0; i < sizeof(req) / sizeof(req[0]); i++)
		if (u64(kv, req[i].key, true, (uint64_t *)((char *)w + req[i].off), err, errlen))
			return -1;
	w->have_csw = kv_get(kv, "vcsw") || kv_get(kv, "ivcsw");
	w->have_run = kv_get(kv, "run_delay_ns") || kv_get(kv, "slices");
	w->have_migr = kv_get(kv, "nr_migrations") != NULL;
	if (u64(kv, "vcsw", w->have_csw, &w->vcsw, err, errlen) ||
	    u64(kv, "ivcsw", w->have_csw, &w->ivcsw, err, errlen) ||
	    u64(kv, "run_delay_ns", w->have_run, &w->run_delay_ns, err, errlen) ||
	    u64(kv, "slices", w->have_run, &w->slices, err, errlen) ||
	    u64(kv, "nr_migrations", false, &w->nr_migrations, err, errlen))
		return -1;
	return 0;
}

/* What work/rec.c guarantees by construction: a record breaking it is corrupt. */
static int consistent(const struct telemetry_worker *w, char *err, size_t errlen)
{
	if (w->end_ns && w->end_ns < w->start_ns)
		return bad(err, errlen, "end_ns before start_ns");
	if (w->wall_ns != (w->end_ns > w->start_ns ? w->end_ns - w->start_ns : 0))
		return bad(err, errlen, "wall_ns is not end_ns - start_ns");
	if (w->wake_p50_ns > w->wake_p90_ns || w->wake_p90_ns > w->wake_p99_ns ||
	    w->wake_p99_ns > w->wake_max_ns)
		return bad(err, errlen, "wake percentiles out of order (p50 <= p90 <= p99 <= max)");
	if (!w->wake_n && w->wake_max_ns)
		return bad(err, errlen, "wake latencies without samples");
	if (w->iters && (w->last_ns < w->start_ns || (w->end_ns && w->last_ns > w->end_ns)))
		return bad(err, errlen, "last_ns outside the run");
	if (!w->iters && (w->units || w->max_gap_ns))
		return bad(err, errlen, "units or gaps without iterations");
	return 0;
}

int telemetry_parse_worker(const uint8_t *payload, size_t len, struct telemetry_worker *w, char *err,
			   size_t errlen)
{
	struct kv kv;
	uint64_t id, pid, e;
	const char *cpus;

	memset(w, 0, sizeof(*w));
	if (parse_kv(&kv, payload, len, "worker", err, errlen) || u64(&kv, "id", true, &id, err, errlen) ||
	    u64(&kv, "pid", true, &pid, err, errlen) ||
	    text(&kv, "set", true, w->set, sizeof(w->set), err, errlen) ||
	    text(&kv, "work", true, w->work, sizeof(w->work), err, errlen) ||
	    text(&kv, "state", true, w->state, sizeof(w->state), err, errlen) ||
	    text(&kv, "fate", true, w->fate, sizeof(w->fate), err, errlen) ||
	    text(&kv, "msg", false, w->msg, sizeof(w->msg), err, errlen) ||
	    u64(&kv, "err", false, &e, err, errlen) || numbers(&kv, w, err, errlen) ||
	    cpu_of(&kv, "max_gap_cpu", &w->max_gap_cpu, err, errlen) ||
	    cpu_of(&kv, "max_gap_from_cpu", &w->max_gap_from_cpu, err, errlen) ||
	    check_state(w->state, err, errlen))
		return -1;
	if (id > 65535 || pid > 4194304 || e > 4095)
		return bad(err, errlen, "id, pid or err out of range");
	w->id = (unsigned)id;
	w->pid = (int)pid;
	w->err = (int)e;
	if (!(cpus = kv_get(&kv, "cpus")) || cpuset_parse(&w->cpus, cpus))
		return bad(err, errlen, "field cpus missing or not a cpulist below %d", CPUSET_MAX);
	return consistent(w, err, errlen);
}

int telemetry_parse_step(const uint8_t *payload, size_t len, struct telemetry_step *s, char *err,
			 size_t errlen)
{
	struct kv kv;
	uint64_t step;

	memset(s, 0, sizeof(*s));
	if (parse_kv(&kv, payload, len, "step", err, errlen) || u64(&kv, "step", true, &step, err, errlen) ||
	    text(&kv, "name", true, s->name, sizeof(s->name), err, errlen) ||
	    u64(&kv, "t_ns", true, &s->t_ns, err, errlen))
		return -1;
	if (step > 65535)
		return bad(err, errlen, "step %llu out of range", (unsigned long long)step);
	s->step = (unsigned)step;
	return 0;
}

int telemetry_parse_cgroup(const uint8_t *payload, size_t len, struct telemetry_cgroup *c, char *err,
			   size_t errlen)
{
	struct kv kv;
	const char *cpus;

	memset(c, 0, sizeof(*c));
	if (parse_kv(&kv, payload, len, "cgroup", err, errlen) ||
	    text(&kv, "name", true, c->name, sizeof(c->name), err, errlen) ||
	    text(&kv, "path", true, c->path, sizeof(c->path), err, errlen) ||
	    u64(&kv, "usage_us", true, &c->usage_us, err, errlen) ||
	    u64(&kv, "user_us", true, &c->user_us, err, errlen) ||
	    u64(&kv, "system_us", true, &c->system_us, err, errlen) ||
	    u64(&kv, "nr_periods", true, &c->nr_periods, err, errlen) ||
	    u64(&kv, "nr_throttled", true, &c->nr_throttled, err, errlen) ||
	    u64(&kv, "throttled_us", true, &c->throttled_us, err, errlen))
		return -1;
	if (!(cpus = kv_get(&kv, "cpus_effective")) || cpuset_parse(&c->cpus_effective, cpus))
		return bad(err, errlen, "field cpus_effective missing or not a cpulist");
	return 0;
}

bool telemetry_progressed(const struct telemetry_worker *w)
{
	return w->units > 0 && w->iters > 0;
}

unsigned telemetry_check_plausible(const struct telemetry_worker *w, unsigned ncpus, char *why, size_t len)
{
	/* slack for clock reads around the measured interval and /proc ticks */
	uint64_t slack = 20000000 + w->wall_ns / 100;
	unsigned n = 0;

#define PROBLEM(...) (n++ ? (void)0 : (void)snprintf(why, len, __VA_ARGS__))
	why[0] = '\0';
	if (w->cpu_ns > w->wall_ns + slack) /* a worker is one thread */
		PROBLEM("CPU time %llu ns above wall time %llu ns", (unsigned long long)w->cpu_ns,
			(unsigned long long)w->wall_ns);
	if (w->max_gap_ns > w->wall_ns + slack)
		PROBLEM("largest gap %llu ns longer than the run", (unsigned long long)w->max_gap_ns);
	if (w->max_gap_ns && (w->max_gap_at_ns < w->start_ns || w->max_gap_at_ns > w->end_ns))
		PROBLEM("largest gap ends outside the run");
	if (w->have_run && w->run_delay_ns > w->wall_ns + slack)
		PROBLEM("run delay %llu ns longer than the run", (unsigned long long)w->run_delay_ns);
	for (unsigned c = ncpus; c < CPUSET_MAX; c++)
		if (cpuset_has(&w->cpus, c)) {
			PROBLEM("ran on CPU %u but the guest has %u", c, ncpus);
			break;
		}
	if (w->iters && !cpuset_count(&w->cpus))
		PROBLEM("iterations without a CPU");
	if (w->max_gap_cpu >= 0 && !cpuset_has(&w->cpus, (unsigned)w->max_gap_cpu))
		PROBLEM("largest gap on CPU %d, which is not among the CPUs used", w->max_gap_cpu);
	if (w->migrations > w->iters)
		PROBLEM("more migrations (%llu) than iterations", (unsigned long long)w->migrations);
#undef PROBLEM
	return n;
}
