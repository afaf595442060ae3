/* Auto-repro: when a run's scheduler failed, the functions along its crash
 * path (the exit backtrace and the dump), a second VM's probe report on
 * them (bpf/ktsr_probe.c), and how that is shown and recorded. The second
 * boot itself is the run's (host/cmd/run_one.c). */
#ifndef KTS_HOST_SCHED_SCHED_REPRO_H
#define KTS_HOST_SCHED_SCHED_REPRO_H

#include <stdbool.h>
#include <stdio.h>

#include "host/sched/sched_rec.h"

#define SCHED_REPRO_MAX_NAMES 16 /* one kprobe pair or trampoline pair each: attach time under TCG */

enum sched_repro_state {
	REPRO_NONE,	 /* not wanted */
	REPRO_DONE,	 /* the second run failed the same way; report has the probes */
	REPRO_NOT_AGAIN, /* it did not fail the same way */
	REPRO_NO_WORK,	 /* ... and the first run never reached the workload */
	REPRO_ERROR,	 /* no second run could be made (why) */
};

struct sched_repro {
	enum sched_repro_state state;
	char names[1024]; /* space-separated, as the probe takes them */
	char why[400];
	char *report; /* the probe's output (malloc'd), or NULL */
	double wall_s;
};

/* Whether a scheduler that ended as kind gets a second run: errors and
 * crashes (other), and stalls when stalls is set. */
bool sched_repro_wanted(int kind, bool stalls);

/* Names on the crash path in the first run's dump and stderr: kernel
 * functions of "NAME+0xOFF/0xLEN" backtrace lines, and a BPF program's
 * name for "bpf_prog_<tag>_NAME+..."; unique, in order, at most
 * SCHED_REPRO_MAX_NAMES, space-separated into out. Returns how many. */
unsigned sched_repro_names(const struct sched_rec *s, char *out, size_t len);

/* The report's kernel functions ("kernel function at 0xADDR") as file:line
 * of vmlinux's debug info (binutils' addr2line); unchanged when it cannot. */
void sched_repro_lines(struct sched_repro *r, const char *vmlinux);

void sched_repro_print(FILE *f, const struct sched_repro *r);
struct json_object *sched_repro_json(const struct sched_repro *r);
void sched_repro_free(struct sched_repro *r);

#endif
