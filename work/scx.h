/* sched_ext outcome: what the kernel log, the scheduler's own output and
 * its exit say, turned into one failure class. Pure text parsing, so the
 * guest uses it and the host unit-tests it with hostile input. */
#ifndef KTS_WORK_SCX_H
#define KTS_WORK_SCX_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/scx_kind.h"

/* What the kernel log said about the scheduler. */
struct scx_klog {
	bool enabled, disabled;
	char ops[64];	    /* from the enabled (or disabled) line */
	char reason[64];    /* "scx_bpf_error", "runnable task stall", ... */
	char msg[256];	    /* the exit message line after an error */
	char task[64];	    /* "comm[pid]" of a stall */
	char stall_for[16]; /* "5.123s" */
};

/* One kernel log line: a /dev/kmsg record ("6,12,345,-;text") or plain
 * console text. Returns 1 if it was a sched_ext line it used, else 0. */
int scx_klog_line(struct scx_klog *k, const char *line);

/* Facts about one scheduler run. */
struct scx_run {
	bool enabled;	   /* state reached "enabled" with the expected ops */
	bool ops_mismatch; /* enabled, but root/ops named another */
	bool left_early;   /* the process or the state went away before the stop */
	bool stop_asked;   /* we sent SIGINT */
	bool killed;	   /* it ignored SIGINT: SIGKILL */
	int exit_code;	   /* -1 unless it exited */
	int exit_signal;   /* 0 unless a signal ended it */
	struct scx_klog klog;
	char exit_line[300]; /* "EXIT: ..." from the scheduler's stderr, if any */
};

/* The class and a one-line explanation. */
enum scx_kind scx_classify(const struct scx_run *r, char *why, size_t len);

/* The "EXIT: reason (msg)" line of a UEI_REPORT in text, or "". */
void scx_exit_line(const char *text, char *out, size_t len);

/*
 * The verifier's log from libbpf output (between "-- BEGIN PROG LOAD LOG --"
 * and "-- END PROG LOAD LOG --", plus the "load failed" line), with runs of
 * a repeated block of up to 16 lines collapsed into one copy and a note,
 * and only the last max_lines kept. Returns the length written, 0 if text
 * has no verifier log.
 */
size_t scx_verifier_excerpt(const char *text, char *out, size_t len, unsigned max_lines);

/* The sched_ext debug dump: the "DEBUG DUMP" section of a UEI_REPORT, or
 * the text of sched_ext_dump trace events. Returns the length written. */
size_t scx_dump_excerpt(const char *text, char *out, size_t len);

#endif
