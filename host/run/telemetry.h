/* Worker telemetry, step markers and cgroup figures from the guest
 * (REC_WORKER, REC_STEP, REC_CGROUP), parsed from untrusted records into
 * checked structs. The text format is written by work/rec.c; doc/worktypes.md
 * lists every field. */
#ifndef KTS_HOST_RUN_TELEMETRY_H
#define KTS_HOST_RUN_TELEMETRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/cpuset.h"

struct telemetry_worker {
	unsigned id;
	char set[64], work[32], state[16], fate[16];
	int pid;
	uint64_t units, iters, aux;
	uint64_t start_ns, end_ns, last_ns, wall_ns, cpu_ns;
	uint64_t max_gap_ns, max_gap_at_ns;
	int max_gap_cpu, max_gap_from_cpu; /* -1: not known */
	uint64_t wake_n, wake_p50_ns, wake_p90_ns, wake_p99_ns, wake_max_ns;
	struct cpuset cpus;
	uint64_t migrations;
	bool have_csw, have_run, have_migr; /* which /proc figures came */
	uint64_t vcsw, ivcsw, run_delay_ns, slices, nr_migrations;
	int err;
	char msg[160];
};

struct telemetry_step {
	unsigned step;
	char name[64];
	uint64_t t_ns;
};

struct telemetry_cgroup {
	char name[64], path[256];
	uint64_t usage_us, user_us, system_us, nr_periods, nr_throttled, throttled_us;
	struct cpuset cpus_effective;
};

/* 0, or -1 with a one-line reason in err; out is unusable then. */
int telemetry_parse_worker(const uint8_t *payload, size_t len, struct telemetry_worker *out, char *err,
			   size_t errlen);
int telemetry_parse_step(const uint8_t *payload, size_t len, struct telemetry_step *out, char *err,
			 size_t errlen);
int telemetry_parse_cgroup(const uint8_t *payload, size_t len, struct telemetry_cgroup *out, char *err,
			   size_t errlen);

/* Did the worker make progress? (units and iterations above zero) */
bool telemetry_progressed(const struct telemetry_worker *w);
/* Plausibility of a well-formed report on a guest with ncpus CPUs: CPU
 * time within wall time x CPUs, the gap within the run, CPUs used within
 * the guest, .... Returns the number of problems; the first in why. */
unsigned telemetry_check_plausible(const struct telemetry_worker *w, unsigned ncpus, char *why, size_t len);

#endif
