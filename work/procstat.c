#include "work/procstat.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "work/sys.h"

/* The number after "key:" at the start of a line, or -1. */
static int line_value(const char *text, const char *key, uint64_t *out)
{
	size_t klen = strlen(key);

	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		const char *v;
		char *end;

		if (strncmp(p, key, klen))
			continue;
		v = p + klen;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v++ != ':')
			continue;
		while (*v == ' ' || *v == '\t')
			v++;
		if (*v < '0' || *v > '9')
			return -1;
		*out = strtoull(v, &end, 10);
		return 0;
	}
	return -1;
}

void procstat_parse_status(const char *text, struct procstat_sample *s)
{
	if (!line_value(text, "voluntary_ctxt_switches", &s->vcsw) &&
	    !line_value(text, "nonvoluntary_ctxt_switches", &s->ivcsw))
		s->have |= PROCSTAT_HAVE_CSW;
}

void procstat_parse_schedstat(const char *text, struct procstat_sample *s)
{
	unsigned long long run, wait, slices;

	if (sscanf(text, "%llu %llu %llu", &run, &wait, &slices) == 3) {
		s->run_ns = run;
		s->wait_ns = wait;
		s->slices = slices;
		s->have |= PROCSTAT_HAVE_RUN;
	}
}

void procstat_parse_sched(const char *text, struct procstat_sample *s)
{
	if (!line_value(text, "se.nr_migrations", &s->nr_migrations))
		s->have |= PROCSTAT_HAVE_MIGR;
}

void procstat_parse_stat(const char *text, long ticks_per_s, struct procstat_sample *s)
{
	/* comm may hold spaces and parentheses: fields restart after the last ')' */
	const char *p = strrchr(text, ')');
	unsigned long long ut, st;

	if (!p || ticks_per_s <= 0)
		return;
	/* after ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime(14)
	 * stime(15) */
	if (sscanf(p + 1, " %*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) == 2) {
		s->cpu_ticks_ns = (ut + st) * (1000000000ull / (unsigned long long)ticks_per_s);
		s->have |= PROCSTAT_HAVE_TICKS;
	}
}

static int slurp(char *buf, size_t len, pid_t pid, pid_t tid, const char *file)
{
	char path[96];

	snprintf(path, sizeof(path), "/proc/%d/task/%d/%s", (int)pid, (int)tid, file);
	return sys_read_text(path, buf, len, false);
}

int procstat_sample_take(pid_t pid, pid_t tid, struct procstat_sample *s)
{
	char buf[4096];
	int err;

	memset(s, 0, sizeof(*s));
	if ((err = slurp(buf, sizeof(buf), pid, tid, "status")))
		return err;
	procstat_parse_status(buf, s);
	if (!slurp(buf, sizeof(buf), pid, tid, "schedstat"))
		procstat_parse_schedstat(buf, s);
	if (!slurp(buf, sizeof(buf), pid, tid, "sched"))
		procstat_parse_sched(buf, s);
	if (!slurp(buf, sizeof(buf), pid, tid, "stat"))
		procstat_parse_stat(buf, sysconf(_SC_CLK_TCK), s);
	return 0;
}
