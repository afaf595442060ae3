/* CPUID leaves from cpuid_build decode, by Linux's formulas (kvm_tgcheck's
 * decoder), to the declared SMT/core/LLC/package structure, for every
 * preset on Intel- and AMD-shaped base tables; and the checker catches a
 * wrong APIC ID or SMT width, so the e2e comparison can fail. */
#include <string.h>

#include "host/gauntlet/preset.h"
#include "tests/unit/tu.h"
#include "vmm/kvm_cpuid.h"
#include "vmm/kvm_tgcheck.h"

static struct tg_cpu_report cpus[TOPO_MAX_CPUS];

static unsigned base_table(struct kvm_cpuid_entry2 *e, int amd)
{
	memset(e, 0, 8 * sizeof(*e));
	e[0].function = 0;
	e[0].eax = 0xd;
	e[0].ebx = amd ? 0x68747541 : 0x756e6547;
	e[0].edx = amd ? 0x69746e65 : 0x49656e69;
	e[0].ecx = amd ? 0x444d4163 : 0x6c65746e;
	e[1].function = 1;
	e[1].ecx = 1u << 21; /* x2APIC */
	e[2].function = 0x80000000;
	e[2].eax = 0x80000008;
	e[3].function = 0x80000001;
	e[3].ecx = 1u << 23 | 1u << 28; /* perf extensions; no TOPOEXT, as QEMU's -cpu max */
	e[4].function = 0x80000008;
	e[5].function = 0xa;
	e[5].eax = 0x12345;
	/* what KVM_GET_SUPPORTED_CPUID reports: the signature and kvm-clock */
	e[6].function = 0x40000000;
	e[6].eax = 0x40000001;
	e[6].ebx = 0x4b4d564b, e[6].ecx = 0x564b4d56, e[6].edx = 0x4d; /* KVMKVMKVM */
	e[7].function = 0x40000001;
	e[7].eax = 1u << 3; /* KVM_FEATURE_CLOCKSOURCE2 */
	return 8;
}

/* What the guest would read: KVM answers zero for leaves not in the table. */
static void as_guest(struct kvm_cpuid_entry2 *e, unsigned n, struct tg_cpu_report *r)
{
	static const struct {
		uint32_t fn, subs;
	} q[] = {
		{ 0, 1 },	   { 1, 1 },	      { 4, 5 },		 { 0xb, 3 },	    { 0x1f, 4 },
		{ 0x80000000, 1 }, { 0x80000008, 1 }, { 0x8000001d, 5 }, { 0x8000001e, 1 },
	};

	r->nleaves = 0;
	for (unsigned i = 0; i < sizeof(q) / sizeof(q[0]); i++)
		for (uint32_t s = 0; s < q[i].subs; s++) {
			struct kvm_cpuid_entry2 *x = cpuid_find(e, n, q[i].fn, s);
			struct tg_leaf *l = &r->leaf[r->nleaves++];

			*l = (struct tg_leaf){ q[i].fn, s, 0, 0, 0, 0 };
			if (x)
				l->eax = x->eax, l->ebx = x->ebx, l->ecx = x->ecx, l->edx = x->edx;
		}
}

static void build_all(const struct topo *t, int amd)
{
	struct kvm_cpuid_entry2 base[16], out[CPUID_MAX_ENT];
	unsigned nb = base_table(base, amd);

	for (unsigned c = 0; c < topo_ncpus(t); c++) {
		int n = cpuid_build(base, nb, t, c, CPUID_TSC_DEADLINE, out, CPUID_MAX_ENT);

		TU_CHECK(n > 0);
		if (n <= 0)
			return;
		TU_CHECK(cpuid_find(out, (unsigned)n, 0xa, 0) && !cpuid_find(out, (unsigned)n, 0xa, 0)->eax);
		as_guest(out, (unsigned)n, &cpus[c]);
		cpus[c].lapic_id = cpuid_apic_id(t, c);
	}
}

TU_TEST(kvm_cpuid_presets_decode_as_declared)
{
	size_t np;
	const struct preset *pr = preset_all(&np);
	char why[256];

	for (size_t i = 0; i < np; i++)
		for (int amd = 0; amd < 2; amd++) {
			struct topo t;

			TU_EQ_INT(topo_parse(pr[i].spec, &t, why, sizeof(why)), 0);
			build_all(&t, amd);
			if (tg_check_cpus(cpus, topo_ncpus(&t), &t, why, sizeof(why)))
				tu_fail(__FILE__, __LINE__, "%s %s: %s", pr[i].spec, amd ? "AMD" : "Intel",
					why);
		}
}

TU_TEST(kvm_cpuid_apic_ids)
{
	struct topo t;
	char err[64];

	/* 3 LLCs take 2 bits: node | llc(2) | core(1) | thread(1) */
	TU_EQ_INT(topo_parse("2n6l2c2t", &t, err, sizeof(err)), 0);
	TU_EQ_INT(cpuid_apic_id(&t, 0), 0);
	TU_EQ_INT(cpuid_apic_id(&t, 1), 1);
	TU_EQ_INT(cpuid_apic_id(&t, 2), 2);
	TU_EQ_INT(cpuid_apic_id(&t, 4), 4);
	TU_EQ_INT(cpuid_apic_id(&t, 11), 11);
	TU_EQ_INT(cpuid_apic_id(&t, 12), 16); /* node 1 starts at 1 << 4 */
	TU_EQ_INT(cpuid_order(3), 2);
	TU_EQ_INT(cpuid_order(1), 0);
}

TU_TEST(kvm_cpuid_checker_catches_mistakes)
{
	struct topo t;
	char why[256];

	TU_EQ_INT(topo_parse("2n4l2c2t", &t, why, sizeof(why)), 0);
	build_all(&t, 0);
	TU_EQ_INT(tg_check_cpus(cpus, topo_ncpus(&t), &t, why, sizeof(why)), 0);
	cpus[3].lapic_id = 7; /* local APIC disagrees with CPUID */
	TU_EQ_INT(tg_check_cpus(cpus, topo_ncpus(&t), &t, why, sizeof(why)), -1);
	build_all(&t, 0);
	for (unsigned i = 0; i < cpus[5].nleaves; i++)
		if (cpus[5].leaf[i].fn == 0xb || cpus[5].leaf[i].fn == 0x1f)
			if (cpus[5].leaf[i].idx == 0)
				cpus[5].leaf[i].eax = 0; /* no SMT shift: siblings split */
	TU_EQ_INT(tg_check_cpus(cpus, topo_ncpus(&t), &t, why, sizeof(why)), -1);
	build_all(&t, 1);
	TU_EQ_INT(tg_check_cpus(cpus, topo_ncpus(&t) - 1, &t, why, sizeof(why)), -1);
}

/* Without the hypervisor bit Linux never looks at the KVM leaves, gets no
 * TSC rate from kvm-clock and, with no PIT or HPET under hardware-reduced
 * ACPI, hangs marking the TSC unstable (seen with the real kernel in L1). */
TU_TEST(kvm_cpuid_says_hypervisor_and_keeps_kvm_leaves)
{
	struct kvm_cpuid_entry2 base[16], out[CPUID_MAX_ENT];
	struct topo t;
	char why[64];

	TU_EQ_INT(topo_parse("1n2l2c2t", &t, why, sizeof(why)), 0);
	for (int amd = 0; amd < 2; amd++) {
		unsigned nb = base_table(base, amd);
		int n = cpuid_build(base, nb, &t, 3, 0, out, CPUID_MAX_ENT);
		struct kvm_cpuid_entry2 *e;

		TU_CHECK(n > 0);
		if (n <= 0)
			return;
		e = cpuid_find(out, (unsigned)n, 1, 0);
		TU_CHECK(e && (e->ecx & CPUID_1_ECX_HYPERVISOR));
		e = cpuid_find(out, (unsigned)n, 0x40000000, 0);
		TU_CHECK(e && e->ebx == 0x4b4d564b && e->eax >= 0x40000001);
		e = cpuid_find(out, (unsigned)n, 0x40000001, 0);
		TU_CHECK(e && (e->eax & 1u << 3));
	}
}

/* The deadline timer is offered exactly when KVM has it (KVM leaves it out
 * of KVM_GET_SUPPORTED_CPUID); with it Linux skips the LAPIC calibration. */
TU_TEST(kvm_cpuid_tsc_deadline_when_kvm_has_it)
{
	struct kvm_cpuid_entry2 base[16], out[CPUID_MAX_ENT];
	struct topo t;
	char why[64];

	TU_EQ_INT(topo_parse("1n1l2c1t", &t, why, sizeof(why)), 0);
	for (unsigned f = 0; f < 2; f++) {
		unsigned nb = base_table(base, 1);
		int n = cpuid_build(base, nb, &t, 1, f ? CPUID_TSC_DEADLINE : 0, out, CPUID_MAX_ENT);
		struct kvm_cpuid_entry2 *e = n > 0 ? cpuid_find(out, (unsigned)n, 1, 0) : NULL;

		TU_CHECK(e != NULL);
		if (e)
			TU_EQ_INT(!!(e->ecx & CPUID_1_ECX_TSC_DEADLINE), (int)f);
	}
}

/* Linux 6.12's LLC ID on AMD (topology_amd.c parse_8000_001e, cacheinfo.c
 * cacheinfo_amd_init_llc_id): nothing without TOPOEXT or without an L3 in
 * 0x80000006 EDX; the die ID of 0x8000001E before family 0x17 (QEMU's
 * models); from 0x8000001D's last cache after Zen 1. -1: no LLC ID. */
static long linux_amd_llc_id(struct kvm_cpuid_entry2 *e, unsigned n, unsigned family)
{
	struct kvm_cpuid_entry2 *x1 = cpuid_find(e, n, 0x80000001, 0), *x6 = cpuid_find(e, n, 0x80000006, 0);
	struct kvm_cpuid_entry2 *xe = cpuid_find(e, n, 0x8000001e, 0), *c;
	unsigned last = 0;

	if (!x1 || !(x1->ecx & CPUID_80000001_ECX_TOPOEXT) || !xe || !x6 || !x6->edx)
		return -1;
	if (family < 0x17) {
		/* cpu_topology_fixup_amd: core_id %= core-level CPUs / nodes */
		unsigned nodes = ((xe->ecx >> 8) & 7) + 1, core_cpus = 0;

		for (unsigned i = 0; (c = cpuid_find(e, n, 0x1f, i)) && (c->ecx >> 8 & 0xff); i++)
			if ((c->ecx >> 8 & 0xff) == 2)
				core_cpus = c->ebx & 0xffff;
		if (nodes > 1 && core_cpus / nodes == 0)
			return -2; /* a divide error before the console */
		return xe->ecx & 0xff;
	}
	while ((c = cpuid_find(e, n, 0x8000001d, last)) && (c->eax & 0x1f))
		last++;
	if (!last)
		return -1;
	c = cpuid_find(e, n, 0x8000001d, last - 1);
	return (long)(xe->eax >> cpuid_order(((c->eax >> 14) & 0xfff) + 1));
}

/* The real kernel in L1 (QEMU -cpu max, family 0xf) listed no cache/index3
 * and one LLC per package: TOPOEXT was not offered and 0x8000001E's die ID
 * was the package. Every preset's LLCs must come out as declared on both
 * of Linux's AMD paths, with an L3 in the legacy leaf. */
TU_TEST(kvm_cpuid_amd_llc_as_linux_reads_it)
{
	static struct kvm_cpuid_entry2 out[TOPO_MAX_CPUS][CPUID_MAX_ENT];
	static int nent[TOPO_MAX_CPUS];
	struct kvm_cpuid_entry2 base[16];
	size_t np;
	const struct preset *pr = preset_all(&np);
	char why[256];

	for (size_t i = 0; i < np; i++) {
		struct topo t;
		unsigned nc, nb = base_table(base, 1);

		TU_EQ_INT(topo_parse(pr[i].spec, &t, why, sizeof(why)), 0);
		nc = topo_ncpus(&t);
		for (unsigned c = 0; c < nc; c++)
			nent[c] = cpuid_build(base, nb, &t, c, 0, out[c], CPUID_MAX_ENT);
		for (unsigned fam = 0xf; fam <= 0x19; fam += 0xa)
			for (unsigned a = 0; a < nc; a++)
				for (unsigned b = 0; b < nc; b++) {
					struct topo_place pa, pb;
					long la = linux_amd_llc_id(out[a], (unsigned)nent[a], fam);
					long lb = linux_amd_llc_id(out[b], (unsigned)nent[b], fam);

					topo_place(&t, a, &pa);
					topo_place(&t, b, &pb);
					if (la < 0 || (la == lb) != (pa.llc == pb.llc)) {
						tu_fail(__FILE__, __LINE__,
							"%s family %#x: cpus %u,%u llc ids %ld,%ld",
							pr[i].spec, fam, a, b, la, lb);
						return;
					}
				}
		struct kvm_cpuid_entry2 *x6 = cpuid_find(out[0], (unsigned)nent[0], 0x80000006, 0);
		TU_CHECK(x6 && x6->edx >> 18 == 32); /* 16 MiB L3, in 512 KiB units */
	}
}
