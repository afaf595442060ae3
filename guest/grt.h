/* The interpreter's real runtime in the guest (grt_): cgroups under
 * /sys/fs/cgroup/kts, worker sets from rt/, holds on CLOCK_MONOTONIC, and
 * the telemetry records sent to the host. */
#ifndef KTS_GUEST_GRT_H
#define KTS_GUEST_GRT_H

#include "interp/interp.h"
#include "rt/work.h"

#define GRT_ROOT "kts" /* under /sys/fs/cgroup */

extern const struct interp_rt_ops grt_ops;

struct grt;
/* A runtime for a program with ncgroups cgroups; NULL with err. */
struct grt *grt_new(const struct bc_prog *p, const struct interp_topo *t, char *err, size_t errlen);
void grt_free(struct grt *g);

/* grt_topo.c: the machine as sysfs describes it. 0 or -errno. */
int grt_topo_read(struct interp_topo *t, char *err, size_t errlen);
/* grt_work.c: the rt/ work spec of an interpreter work. 0 or -1 with err. */
int grt_work_spec(const struct interp_work *w, struct work_spec *s, char *err, size_t errlen);

/* Test fault: crash the kernel when step 1 begins (ktsrun.fault=panic_step). */
void grt_panic_at_step(struct grt *g);

/* guest/runmode.c: ktsrun.mode=run; fault is ktsrun.fault */
int runmode_main(const char *fault, char *err, size_t errlen);

#endif
