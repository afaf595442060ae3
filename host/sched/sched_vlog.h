/* BPF verifier logs: the per-program statistics the loader hook prints
 * (bpf/loader_hook.h) and a failed load's log with its loop iterations
 * collapsed. Pure text, so the host unit-tests and fuzzes it. */
#ifndef KTS_HOST_SCHED_SCHED_VLOG_H
#define KTS_HOST_SCHED_SCHED_VLOG_H

#include <stddef.h>

#define SCHED_VLOG_MAX_PROGS 128

/* One program as the hook reported it; -1 where the log had no figure. */
struct sched_vlog_prog {
	char name[64], type[32];
	long verified_insns, processed, states, peak_states;
};

struct sched_vlog_stats {
	struct sched_vlog_prog prog[SCHED_VLOG_MAX_PROGS];
	unsigned n;
	int done;     /* the hook's closing line was seen: every program loaded */
	int reloaded; /* the hook's load failed and it loaded again for the full log */
};

/* The hook's "ktsrun-verifier: ..." lines in a loader's stderr. Lines that
 * do not parse are skipped (the text is the guest's). Returns the number
 * of programs. */
unsigned sched_vlog_stats_parse(const char *text, struct sched_vlog_stats *s);

/* The verifier's log out of libbpf's output: the text between the first
 * "-- BEGIN PROG LOAD LOG --" and "-- END PROG LOAD LOG --" (to the end
 * when cut), with the "BPF program load failed" line before it. Points
 * *log at it and returns its length, 0 when text has none. */
size_t sched_vlog_find(const char *text, const char **log);

/*
 * log (n bytes, or up to a NUL) into out (at most len bytes, always terminated) with loop
 * iterations collapsed: a run of back-to-back repeats of the same lines
 * (the same instructions; register states after ';' and state-only lines
 * "N: R1=..." compare by instruction index) becomes
 *
 *     3 x the following 2 lines:
 *       12: (07) r1 += 1 ; R1_w=3
 *       13: (a5) if r1 < 0x10 goto pc-2
 *
 * with the last iteration's text shown, nested for nested loops; a last
 * iteration cut short stays as it is after its block. Returns the length
 * written.
 */
size_t sched_vlog_collapse(const char *log, size_t n, char *out, size_t len);

#endif
