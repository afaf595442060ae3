/* Fixed-size log-bucket histogram of nanosecond values.
 *
 * Values 0..7 have a bucket each; above that every power of two is split in
 * HIST_SUB = 8 linear sub-buckets, so a bucket spans 1/8 of its lower bound:
 * a reported percentile is at most 12.5% above the true value (never below
 * it: the bucket's upper bound is reported, clamped to the largest value
 * seen). 496 buckets cover the whole uint64 range; 4 KiB per histogram, no
 * allocation, safe in shared memory. */
#ifndef KTS_WORK_HIST_H
#define KTS_WORK_HIST_H

#include <stdint.h>

#define HIST_SUB_BITS 3
#define HIST_SUB      (1u << HIST_SUB_BITS)
#define HIST_BUCKETS  (HIST_SUB + (64 - HIST_SUB_BITS) * HIST_SUB)

struct hist {
	uint64_t n, max, sum;
	uint64_t count[HIST_BUCKETS];
};

void hist_add(struct hist *h, uint64_t v);
unsigned hist_bucket(uint64_t v);
/* Largest value that falls in bucket b. */
uint64_t hist_bucket_high(unsigned b);
/* Value at or below which permille/1000 of the samples lie; 0 if empty. */
uint64_t hist_pct(const struct hist *h, unsigned permille);
void hist_merge(struct hist *into, const struct hist *from);

#endif
