/* What one run of a scenario sent back: step markers, every worker record
 * (snapshots at step markers, then the final reports), cgroup figures, a
 * skip reason. Windows cut the run at its step markers; metrics
 * (run_metric.c) are computed per window or over the whole run. */
#ifndef KTS_HOST_RUN_RUN_DATA_H
#define KTS_HOST_RUN_RUN_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include "host/boot/boot_dump.h"
#include "host/monitor/monitor.h"
#include "host/topo/observe.h"
#include "host/payload/payload_metric.h"
#include "host/payload/payload_rec.h"
#include "host/payload/rtapp_agg.h"
#include "host/sched/sched_rec.h"
#include "host/run/telemetry.h"
#include "interp/interp.h"

#define RUN_MAX_MARKS  256
#define RUN_MAX_RECS   16384
#define RUN_MAX_CGRECS 4096

struct run_rec {
	struct telemetry_worker w;
	unsigned mark; /* index of the last marker before it */
};

struct run_cgrec {
	struct telemetry_cgroup c;
	unsigned mark;
};

struct run_data {
	struct observed obs;
	struct telemetry_step mark[RUN_MAX_MARKS];
	uint64_t mark_host_ns[RUN_MAX_MARKS]; /* host CLOCK_MONOTONIC when each came: aligns samples */
	unsigned nmarks;
	struct run_rec *rec;
	unsigned nrec;
	struct run_cgrec *cgr;
	unsigned ncgr;
	bool skipped;
	char skip[256];
	char knobs[1024];	/* knob reads, one a line */
	struct sched_rec sr;	/* the scheduler's lifecycle and logs, if one ran */
	struct payload_rec pay; /* work exec outputs (host/payload/payload_rec.h) */
	unsigned bad;
	char first_bad[256];
	const struct monitor *mon;	  /* the monitor's samples of this run; NULL: off */
	const struct boot_dump *mon_dump; /* asked on its first violation (boot_dump.h) */
	struct interp_topo facts;	  /* the declared topology, for topo.FACT in claims */
	bool has_facts;
};

/* A worker over one window (or the whole run). NaN: not measured. */
struct run_fig {
	unsigned id;
	const char *set, *work, *fate;
	double units, iters, cpu_ns, wall_ns, max_gap, gap_at, p50, p90, p99, pmax, migrations, vcsw, ivcsw;
	int gap_cpu;
	struct cpuset cpus;
	bool present;
};

struct run_data *run_data_new(void);
void run_data_free(struct run_data *d);
/* Back to what run_data_new gives, keeping the allocations. */
void run_data_reset(struct run_data *d);
/* The boot_run record callback. */
void run_data_collect(void *arg, unsigned type, const uint8_t *payload, size_t len);

/* Number of windows: settle + one per step. Window 0 runs from the start
 * to step 1; window k (k >= 1) is step k. */
unsigned run_windows(const struct run_data *d, unsigned nsteps);
/* Distinct worker ids, in order; returns the count (ids has RUN_MAX_RECS). */
unsigned run_worker_ids(const struct run_data *d, unsigned *ids);
/* Figures of worker id over window w, or over the whole run with w < 0. */
void run_fig(const struct run_data *d, unsigned id, int w, struct run_fig *f);
/* Effective CPUs of cgroup path (as the guest names it) during window w;
 * false if unknown. */
bool run_cg_cpus(const struct run_data *d, const char *path, int w, struct cpuset *out);

/* run_payload.c: the scenario's `metric` lines for the cgroup the guest
 * calls cg (at most max); a payload output's metrics (0, or -1 with err:
 * an unusable regex); a payload metric of a cgroup (BC_ALL: all)
 * combined over its workers, NaN when none gave it. */
unsigned run_payload_user(const struct bc_prog *p, const char *cg, struct payload_user_metric *u,
			  unsigned max);
int run_payload_vals(const struct bc_prog *p, const struct payload_out *o, struct payload_vals *vals,
		     char *err, size_t errlen);
double run_payload_metric(const struct run_data *d, const struct bc_prog *p, unsigned cg, const char *name);
/* The same over step (0-based) of the run: rt-app's rows that began in it. */
double run_payload_metric_step(const struct run_data *d, const struct bc_prog *p, unsigned cg,
			       const char *name, unsigned step);
/* The same over phase (0-based) of every task of rt-app's description. */
double run_payload_metric_phase(const struct run_data *d, const struct bc_prog *p, unsigned cg,
				const char *name, unsigned phase);
/* The file work exec gives the program of cgroup cg (rtapp's JSON), or NULL. */
const char *run_payload_file(const struct bc_prog *p, const char *cg);
/* rt-app's metrics of o over sel added to vals (nothing for other programs);
 * 0, or -1 with err: logs that do not parse, or none. */
int run_payload_rtapp(const struct bc_prog *p, const struct payload_out *o, const struct rtapp_sel *sel,
		      struct payload_vals *vals, char *err, size_t errlen);
/* Window w's span of guest CLOCK_MONOTONIC (0: settle, k: step k; see
 * run_windows); false when no marker began it. */
bool run_payload_window(const struct run_data *d, unsigned w, uint64_t *t0, uint64_t *t1);

/* The guest's name of a program's cgroup: "outer/inner". */
void run_cg_path(const struct bc_prog *p, unsigned cg, char *buf, size_t len);
/* A metric of a cgroup (BC_ALL: all), step (BC_NONE: all), worker (BC_NONE: aggregate). */
double run_metric(const struct run_data *d, const struct bc_prog *p, unsigned cg, unsigned metric,
		  unsigned step, unsigned worker);

#endif
