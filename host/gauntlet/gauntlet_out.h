/* What a gauntlet shows and writes: the variant list (--list), a progress
 * line per finished variant, the summary matrix, JSON, JUnit, TAP. */
#ifndef KTS_HOST_GAUNTLET_GAUNTLET_OUT_H
#define KTS_HOST_GAUNTLET_GAUNTLET_OUT_H

#include <stdio.h>

#include "host/gauntlet/gauntlet.h"

struct gauntlet_progress {
	unsigned done, total, count[5]; /* count by enum verdict_outcome */
	double est_left, est_done, elapsed;
};

/* Every variant with its state and estimated cost, then the totals. */
void gauntlet_list(FILE *f, const struct gauntlet *g, double budget_s, unsigned shard_k, unsigned shard_n);
void gauntlet_progress_add(struct gauntlet_progress *p, const struct variant *v, double elapsed);
/* "gauntlet: 5/20 done, 4 pass, 1 fail, 0 error, 0 skip; ETA 2m10s" */
void gauntlet_progress_print(FILE *f, const struct gauntlet_progress *p);
/* Scenarios x presets per scheduler (and kernel): PASS, FAIL, SKIP, ERROR,
 * INC (inconclusive), "-" not in this run; then the counts. */
void gauntlet_summary(FILE *f, const struct gauntlet *g);
/* The worst verdict of the variants that ran or were skipped. */
int gauntlet_worst(const struct gauntlet *g);

/* gauntlet_json.c: {"ktsrun_version", "gauntlet": {...}, "results": [...],
 * "left_out": [...], "verdict"}; each result has "variant", "preset",
 * "kernel". 0, or -1 after saying why. */
int gauntlet_json_write(const char *path, const struct gauntlet *g, unsigned shard_k, unsigned shard_n,
			double budget_s, int worst);
int gauntlet_junit_write(const char *path, const struct gauntlet *g);
int gauntlet_tap_write(const char *path, const struct gauntlet *g);

#endif
