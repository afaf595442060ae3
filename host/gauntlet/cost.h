/* Estimated seconds per variant: measured (a cost file) or modelled. */
#ifndef KTS_HOST_GAUNTLET_COST_H
#define KTS_HOST_GAUNTLET_COST_H

#include "host/gauntlet/gauntlet.h"

/* Under TCG, from measured walls (doc/gauntlet.md, "Cost, budget and
 * shards"): a run's fixed part (QEMU, the kernel to /init, the guest's
 * set-up and end of run, power-off), each vCPU's bring-up and emulation,
 * and each NUMA node past the first (pc with SRAT/SLIT, a memfd per node). */
#define COST_TCG_BOOT_S	  1.0
#define COST_TCG_VCPU_S	  0.08
#define COST_TCG_NODE_S	  0.4
#define COST_SCHED_LOAD_S 2.0

struct json_object;

/* A run's fixed part under VM kind vm on topology t: everything but the
 * scenario's settle and duration. */
double cost_boot_s(enum vm_want vm, const struct topo *t);
double cost_model(const struct gauntlet *g, const struct variant *v);
/* Every variant's cost_s: from file (cost_load's result, or NULL) when it
 * has the variant's name, else the model. */
void cost_estimate(struct gauntlet *g, struct json_object *file);
/* The parsed file into *out (json_object_put it), or NULL when path does
 * not exist yet. -1 after saying why when it is not a cost file. */
int cost_load(const char *path, struct json_object **out);
/* Merge the measured wall times of the variants that ran into path. */
int cost_save(const char *path, const struct gauntlet *g);

#endif
