/* Per-thread scheduler counters read from /proc: context switches
 * (status), run and wait time (schedstat), migrations (sched). Read at the
 * start and end of a worker, or from outside when the worker cannot report
 * (stopped, stuck). */
#ifndef KTS_WORK_PROCSTAT_H
#define KTS_WORK_PROCSTAT_H

#include <stdint.h>
#include <sys/types.h>

enum {
	PROCSTAT_HAVE_CSW = 1u << 0,   /* vcsw, ivcsw */
	PROCSTAT_HAVE_RUN = 1u << 1,   /* run_ns, wait_ns, slices (CONFIG_SCHED_INFO) */
	PROCSTAT_HAVE_MIGR = 1u << 2,  /* nr_migrations (CONFIG_SCHED_DEBUG) */
	PROCSTAT_HAVE_TICKS = 1u << 3, /* cpu_ticks_ns from stat (always, coarse) */
};

struct procstat_sample {
	unsigned have;
	uint64_t vcsw, ivcsw;
	uint64_t run_ns, wait_ns, slices;
	uint64_t nr_migrations;
	uint64_t cpu_ticks_ns; /* utime + stime, clock-tick resolution */
};

/* Fill s from /proc/PID/task/TID/{status,schedstat,sched,stat}; fields that
 * could not be read leave their PROCSTAT_HAVE_ bit clear. 0, or -errno when the
 * task is gone. */
int procstat_sample_take(pid_t pid, pid_t tid, struct procstat_sample *s);

/* Parsers for the text of each file (exposed for the unit tests). */
void procstat_parse_status(const char *text, struct procstat_sample *s);
void procstat_parse_schedstat(const char *text, struct procstat_sample *s);
void procstat_parse_sched(const char *text, struct procstat_sample *s);
void procstat_parse_stat(const char *text, long ticks_per_s, struct procstat_sample *s);

#endif
