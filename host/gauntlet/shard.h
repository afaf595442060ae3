/* --shard K/N: this runner's share of the chosen variants, the same on
 * every runner given the same variants and costs. */
#ifndef KTS_HOST_GAUNTLET_SHARD_H
#define KTS_HOST_GAUNTLET_SHARD_H

#include "host/gauntlet/gauntlet.h"

/* "3/8": 1 <= K <= N. 0, or -1 if malformed. */
int shard_parse(const char *text, unsigned *k, unsigned *n);
/* Of the variants to run, shard k (1-based) of n keeps its own; the others
 * become VS_OUT. Costs are balanced: the costliest first, each to the
 * least-loaded shard (ties: the lower shard). Skipped variants are dealt
 * round-robin so each is reported by exactly one shard. */
void shard_pick(struct gauntlet *g, unsigned k, unsigned n);

#endif
