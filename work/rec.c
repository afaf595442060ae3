#include "work/rec.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct out {
	char *buf;
	size_t len, used;
	int overflow;
};

__attribute__((format(printf, 2, 3))) static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (o->overflow)
		return;
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->used, o->len - o->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= o->len - o->used)
		o->overflow = 1;
	else
		o->used += (size_t)n;
}

/* A value must stay on one line and keep the key=value form intact. */
static void put_text(struct out *o, const char *key, const char *v)
{
	char clean[160];
	size_t i = 0;

	for (; v && v[i] && i < sizeof(clean) - 1; i++)
		clean[i] = (v[i] == '\n' || v[i] == '\r' || v[i] == '\0') ? ' ' : v[i];
	clean[i] = '\0';
	put(o, "%s=%s\n", key, clean);
}

static int done(struct out *o)
{
	return o->overflow ? -EMSGSIZE : (int)o->used;
}

#define U(key, v) put(&o, key "=%llu\n", (unsigned long long)(v))

int rec_worker(char *buf, size_t len, const struct rec_id *id, const struct telem_report *r)
{
	struct out o = { buf, len, 0, 0 };
	char cpus[1024];

	if (len)
		buf[0] = '\0';
	put(&o, "id=%u\n", id->id);
	put_text(&o, "set", id->set);
	put_text(&o, "work", id->work);
	put(&o, "pid=%d\n", id->pid);
	put_text(&o, "state", r->state);
	put_text(&o, "fate", id->fate);
	U("units", r->units);
	U("iters", r->iters);
	U("aux", r->aux);
	U("start_ns", r->start_ns);
	U("end_ns", r->end_ns);
	U("last_ns", r->last_ns);
	U("wall_ns", r->wall_ns);
	U("cpu_ns", r->cpu_ns);
	U("max_gap_ns", r->max_gap_ns);
	U("max_gap_at_ns", r->max_gap_at_ns);
	if (r->max_gap_cpu >= 0)
		put(&o, "max_gap_cpu=%d\n", r->max_gap_cpu);
	if (r->max_gap_from_cpu >= 0)
		put(&o, "max_gap_from_cpu=%d\n", r->max_gap_from_cpu);
	U("wake_n", r->wake_n);
	U("wake_p50_ns", r->wake_p50);
	U("wake_p90_ns", r->wake_p90);
	U("wake_p99_ns", r->wake_p99);
	U("wake_max_ns", r->wake_max);
	put(&o, "cpus=%s\n", cpuset_format(&r->cpus, cpus, sizeof(cpus)));
	U("migrations", r->migrations);
	if (r->have & PROCSTAT_HAVE_CSW) {
		U("vcsw", r->vcsw);
		U("ivcsw", r->ivcsw);
	}
	if (r->have & PROCSTAT_HAVE_RUN) {
		U("run_delay_ns", r->run_delay_ns);
		U("slices", r->slices);
	}
	if (r->have & PROCSTAT_HAVE_MIGR)
		U("nr_migrations", r->nr_migrations);
	if (r->err) {
		put(&o, "err=%d\n", r->err < 0 ? -r->err : r->err);
		put_text(&o, "msg", r->msg);
	}
	return done(&o);
}

int rec_step(char *buf, size_t len, unsigned step, const char *name, uint64_t t_ns)
{
	struct out o = { buf, len, 0, 0 };

	put(&o, "step=%u\n", step);
	put_text(&o, "name", name);
	U("t_ns", t_ns);
	return done(&o);
}

void rec_parse_cpu_stat(const char *text, struct rec_cgroup_stat *s)
{
	static const struct {
		const char *key;
		size_t off;
	} f[] = {
		{ "usage_usec", offsetof(struct rec_cgroup_stat, usage_us) },
		{ "user_usec", offsetof(struct rec_cgroup_stat, user_us) },
		{ "system_usec", offsetof(struct rec_cgroup_stat, system_us) },
		{ "nr_periods", offsetof(struct rec_cgroup_stat, nr_periods) },
		{ "nr_throttled", offsetof(struct rec_cgroup_stat, nr_throttled) },
		{ "throttled_usec", offsetof(struct rec_cgroup_stat, throttled_us) },
	};

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
			size_t kl = strlen(f[i].key);

			if (!strncmp(p, f[i].key, kl) && p[kl] == ' ')
				*(uint64_t *)((char *)s + f[i].off) = strtoull(p + kl + 1, NULL, 10);
		}
}

int rec_cgroup(char *buf, size_t len, const struct rec_cgroup_stat *s)
{
	struct out o = { buf, len, 0, 0 };

	put_text(&o, "name", s->name);
	put_text(&o, "path", s->path);
	U("usage_us", s->usage_us);
	U("user_us", s->user_us);
	U("system_us", s->system_us);
	U("nr_periods", s->nr_periods);
	U("nr_throttled", s->nr_throttled);
	U("throttled_us", s->throttled_us);
	put_text(&o, "cpus_effective", s->cpus_effective ? s->cpus_effective : "");
	return done(&o);
}
