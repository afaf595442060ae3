/* --budget: which variants fit in a time budget. Greedy by coverage per
 * second: first the CPU-count and LLC-count buckets, then every feature
 * (CPU bucket, LLC bucket, SMT, NUMA, scheduler, scenario, kernel), then
 * more rounds of the same until nothing else fits, so the rest of the
 * budget is used rather than left idle once everything is covered. */
#ifndef KTS_HOST_GAUNTLET_BUDGET_H
#define KTS_HOST_GAUNTLET_BUDGET_H

#include <stddef.h>

#include "host/gauntlet/gauntlet.h"

#define BUDGET_FEATURES 7

/* "20m", "90s", "1h30m", "45" (seconds). 0, or -1 if malformed. */
int budget_parse(const char *text, double *seconds);
/* The CPU-count and LLC-count buckets a topology falls in ("cpus:5-8"). */
const char *budget_cpu_bucket(unsigned ncpus);
const char *budget_llc_bucket(unsigned llcs);
/* Every feature of v, as "kind:value" strings, into f (BUDGET_FEATURES of
 * them, each up to 160 bytes). */
void budget_features(const struct gauntlet *g, const struct variant *v, char f[BUDGET_FEATURES][160]);
/* Keep VS_RUN for the chosen variants within seconds; the others become
 * VS_OUT with the reason. Each chosen one gets its rank, the order it was
 * chosen in: they run in that order, so if the estimates were low and the
 * budget runs out at run time, what is lost is what mattered least.
 * Returns the estimated seconds chosen. */
double budget_pick(struct gauntlet *g, double seconds);

#endif
