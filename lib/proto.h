/* Record types carried in frames from the guest, request types carried in
 * frames from the host (doc/channel.md), and their payloads. Payloads are
 * text: "key=value" lines, keys [a-z0-9_], values without newlines. Text
 * keeps the guest simple and both parsers strict. */
#ifndef KTS_PROTO_H
#define KTS_PROTO_H

enum proto_rec {
	REC_HELLO = 1,	  /* release sched_ext ncpus nnodes mode text (_text, KASLR) */
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
	REC_REPLY = 15,	    /* id req status seq end rx_bad text: one chunk of the answer to a request */
	REC_CONSOLE = 16,   /* text: a line the guest read from its console (ktsrun.mode=chantest) */
	REC_OUTPUT = 17,    /* stream text: output of shell --exec's command, stream out|err, text escaped */
	REC_EXIT = 18,	    /* status signal: how the shell or shell --exec's command ended */
	REC_PAYLOAD = 19, /* id cg prog status size seq end text: a chunk of a payload's output (work exec) */
	REC_PAYLOAD_FILE =
		20, /* id name size seq end text: a chunk of a file the payload left (rt-app's logs) */
	REC_MAX
};

const char *proto_rec_name(unsigned type);

/* Requests: frames from the host to the guest on COM2, in the same format.
 * Their types start at 0x100 so a frame's direction shows in its type. The
 * payload has id=N (1..PROTO_REQ_MAX_ID), which every REC_REPLY chunk of
 * the answer repeats; a reply is seq 0, 1, ... with end=1 on the last,
 * status ok or error (text is then the reason), text escaped (lib/esc.h).
 * The host sends requests only after HELLO: the guest has opened ttyS1 in
 * raw mode by then, so nothing is echoed or lost in the driver's startup. */
enum proto_req {
	REQ_PING = 0x101,    /* id data: the answer's text is data ([A-Za-z0-9_.:-], at most 256) */
	REQ_DUMP = 0x102,    /* id: SysRq-D now; the answer is the sched_ext_dump trace it produced */
	REQ_WINSIZE = 0x103, /* id rows cols: the host terminal's size, set on the guest console */
	REQ_END
};
#define PROTO_REQ_MIN	      0x100
#define PROTO_REQ_MAX_PAYLOAD 1024u /* the guest drops longer requests */
#define PROTO_REQ_MAX_ID      0x7fffffffu
#define PROTO_PING_MAX	      256u
#define PROTO_REPLY_CHUNK     900u	   /* raw text bytes per REC_REPLY: escaped, it fits kv's 4 KiB */
#define PROTO_REPLY_MAX	      (256u << 10) /* text of one answer, at most */

const char *proto_req_name(unsigned type);

#define PROTO_CONSOLE_LINE 512u	 /* bytes of a REC_CONSOLE line, at most */
#define PROTO_WINSIZE_MAX  4096u /* rows and cols of REQ_WINSIZE, at most */

/* A payload's output (stdout and stderr in order): its last PROTO_PAYLOAD_TAIL
 * bytes travel, in REC_PAYLOAD chunks of PROTO_PAYLOAD_CHUNK raw bytes. */
#define PROTO_PAYLOAD_TAIL     (48u << 10)
#define PROTO_PAYLOAD_CHUNK    900u
/* Files a payload left in its working directory (rt-app's per-thread logs):
 * at most PROTO_PAYLOAD_FILES per worker, the last PROTO_PAYLOAD_FILE_MAX
 * bytes of each, after its output. */
#define PROTO_PAYLOAD_FILES    32u
#define PROTO_PAYLOAD_FILE_MAX (256u << 10)

/* Files the host writes into the initramfs for the guest to read. */
#define PROTO_SCHED_CONF     "/etc/ktsrun/sched.conf" /* guest/scheduler.h */
#define PROTO_SCHED_MAX_ARGS 16			      /* arguments in it */
/* sched.conf's verifier_stats=1: the loader gets this variable, and the
 * hook ktsrun builds into its loaders (bpf/loader_hook.h, same name) prints
 * the verifier's statistics per program and exits before attaching. */
#define PROTO_VERIFIER_ENV   "KTSRUN_VERIFIER_STATS"
/* sched.conf's probe=: the loader stops itself after its load so the probe
 * attaches to its programs (bpf/loader_hook.h, same name). */
#define PROTO_STOP_ENV	     "KTSRUN_STOP_AFTER_LOAD"
#define PROTO_SELFTEST_CONF  "/etc/ktsrun/selftest.conf" /* guest/selftest.h */
#define PROTO_SELFTEST_MAX   40				 /* tests named in it */
#define PROTO_SHELL_EXEC     "/etc/ktsrun/exec.sh"	 /* shell --exec's command (guest/shell.c) */
#define PROTO_SHELL_INCLUDE  "/include"			 /* where shell -i puts files */
#define PROTO_LOCAL_CHAN_FD  3 /* the exported runner's channel (guest/local.h, ktsrun local) */
/* ktsrun.fault= values the guest init knows (guest/init.c, guest/runmode.c) */
#define PROTO_FAULTS	     "none, panic, hang, garbage, flood, exit, panic_step"

#endif
