/* Record payloads the runtime sends to the host (lib/proto.h: REC_WORKER,
 * REC_STEP, REC_CGROUP), as "key=value\n" text; host/run/telemetry.c parses
 * them. Unknown figures are left out rather than sent as a sentinel. */
#ifndef KTS_WORK_REC_H
#define KTS_WORK_REC_H

#include <stddef.h>
#include <stdint.h>

#include "work/telem.h"

struct rec_id {
	unsigned id;	  /* worker index, unique within the run */
	const char *set;  /* the set (cgroup / group) it belongs to */
	const char *work; /* work type name */
	int pid;
	const char *fate; /* workers_fate() */
};

/* Each returns the text length, or -EMSGSIZE if buf is too small. */
int rec_worker(char *buf, size_t len, const struct rec_id *id, const struct telem_report *r);
int rec_step(char *buf, size_t len, unsigned step, const char *name, uint64_t t_ns);

struct rec_cgroup_stat {
	const char *name, *path;
	uint64_t usage_us, user_us, system_us, nr_periods, nr_throttled, throttled_us;
	const char *cpus_effective; /* cpuset.cpus.effective, "" if none */
};

/* Parse the text of cpu.stat into s (fields absent stay 0). */
void rec_parse_cpu_stat(const char *text, struct rec_cgroup_stat *s);
int rec_cgroup(char *buf, size_t len, const struct rec_cgroup_stat *s);

#endif
