/* A sched_ext scheduler's life in the guest: start it (stdout and stderr
 * to files), wait until sched_ext is enabled with the expected ops, watch
 * it while work runs, stop it (SIGINT, then SIGKILL), classify how it
 * ended (work/scx.h) and send the result and its logs to the host.
 *
 *   scheduler_conf_parse(&c, text, len, err, n)     the host's sched.conf
 *   rc = scheduler_start(&g, &c, err, n);           0 enabled, 1 failed, <0 setup error
 *   while (run) if (scheduler_poll(&g)) break;      1: it went away (classified)
 *   scheduler_stop(&g);                             stop and classify (idempotent)
 *   scheduler_report(&g);                           REC_SCHED result + REC_SCHED_LOG chunks
 *   scheduler_free(&g);
 */
#ifndef KTS_GUEST_SCHEDULER_H
#define KTS_GUEST_SCHEDULER_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/proto.h"
#include <stdint.h>
#include <sys/types.h>

#include "work/scx.h"

/* The tracepoint a SysRq-D dump goes to (6.12 prints it nowhere else). */
#define SCHEDULER_DUMP_EVENT "/sys/kernel/tracing/events/sched_ext/sched_ext_dump/enable"

struct scheduler_conf {
	char path[256]; /* the binary in the guest */
	char ops[64];	/* expected root/ops; "" accepts any */
	unsigned argc;
	char args[PROTO_SCHED_MAX_ARGS][128];
	unsigned load_timeout_ms, stop_grace_ms;
	bool verifier_stats; /* load only, with the verifier's statistics (lib/proto.h) */
	char probe[256];     /* auto-repro: the probe binary (guest/probe.h), or "" */
	char probe_names[1024];
};

/* sched.conf: path, ops, argc, arg0..argN, load_timeout_ms, stop_grace_ms,
 * verifier_stats, probe and probe_names (optional) as key=value lines. 0, or -1 with err. */
int scheduler_conf_parse(struct scheduler_conf *c, const char *text, size_t len, char *err, size_t errlen);

struct scheduler {
	struct scheduler_conf c;
	pid_t pid, probe_pid; /* probe_pid: 0 none, -1 it failed (probe_why) */
	char probe_why[256];
	int kmsg_fd;
	bool ended;						/* classified */
	uint64_t t_start, t_enabled, t_gone, t_stop, t_noticed; /* CLOCK_MONOTONIC ns; 0 = not yet */
	struct scx_run run;
	enum scx_kind kind;
	char why[512];
	char *klog; /* the kernel log since the start (bounded) */
	size_t klog_len;
};

int scheduler_start(struct scheduler *g, const struct scheduler_conf *c, char *err, size_t errlen);
int scheduler_poll(struct scheduler *g);
void scheduler_stop(struct scheduler *g);
void scheduler_report(const struct scheduler *g);
void scheduler_free(struct scheduler *g);

#endif
