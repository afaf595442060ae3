/* The interpreter's real runtime in the guest (runtime_): cgroups under
 * /sys/fs/cgroup/kts, worker sets from work/, holds on CLOCK_MONOTONIC, and
 * the telemetry records sent to the host. */
#ifndef KTS_GUEST_RUNTIME_H
#define KTS_GUEST_RUNTIME_H

#include "interp/interp.h"
#include "work/work.h"

#define RUNTIME_ROOT "kts" /* under /sys/fs/cgroup */

extern const struct interp_rt_ops runtime_ops;

struct runtime;
/* A runtime for a program with ncgroups cgroups; NULL with err. */
struct runtime *runtime_new(const struct bc_prog *p, const struct interp_topo *t, char *err, size_t errlen);
void runtime_free(struct runtime *g);

/* runtime_topo.c: the machine as sysfs describes it. 0 or -errno. */
int runtime_topo_read(struct interp_topo *t, char *err, size_t errlen);
/* runtime_work.c: the work/ work spec of an interpreter work. 0 or -1 with err. */
int runtime_work_spec(const struct interp_work *w, struct work_spec *s, char *err, size_t errlen);
/* A work exec worker's output and status to the host (REC_PAYLOAD), after its stop. */
/* given: the file the spec gave the program (not sent back), or NULL. */
void runtime_payload_send(unsigned id, const char *cg, const char *prog, const char *given, int pid,
			  uint64_t status);

/* Test fault: crash the kernel when step 1 begins (ktsrun.fault=panic_step). */
void runtime_panic_at_step(struct runtime *g);

/* guest/runmode.c: ktsrun.mode=run; fault is ktsrun.fault */
int runmode_main(const char *fault, char *err, size_t errlen);

#endif
