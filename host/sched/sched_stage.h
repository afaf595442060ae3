/* The scheduler of a boot (`ktsrun run`, `ktsrun schedtest`): which one
 * (--scheduler wins over the scenario's `scheduler` line), its binary
 * (sched_cache_resolve, or a path), the binaries its `scheduler replace` ops
 * switch to, the kernel arguments it needs and the guest's sched.conf, all
 * as initramfs extras. */
#ifndef KTS_HOST_SCHED_SCHED_STAGE_H
#define KTS_HOST_SCHED_SCHED_STAGE_H

#include <stddef.h>

#include "host/boot/guest_initrd.h"
#include "host/kernel/kernel_cache.h"
#include "host/sched/sched_spec.h"
#include "interp/interp.h"

#define SCHED_STAGE_LOAD_TIMEOUT_S 60

struct sched_stage {
	struct sched_spec s;
	char host_bin[4096], guest_bin[320], conf[4096];
	char more_host[GUEST_INITRD_MORE][4096], more_guest[GUEST_INITRD_MORE][320];
	struct guest_initrd_extra x;
	char kargs[300]; /* kernel arguments a scheduler of the run needs, or "" */
	char kargs_why[600];
};

/* NAME[:ARGS] of the run's scheduler into buf, or NULL for the default
 * scheduler: cli (--scheduler) if given, else the scenario's. */
const char *sched_stage_spec(const char *cli, const struct interp_meta *m, char *buf, size_t len);
/* What sched.conf tells the guest beyond the scheduler: schedtest's own
 * spinners and duration (0 in a run, which has its scenario). */
struct sched_stage_opts {
	unsigned duration_ms, spinners, load_timeout_ms;
};

/* Resolve spec (and p's replacements, when p is given) for kernel k and a
 * guest of ncpus CPUs, and fill rs->x and rs->kargs; so NULL is a run's.
 * Says which kernel arguments it boots with and why. 0, or -1 with one line
 * in err that says what to do. */
int sched_stage_prepare(struct sched_stage *rs, const char *spec, const struct bc_prog *p,
			const struct kernel_cache_entry *k, unsigned ncpus, const struct sched_stage_opts *so,
			char *err, size_t errlen);

/* Auto-repro: carry ktsr_probe (built beside the schedulers for k) and tell
 * the guest to probe names (space-separated kernel functions and struct_ops
 * programs) around the scheduler. 0, or -1 with err. */
int sched_stage_add_probe(struct sched_stage *rs, const struct kernel_cache_entry *k, const char *names,
			  char *err, size_t errlen);

#endif
