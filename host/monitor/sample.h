/*
 * One sample of the guest's scheduler state: every per-CPU and global field
 * of host/monitor/layout_list.h, read through host/monitor/xlate.h into a
 * compact record. The sampling thread (not wired into runs yet) attaches
 * once the guest kernel is up, then calls sample_take at its rate; a
 * sample never blocks, never fails the run, and says per CPU what it could
 * read.
 */
#ifndef KTS_HOST_MONITOR_SAMPLE_H
#define KTS_HOST_MONITOR_SAMPLE_H

#include <stdint.h>

#include "host/monitor/klist.h"
#include "host/monitor/layout.h"
#include "host/monitor/xlate.h"
#include "lib/topo.h"

#define SAMPLE_MAX_CPUS	   256 /* the largest NR_CPUS our kernels build with */
#define SAMPLE_MAX_NODES   TOPO_MAX_NODES
#define SAMPLE_WAIT_BOUND  4096 /* runnable tasks walked per CPU at most */
#define SAMPLE_TRIES	   3	/* reads of a changing value or list before giving up */
/* list nodes walked per sample over all CPUs: caps what a guest that fills
 * its lists can make one sample cost (about 3 reads a node) */
#define SAMPLE_WALK_BUDGET 65536

/* struct sample_cpu.flags: what this CPU's sample holds */
enum {
	SAMPLE_CPU_RQ = 1 << 0,	  /* nr_running, clock */
	SAMPLE_CPU_SCX = 1 << 1,  /* scx_nr_running, scx_flags, local_dsq_nr */
	SAMPLE_CPU_CURR = 1 << 2, /* curr_pid, curr_policy */
	SAMPLE_CPU_IDLE = 1 << 3, /* curr is the CPU's idle task */
	SAMPLE_CPU_WAIT = 1 << 4, /* the runnable list was walked: runnable, max_wait, waiter_pid */
	SAMPLE_CPU_TRUNC = 1 << 5 /* ...but was longer than the bound (or the sample's budget ran
				     out): max_wait is a lower bound */
};

/* 40 bytes a CPU a sample: 100 Hz on 32 CPUs is 128 KB a second. */
struct sample_cpu {
	uint64_t clock;	     /* rq->clock, ns */
	uint32_t nr_running; /* rq->nr_running, every class */
	uint32_t scx_nr_running;
	uint32_t scx_flags;    /* rq->scx.flags (SCX_RQ_*) */
	uint32_t local_dsq_nr; /* rq->scx.local_dsq.nr */
	int32_t curr_pid;      /* -1 when not read */
	int32_t waiter_pid;    /* the longest runnable wait's task; -1 none */
	uint32_t max_wait;     /* jiffies - its p->scx.runnable_at, saturated */
	uint16_t runnable;     /* tasks on rq->scx.runnable_list */
	uint8_t curr_policy;
	uint8_t flags; /* SAMPLE_CPU_* */
};

/* struct sample.valid: which globals were read */
enum {
	SAMPLE_G_JIFFIES = 1 << 0,
	SAMPLE_G_ENABLE_STATE = 1 << 1,
	SAMPLE_G_EXIT_KIND = 1 << 2,
	SAMPLE_G_BYPASS = 1 << 3,
	SAMPLE_G_WATCHDOG = 1 << 4,
	SAMPLE_G_REJECTED = 1 << 5,
	SAMPLE_G_GLOBAL_DSQS = 1 << 6, /* nr_nodes and global_dsq_nr (0 nodes: not allocated yet) */
};

struct sample {
	uint64_t t_ns; /* host CLOCK_MONOTONIC when the sample began */
	uint64_t jiffies;
	uint64_t watchdog_timeout; /* jiffies */
	uint64_t nr_rejected;
	uint32_t enable_state; /* enum scx_ops_enable_state */
	uint32_t exit_kind;    /* enum scx_exit_kind */
	int32_t bypass_depth;
	uint16_t valid; /* SAMPLE_G_* */
	uint16_t nr_nodes;
	uint32_t global_dsq_nr[SAMPLE_MAX_NODES];
	struct sample_cpu *cpu; /* ncpus of them, the caller's storage */
};

/* pid -> comm of the tasks samples name (curr, waiters), so samples carry
 * pids only. Bounded: once full, new pids are counted, not kept. */
#define SAMPLE_NAMES_MAX 1024
struct sample_names {
	struct {
		int32_t pid; /* 0: empty slot (pid 0 is the idle task, never stored) */
		char comm[16];
	} v[SAMPLE_NAMES_MAX];
	unsigned n, lost;
};
void sample_names_put(struct sample_names *t, int32_t pid, const char *comm);
/* The comm of pid, or NULL. */
const char *sample_names_get(const struct sample_names *t, int32_t pid);

/* Reading state: attached once per boot. */
struct sample_ctx {
	const struct layout *l;
	struct xlate x;
	struct klist kl;
	unsigned ncpus;
	uint64_t rq[SAMPLE_MAX_CPUS]; /* each CPU's struct rq */
	unsigned walk_budget;	      /* SAMPLE_WALK_BUDGET; tests lower it */
	struct sample_names names;
	/* what samples lost, for the report */
	unsigned long torn, broken_lists, wild, over_budget;
};

/*
 * Attach to a booted guest: translation (phys_base), nr_cpu_ids bounded by
 * vcpus (what the host started) and SAMPLE_MAX_CPUS, each CPU's rq, checked
 * by reading rq->cpu back. -1 with err: the layout lacks what every sample
 * needs, or the guest is not far enough in its boot yet (try again later).
 */
int sample_attach(struct sample_ctx *c, const struct layout *l, const struct gmem *mem, unsigned vcpus,
		  uint64_t slide, char *err, size_t errlen);
/* One sample into s (s->cpu must hold c->ncpus entries). */
void sample_take(struct sample_ctx *c, struct sample *s);
/* Write the 8-byte global sym (LS_*) of the kernel image in one aligned
 * pwrite: 0, or -1 when the layout lacks it or the memory is not writable. */
int sample_write_global(const struct sample_ctx *c, int sym, uint64_t v);

#endif
