/*
 * The monitor during a run: a host thread that attaches to the booted guest
 * (retrying until the guest has set up its per-CPU areas), then takes a
 * sample (host/monitor/sample.h) of every CPU at its rate, with each vCPU
 * thread's host CPU time and host run-queue wait beside it. Samples are
 * kept in arrays for the findings (monitor_find.h) and the JSON result.
 *
 *   monitor_init(m, &cfg);
 *   boot_opts.watch = { monitor_watch_start, monitor_watch_stop, m }
 *   ... boot_run ...          the thread runs from HELLO to before destroy()
 *   monitor_find_span(...), monitor_cpu(m, i), ...
 *   monitor_free(m);
 *
 * Everything the thread writes is read by others only after monitor_stop
 * has joined it.
 */
#ifndef KTS_HOST_MONITOR_MONITOR_H
#define KTS_HOST_MONITOR_MONITOR_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "host/monitor/sample.h"
#include "vmm/vmm.h"

#define MONITOR_HZ_DEFAULT   100
#define MONITOR_HZ_MAX	     1000
#define MONITOR_ATTACH_MS    100	/* between attach attempts */
#define MONITOR_MAX_SAMPLES  (1u << 16) /* 11 minutes at 100 Hz; later ones are counted */
#define MONITOR_SUSTAIN	     3		/* samples in a row a violation must hold */
#define MONITOR_TEXT_WAIT_MS 1000	/* for the guest's _text before assuming nokaslr */
/* vCPU host times are read every this many samples (20 Hz at 100 Hz): a
 * pread a vCPU is most of a sample's cost on 32 vCPUs, and the correction
 * judges waits of seconds */
#define MONITOR_VCPU_EVERY   5

enum {
	MONITOR_TEXT_WAITING, /* no HELLO yet */
	MONITOR_TEXT_GUEST,   /* the slide is the guest's _text less vmlinux's */
	MONITOR_TEXT_NONE,    /* the guest did not say: cfg.slide (0, nokaslr) assumed */
	MONITOR_TEXT_LATE,    /* no HELLO within MONITOR_TEXT_WAIT_MS: the same */
	MONITOR_TEXT_BAD,     /* it said something no kernel would: not attached */
};

/* A vCPU thread's host figures (/proc/PID/task/TID/schedstat), cumulative. */
struct monitor_vcpu {
	uint64_t run_ns;   /* ran on a host CPU */
	uint64_t delay_ns; /* runnable on the host but not run: time the guest lost */
};

/* What the online check passes to the hook on the first sustained violation. */
struct monitor_violation {
	const char *what; /* the finding, as doc/language.md names it */
	unsigned cpu;
	int32_t pid; /* the waiting task, -1 unknown */
	uint64_t t_ns;
	double value, limit; /* ns */
};
typedef void (*monitor_violation_fn)(void *arg, const struct monitor_violation *v);

struct monitor_cfg {
	const struct layout *l; /* NULL: nothing to read with (why says so) */
	unsigned hz;		/* samples a second */
	unsigned vcpus;		/* CPUs the host started */
	uint64_t slide;		/* KASLR slide; 0 under nokaslr */
	unsigned kernel_hz;	/* the guest's CONFIG_HZ: jiffies to ns */
	/* online check: a runnable wait above this for MONITOR_SUSTAIN samples
	 * calls on_violation once (0: no check) */
	uint64_t wait_limit_ns;
	unsigned wait_div; /* ... capped at the guest's watchdog timeout / wait_div */
	monitor_violation_fn on_violation;
	void *arg;
	/* --scx-watchdog: written over scx_watchdog_timeout once sched_ext reads
	 * enabled (enable has set it by then), once a boot; 0: never */
	uint64_t scx_watchdog_ms;
};

/* What became of --scx-watchdog. */
struct monitor_wd {
	int state;	   /* 0 not yet, 1 written, -1 could not */
	uint64_t from, to; /* jiffies */
	uint64_t t_ns;	   /* host time of the write */
};

enum monitor_state {
	MONITOR_OFF,	   /* never started (the guest sent no HELLO) */
	MONITOR_WAITING,   /* started; the guest could not be read yet */
	MONITOR_ATTACHED,  /* sampling */
	MONITOR_NO_MEMORY, /* the backend maps no guest memory */
};

struct monitor {
	struct monitor_cfg cfg;
	enum monitor_state state;
	char why[256]; /* while not attached: the last attach error */
	unsigned attach_tries;
	uint64_t t_start_ns, t_attach_ns; /* host CLOCK_MONOTONIC */
	unsigned ncpus;			  /* from the attach */
	/* samples: s[i] with cpu[i * ncpus ...] and vt[i * ncpus ...] */
	struct sample *s;
	struct sample_cpu *cpu;
	struct monitor_vcpu *vt;
	unsigned n, cap;
	unsigned long dropped;	/* past MONITOR_MAX_SAMPLES or out of memory */
	unsigned nvcpu_threads; /* vCPUs whose host times are read (0: no correction) */
	uint64_t busy_ns;	/* wall time in samples, for the cost */
	uint64_t busy_cpu_ns;	/* the thread's CPU time in them (CLOCK_THREAD_CPUTIME_ID) */
	bool violated;
	struct monitor_violation first;
	struct monitor_wd wd;
	/* the guest's _text (monitor_text_hello): until it is known the thread does
	 * not attach, for MONITOR_TEXT_WAIT_MS at most */
	atomic_int text_state;	/* MONITOR_TEXT_* */
	_Atomic uint64_t slide; /* with MONITOR_TEXT_GUEST */
	char text_why[160];	/* NONE, BAD: why (written before text_state) */
	struct sample_ctx *ctx; /* names of the tasks samples saw: ctx->names */
	/* the thread */
	pthread_t th;
	bool running;
	atomic_bool stop;
	struct gmem mem;
	struct gmem_regions rs;
	pid_t pid;
	int vfd[SAMPLE_MAX_CPUS];
	unsigned wait_run[SAMPLE_MAX_CPUS]; /* samples in a row over wait_limit_ns */
};

void monitor_init(struct monitor *m, const struct monitor_cfg *cfg);
/* Start the thread on a running VM (boot_watch.start). */
void monitor_watch_start(void *m, struct vmm *vm);
/* Stop and join it (boot_watch.stop); safe to call twice. */
void monitor_watch_stop(void *m);
void monitor_free(struct monitor *m);

/* CPU c of sample i; the vCPU figures, or NULL without them. */
static inline const struct sample_cpu *monitor_cpu(const struct monitor *m, unsigned i, unsigned c)
{
	return &m->cpu[(size_t)i * m->ncpus + c];
}
static inline const struct monitor_vcpu *monitor_vt(const struct monitor *m, unsigned i, unsigned c)
{
	return m->nvcpu_threads ? &m->vt[(size_t)i * m->ncpus + c] : NULL;
}
/* The longest runnable wait of CPU c in sample i, in ns, less the host
 * run-queue wait of its vCPU over that time (TCG deschedules vCPU threads,
 * which is not the guest scheduler's doing). */
uint64_t monitor_wait_ns(const struct monitor *m, unsigned i, unsigned c);
/* Host run-queue wait of CPU c's vCPU between samples a < b, in ns. */
uint64_t monitor_lost_ns(const struct monitor *m, unsigned a, unsigned b, unsigned c);
/* The first sustained violation: kept, and cfg.on_violation called once
 * (`ktsrun run` asks the guest for the sched_ext dump there). */
void monitor_violation(struct monitor *m, const struct monitor_violation *v);

/* host/monitor/monitor_text.c: the guest's HELLO record: its text= (_text from /proc/kallsyms) sets
 * the KASLR slide. Any thread; once. */
void monitor_text_hello(struct monitor *m, const uint8_t *payload, size_t len);
/* The slide of a kernel whose _text runs at text (hex, "0x..."), against
 * l's link-time _text: 0, or -1 with why (not a kernel image address, not
 * 2 MiB aligned, below the link address). */
int monitor_text_slide(const struct layout *l, const char *text, uint64_t *slide, char *why, size_t len);

/* host/monitor/monitor_vcpu.c: open /proc/PID/task/TID/schedstat of the
 * threads named "CPU N/..." (QEMU with debug-threads=on) into fd[N];
 * returns how many of n were found (the rest stay -1). */
unsigned monitor_vcpu_open(pid_t pid, int *fd, unsigned n);
/* Read each open fd into out[i]; unopened or unreadable ones keep their
 * previous value (out starts zeroed). */
void monitor_vcpu_read(const int *fd, unsigned n, struct monitor_vcpu *out);
void monitor_vcpu_close(int *fd, unsigned n);

#endif
