/* CPUID leaves and APIC IDs for a declared topology (see kvm_cpuid.h). */
#include "vmm/kvm_cpuid.h"

#include <errno.h>
#include <string.h>

unsigned cpuid_order(unsigned n)
{
	unsigned o = 0;

	while ((1u << o) < n)
		o++;
	return o;
}

void cpuid_shape(const struct topo *t, struct cpuid_shape *s)
{
	s->thread_bits = cpuid_order(t->threads);
	s->core_bits = cpuid_order(t->cores);
	s->llc_bits = cpuid_order(topo_llcs_per_node(t));
	s->pkg_shift = s->thread_bits + s->core_bits + s->llc_bits;
}

unsigned cpuid_apic_id(const struct topo *t, unsigned cpu)
{
	struct cpuid_shape s;
	struct topo_place p;
	unsigned lpn = topo_llcs_per_node(t);

	cpuid_shape(t, &s);
	topo_place(t, cpu, &p);
	return p.node << s.pkg_shift | (p.llc % lpn) << (s.thread_bits + s.core_bits) |
	       (p.core % t->cores) << s.thread_bits | p.thread;
}

struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid_entry2 *e, unsigned n, uint32_t fn, uint32_t idx)
{
	for (unsigned i = 0; i < n; i++)
		if (e[i].function == fn &&
		    (!(e[i].flags & KVM_CPUID_FLAG_SIGNIFCANT_INDEX) || e[i].index == idx))
			return &e[i];
	return NULL;
}

enum cpuid_vendor cpuid_vendor_of(const struct kvm_cpuid_entry2 *e, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (e[i].function)
			continue;
		if (e[i].ebx == 0x756e6547 && e[i].edx == 0x49656e69 && e[i].ecx == 0x6c65746e)
			return CPUID_INTEL; /* GenuineIntel */
		if (e[i].ebx == 0x68747541 && e[i].edx == 0x69746e65 && e[i].ecx == 0x444d4163)
			return CPUID_AMD; /* AuthenticAMD */
		return CPUID_OTHER;
	}
	return CPUID_OTHER;
}

/* Leaves this file owns: dropped from the base and written afresh. */
static int owned(uint32_t fn, enum cpuid_vendor v)
{
	switch (fn) {
	case 0x4:
	case 0xa:
	case 0xb:
	case 0x1f: return 1;
	case 0x8000001d:
	case 0x8000001e:
	case 0x80000022:
	case 0x80000026: return v == CPUID_AMD;
	}
	return 0;
}

struct cpuid_out {
	struct kvm_cpuid_entry2 *e;
	unsigned n, max;
};

static int add(struct cpuid_out *o, uint32_t fn, uint32_t idx, uint32_t a, uint32_t b, uint32_t c, uint32_t d,
	       int indexed)
{
	struct kvm_cpuid_entry2 *e;

	if (o->n >= o->max)
		return -ENOSPC;
	e = &o->e[o->n++];
	memset(e, 0, sizeof(*e));
	e->function = fn;
	e->index = idx;
	e->flags = indexed ? KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
	e->eax = a;
	e->ebx = b;
	e->ecx = c;
	e->edx = d;
	return 0;
}

/* Fixed cache geometry, the same on every host so runs compare:
 * L1d/L1i 32 KiB 8-way, L2 1 MiB 16-way per core, L3 16 MiB 16-way per LLC. */
struct cache_desc {
	unsigned type, level, ways, sets;
	int per_llc;
};

static const struct cache_desc caches[] = {
	{ 1, 1, 8, 64, 0 },	/* L1 data */
	{ 2, 1, 8, 64, 0 },	/* L1 instruction */
	{ 3, 2, 16, 1024, 0 },	/* L2 unified */
	{ 3, 3, 16, 16384, 1 }, /* L3 unified */
};

#define CACHE_LINE 64u

static int add_caches(struct cpuid_out *o, uint32_t fn, const struct cpuid_shape *s)
{
	unsigned i;
	int r;

	for (i = 0; i < sizeof(caches) / sizeof(caches[0]); i++) {
		const struct cache_desc *c = &caches[i];
		unsigned share = c->per_llc ? s->thread_bits + s->core_bits : s->thread_bits;
		uint32_t a = c->type | c->level << 5 | 1u << 8 | ((1u << share) - 1) << 14;
		uint32_t b = (c->ways - 1) << 22 | (CACHE_LINE - 1);

		if (fn == 0x4) {
			unsigned cores = s->pkg_shift - s->thread_bits;

			a |= ((1u << (cores > 6 ? 6 : cores)) - 1) << 26;
		}
		r = add(o, fn, i, a, b, c->sets - 1, 0, 1);
		if (r)
			return r;
	}
	return add(o, fn, i, 0, 0, 0, 0, 1); /* type 0: no more caches */
}

/* Leaf 0xB or 0x1F: one subleaf per level, then an invalid one. */
static int add_levels(struct cpuid_out *o, uint32_t fn, const struct topo *t, const struct cpuid_shape *s,
		      unsigned apic)
{
	struct {
		unsigned shift, count, type;
	} lv[3] = {
		{ s->thread_bits, t->threads, 1 },
		{ s->thread_bits + s->core_bits, t->threads * t->cores, 2 },
		{ s->pkg_shift, t->threads * t->cores * topo_llcs_per_node(t), 5 },
	};
	unsigned nlv = fn == 0x1f ? 3 : 2, i;
	int r;

	if (fn == 0xb)
		lv[1] = lv[2], lv[1].type = 2; /* leaf 0xB: core level reaches the package */
	for (i = 0; i < nlv; i++) {
		r = add(o, fn, i, lv[i].shift, lv[i].count, i | lv[i].type << 8, apic, 1);
		if (r)
			return r;
	}
	return add(o, fn, i, 0, 0, i, apic, 1);
}

/* AMD's legacy cache leaves with the geometry of caches[]: 0x80000005 L1d
 * (ECX) and L1i (EDX), 0x80000006 L2 (ECX) and L3 (EDX; Linux looks for an
 * LLC only when it is non-zero). TLB words (EAX, EBX) stay the base's. */
static int set_amd_legacy_caches(struct cpuid_out *o)
{
	const struct cache_desc *l1d = &caches[0], *l1i = &caches[1], *l2 = &caches[2], *l3 = &caches[3];
	struct kvm_cpuid_entry2 *e;
	int r;

#define AMD_L1(c)  ((c)->ways * (c)->sets * CACHE_LINE / 1024 << 24 | (c)->ways << 16 | 1u << 8 | CACHE_LINE)
#define AMD_WAYS16 0x8u /* 0x80000006's associativity code for 16 ways */
	if (!cpuid_find(o->e, o->n, 0x80000005, 0) && (r = add(o, 0x80000005, 0, 0, 0, 0, 0, 0)))
		return r;
	e = cpuid_find(o->e, o->n, 0x80000005, 0);
	e->ecx = AMD_L1(l1d);
	e->edx = AMD_L1(l1i);
	if (!cpuid_find(o->e, o->n, 0x80000006, 0) && (r = add(o, 0x80000006, 0, 0, 0, 0, 0, 0)))
		return r;
	e = cpuid_find(o->e, o->n, 0x80000006, 0);
	e->ecx = l2->ways * l2->sets * CACHE_LINE / 1024 << 16 | AMD_WAYS16 << 12 | 1u << 8 | CACHE_LINE;
	e->edx = l3->ways * l3->sets * CACHE_LINE / (512 * 1024) << 18 | AMD_WAYS16 << 12 | 1u << 8 |
		 CACHE_LINE;
	return 0;
}

static int add_amd(struct cpuid_out *o, const struct topo *t, const struct cpuid_shape *s, unsigned cpu,
		   unsigned apic)
{
	struct topo_place p;
	struct kvm_cpuid_entry2 *e;
	unsigned per_pkg = t->threads * t->cores * topo_llcs_per_node(t);
	int r;

	topo_place(t, cpu, &p);
	e = cpuid_find(o->e, o->n, 0x80000008, 0);
	if (e)
		e->ecx = (e->ecx & ~0xf0ffu) | (per_pkg - 1) | s->pkg_shift << 12;
	e = cpuid_find(o->e, o->n, 0x80000001, 0);
	/* PerfCtrExtCore, PerfCtrExtLLC cleared (PMU policy); TOPOEXT set:
	 * without it Linux reads neither 0x8000001D nor 0x8000001E, lists
	 * no cache/index3 and gives every CPU of a package one LLC */
	if (e)
		e->ecx = (e->ecx & ~(1u << 23 | 1u << 28)) | CPUID_80000001_ECX_TOPOEXT;
	if ((r = set_amd_legacy_caches(o)) || (r = add_caches(o, 0x8000001d, s)))
		return r;
	/* EBX: core ID within the package, threads per core - 1. ECX: the
	 * node ID, which Linux takes as the LLC ID before family 0x17 (QEMU's
	 * AMD models), so the LLC's; NUMA comes from SRAT. Nodes per package
	 * stay 1: with more, Linux before 0x17 divides leaf 0x1F's core-level
	 * count by them, which is 0 with one core per LLC (1n2l1c1t hung). */
	return add(o, 0x8000001e, 0, apic,
		   (apic & ((1u << s->pkg_shift) - 1)) >> s->thread_bits | (t->threads - 1) << 8,
		   p.llc & 0xff, 0, 0);
}

int cpuid_build(const struct kvm_cpuid_entry2 *base, unsigned nbase, const struct topo *t, unsigned cpu,
		unsigned flags, struct kvm_cpuid_entry2 *out, unsigned max)
{
	struct cpuid_out o = { out, 0, max };
	enum cpuid_vendor v = cpuid_vendor_of(base, nbase);
	struct cpuid_shape s;
	struct kvm_cpuid_entry2 *e;
	unsigned apic = cpuid_apic_id(t, cpu), ids;
	int r;

	cpuid_shape(t, &s);
	ids = 1u << s.pkg_shift;
	for (unsigned i = 0; i < nbase; i++) {
		if (owned(base[i].function, v))
			continue;
		if (o.n >= max)
			return -ENOSPC;
		out[o.n++] = base[i];
	}
	e = cpuid_find(out, o.n, 0, 0);
	if (e && e->eax < 0x1f)
		e->eax = 0x1f;
	e = cpuid_find(out, o.n, 1, 0);
	if (e) {
		e->ebx = (e->ebx & 0xffff) | (ids > 255 ? 255 : ids) << 16 | (apic & 0xff) << 24;
		e->edx = ids > 1 ? e->edx | 1u << 28 : e->edx & ~(1u << 28);
		/* Linux reads the KVM leaves (0x40000000/1: kvm-clock, its TSC
		 * rate) only under this bit; without them a kernel whose PIT and
		 * HPET are absent (hardware-reduced ACPI) cannot calibrate. */
		e->ecx |= CPUID_1_ECX_HYPERVISOR;
		/* KVM emulates the deadline timer but does not list it as
		 * supported; a kernel offered it needs no LAPIC calibration */
		if (flags & CPUID_TSC_DEADLINE)
			e->ecx |= CPUID_1_ECX_TSC_DEADLINE;
	}
	if (v == CPUID_INTEL) {
		r = add_caches(&o, 0x4, &s);
		if (r)
			return r;
	}
	if ((r = add(&o, 0xa, 0, 0, 0, 0, 0, 0)) || (r = add_levels(&o, 0xb, t, &s, apic)) ||
	    (r = add_levels(&o, 0x1f, t, &s, apic)))
		return r;
	if (v == CPUID_AMD) {
		e = cpuid_find(out, o.n, 0x80000000, 0);
		if (e && e->eax < 0x8000001e)
			e->eax = 0x8000001e;
		r = add_amd(&o, t, &s, cpu, apic);
		if (r)
			return r;
	}
	return (int)o.n;
}
