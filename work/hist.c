#include "work/hist.h"

unsigned hist_bucket(uint64_t v)
{
	unsigned e;

	if (v < HIST_SUB)
		return (unsigned)v;
	e = 63u - (unsigned)__builtin_clzll(v); /* e >= HIST_SUB_BITS */
	return HIST_SUB + (e - HIST_SUB_BITS) * HIST_SUB +
	       (unsigned)((v >> (e - HIST_SUB_BITS)) & (HIST_SUB - 1));
}

uint64_t hist_bucket_high(unsigned b)
{
	unsigned e, sub;
	uint64_t low;

	if (b < HIST_SUB)
		return b;
	if (b >= HIST_BUCKETS)
		return UINT64_MAX;
	e = (b - HIST_SUB) / HIST_SUB + HIST_SUB_BITS;
	sub = (b - HIST_SUB) % HIST_SUB;
	low = (uint64_t)(HIST_SUB + sub) << (e - HIST_SUB_BITS);
	return low + ((1ull << (e - HIST_SUB_BITS)) - 1);
}

void hist_add(struct hist *h, uint64_t v)
{
	h->count[hist_bucket(v)]++;
	h->n++;
	h->sum += v;
	if (v > h->max)
		h->max = v;
}

uint64_t hist_pct(const struct hist *h, unsigned permille)
{
	uint64_t rank, seen = 0;

	if (!h->n)
		return 0;
	if (permille > 1000)
		permille = 1000;
	/* nearest-rank: the smallest value with at least rank samples <= it */
	rank = (h->n * permille + 999) / 1000;
	if (rank == 0)
		rank = 1;
	for (unsigned b = 0; b < HIST_BUCKETS; b++) {
		seen += h->count[b];
		if (seen >= rank) {
			uint64_t hi = hist_bucket_high(b);

			return hi < h->max ? hi : h->max;
		}
	}
	return h->max;
}

void hist_merge(struct hist *into, const struct hist *from)
{
	for (unsigned b = 0; b < HIST_BUCKETS; b++)
		into->count[b] += from->count[b];
	into->n += from->n;
	into->sum += from->sum;
	if (from->max > into->max)
		into->max = from->max;
}
