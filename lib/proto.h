/* Record types carried in frames from the guest, and their payloads.
 * Payloads are text: "key=value" lines, keys [a-z0-9_], values without
 * newlines. Text keeps the guest simple and the host parser strict. */
#ifndef KTS_PROTO_H
#define KTS_PROTO_H

enum proto_rec {
	REC_HELLO = 1,	  /* release sched_ext ncpus nnodes mode */
	REC_CPU = 2,	  /* cpu online package die core smt llc node */
	REC_NODE = 3,	  /* node cpus distance */
	REC_ERROR = 4,	  /* where msg errno */
	REC_DONE = 5,	  /* status */
	REC_MEMPROBE = 6, /* gpa nonce: proves the host sees guest RAM */
	REC_LOG = 7,	  /* msg: progress from init */
	REC_WORKER = 8,	  /* one worker's telemetry (work/rec.c; host/run/telemetry.h) */
	REC_STEP = 9,	  /* step name t_ns: a step began, guest CLOCK_MONOTONIC */
	REC_CGROUP = 10,  /* name path usage_us ... : a cgroup's cpu.stat */
	REC_SKIP = 11,	  /* reason: the scenario's requirements are unmet here */
	REC_SCHED = 12,	  /* event=started|enabled|result ...: scheduler lifecycle (host/sched/sched_rec.h) */
	REC_SCHED_LOG = 13, /* src seq end text: a chunk of a scheduler log, text escaped (lib/esc.h) */
	REC_SELFTEST = 14,  /* name result ms reason: one sched_ext selftest (host/selftest/selftest_rec.h) */
	REC_MAX
};

const char *proto_rec_name(unsigned type);

/* Files the host writes into the initramfs for the guest to read. */
#define PROTO_SCHED_CONF     "/etc/ktsrun/sched.conf"	 /* guest/scheduler.h */
#define PROTO_SCHED_MAX_ARGS 16				 /* arguments in it */
#define PROTO_SELFTEST_CONF  "/etc/ktsrun/selftest.conf" /* guest/selftest.h */
#define PROTO_SELFTEST_MAX   40				 /* tests named in it */
/* ktsrun.fault= values the guest init knows (guest/init.c, guest/runmode.c) */
#define PROTO_FAULTS	     "none, panic, hang, garbage, exit, panic_step"

#endif
