/* Cpusets from specs relative to the topology the run got, so one scenario
 * fits every preset. Odd values from a verified program (an LLC that does
 * not exist, part 5 of 2, a negative range) give an error, never a crash
 * or an empty set written to the kernel. */
#include "interp/interp.h"

#include <math.h>
#include <stdio.h>

int interp_cpus_nth(const struct cpuset *s, unsigned n)
{
	for (unsigned c = 0; c < CPUSET_MAX; c++)
		if (cpuset_has(s, c) && n-- == 0)
			return (int)c;
	return -1;
}

static int index_in(double i, unsigned count, const char *what, char *err)
{
	if (!(i >= 0) || i >= count || i != floor(i)) {
		snprintf(err, INTERP_ERRLEN, "%s %g does not exist: the topology has %u", what, i, count);
		return -1;
	}
	return 0;
}

int interp_cpus_llc(const struct interp_topo *t, double i, struct cpuset *out, char *err)
{
	if (index_in(i, t->llcs < INTERP_MAX_LLCS ? t->llcs : INTERP_MAX_LLCS, "LLC", err))
		return -1;
	*out = t->llc[(unsigned)i];
	return 0;
}

int interp_cpus_node(const struct interp_topo *t, double i, struct cpuset *out, char *err)
{
	if (index_in(i, t->nodes < INTERP_MAX_NODES ? t->nodes : INTERP_MAX_NODES, "node", err))
		return -1;
	*out = t->node[(unsigned)i];
	return 0;
}

/* CPUs with rank in [a, b) of the set, in CPU order. */
static void take(const struct cpuset *in, unsigned a, unsigned b, struct cpuset *out)
{
	unsigned rank = 0;

	cpuset_zero(out);
	for (unsigned c = 0; c < CPUSET_MAX; c++) {
		if (!cpuset_has(in, c))
			continue;
		if (rank >= a && rank < b)
			cpuset_add(out, c);
		rank++;
	}
}

static int nonempty(const struct cpuset *out, const char *what, char *err)
{
	if (cpuset_count(out))
		return 0;
	snprintf(err, INTERP_ERRLEN, "%s leaves no CPU", what);
	return -1;
}

int interp_cpus_range(const struct cpuset *in, double lo, double hi, struct cpuset *out, char *err)
{
	unsigned n = cpuset_count(in);
	double a = lo < 0 ? 0 : lo > 1 ? 1 : lo, b = hi < 0 ? 0 : hi > 1 ? 1 : hi;

	/* round so range(0%, 50%) and range(50%, 100%) split odd counts cleanly */
	take(in, (unsigned)floor(a * n + 0.5), (unsigned)floor(b * n + 0.5), out);
	return nonempty(out, "the cpuset range", err);
}

int interp_cpus_part(const struct cpuset *in, double i, double n, double widen, struct cpuset *out, char *err)
{
	unsigned cnt = cpuset_count(in);
	double lo, hi, size;

	if (!(n >= 1) || n > CPUSET_MAX || n != floor(n) || !(i >= 0) || i >= n || i != floor(i)) {
		snprintf(err, INTERP_ERRLEN, "part %g of %g does not exist", i, n);
		return -1;
	}
	size = cnt / n;
	lo = i * size - widen * size;
	hi = (i + 1) * size + widen * size;
	lo = lo < 0 ? 0 : lo;
	hi = hi > cnt ? cnt : hi;
	take(in, (unsigned)floor(lo + 0.5), (unsigned)floor(hi + 0.5), out);
	return nonempty(out, "the cpuset part", err);
}

/* same_llc/same_node: the LLC or node of the set's first CPU; cross_llc:
 * the first CPU of every LLC the set touches, so tasks must cross LLCs. */
int interp_cpus_affinity(const struct interp_topo *t, const struct cpuset *in, unsigned kind,
			 struct cpuset *out, char *err)
{
	int first = interp_cpus_nth(in, 0);
	unsigned lim = t->llcs < INTERP_MAX_LLCS ? t->llcs : INTERP_MAX_LLCS;

	cpuset_zero(out);
	if (kind == BC_AFF_inherit)
		return 0;
	for (unsigned i = 0; first >= 0 && i < (kind == BC_AFF_same_node ? t->nodes : lim); i++) {
		const struct cpuset *grp = kind == BC_AFF_same_node ? &t->node[i] : &t->llc[i];
		struct cpuset both;

		if (i >= INTERP_MAX_NODES && kind == BC_AFF_same_node)
			break;
		for (unsigned k = 0; k < CPUSET_MAX / 64; k++)
			both.w[k] = grp->w[k] & in->w[k];
		if (kind == BC_AFF_cross_llc) {
			if (cpuset_count(&both))
				cpuset_add(out, (unsigned)interp_cpus_nth(&both, 0));
		} else if (cpuset_has(grp, (unsigned)first)) {
			*out = both;
			break;
		}
	}
	return nonempty(out, "the affinity", err);
}

/* A deterministic pick, so a rerun (and the baseline run) uses the same CPUs. */
int interp_cpus_random(const struct cpuset *in, double n, unsigned seed, struct cpuset *out, char *err)
{
	unsigned cnt = cpuset_count(in), want, got = 0;
	uint32_t x = seed * 2654435761u + 1;

	cpuset_zero(out);
	if (!(n >= 1) || n > cnt) {
		snprintf(err, INTERP_ERRLEN, "random(%g) needs 1 to %u CPUs", n, cnt);
		return -1;
	}
	for (want = (unsigned)n; got < want;) {
		int c;

		x ^= x << 13, x ^= x >> 17, x ^= x << 5;
		c = interp_cpus_nth(in, x % cnt);
		if (c >= 0 && !cpuset_has(out, (unsigned)c)) {
			cpuset_add(out, (unsigned)c);
			got++;
		}
	}
	return 0;
}
