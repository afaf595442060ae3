/* CPUID leaves and APIC IDs for a declared topology.
 *
 * APIC ID bits, low to high: thread | core in LLC | LLC in node | node.
 * Each field is as wide as the smallest power of two that holds it, as on
 * real parts, so IDs may be sparse (3 LLCs take 2 bits). A node is a
 * package (socket); an LLC is a die in leaf 0x1F.
 *
 * Leaves written (the rest pass through from KVM_GET_SUPPORTED_CPUID):
 *   0x0        max basic leaf raised to 0x1F so Linux finds leaf 0x1F
 *   0x1        EBX[31:24] initial APIC ID, EBX[23:16] IDs per package, EDX.HTT,
 *              ECX.hypervisor (so the guest reads KVM's 0x40000000/1, which pass through),
 *              ECX.TSC-deadline when the flags say KVM has the timer
 *   0x4        Intel: deterministic caches; L1/L2 per core, L3 per LLC
 *   0xA        PMU policy: zero (no architectural PMU is exposed)
 *   0xB, 0x1F  SMT, core (and die = LLC in 0x1F) levels with x2APIC ID
 *   0x80000001 AMD: core/LLC perf-counter extension bits cleared (PMU policy), TOPOEXT set
 *   0x80000005, 0x80000006 AMD: L1d/L1i, L2 and L3 of leaf 4's geometry (TLB words kept)
 *   0x80000008 AMD: ECX thread count and APIC ID size of the package
 *   0x8000001D AMD: the caches of leaf 4 in AMD's format
 *   0x8000001E AMD: extended APIC ID, core ID, threads per core, die (= LLC) ID
 *   0x80000022, 0x80000026 AMD: removed (PerfMonV2; topology taken from 0x1F) */
#ifndef KTS_KVM_CPUID_H
#define KTS_KVM_CPUID_H

#include <linux/kvm.h>
#include <stdint.h>

#include "lib/topo.h"

#define CPUID_MAX_ENT 256

#define CPUID_1_ECX_HYPERVISOR	   (1u << 31)
#define CPUID_1_ECX_TSC_DEADLINE   (1u << 24)
#define CPUID_80000001_ECX_TOPOEXT (1u << 22)

/* cpuid_build flags: what the host's KVM offers beyond its supported table */
#define CPUID_TSC_DEADLINE 1u /* KVM_CAP_TSC_DEADLINE_TIMER */

struct cpuid_shape {
	unsigned thread_bits, core_bits, llc_bits;
	unsigned pkg_shift; /* sum of the three */
};

enum cpuid_vendor { CPUID_INTEL, CPUID_AMD, CPUID_OTHER };

void cpuid_shape(const struct topo *t, struct cpuid_shape *s);
unsigned cpuid_apic_id(const struct topo *t, unsigned cpu);
/* ceil(log2(n)), 0 for n <= 1: Linux's get_count_order. */
unsigned cpuid_order(unsigned n);
enum cpuid_vendor cpuid_vendor_of(const struct kvm_cpuid_entry2 *e, unsigned n);

struct kvm_cpuid_entry2 *cpuid_find(struct kvm_cpuid_entry2 *e, unsigned n, uint32_t fn, uint32_t idx);

/* Build cpu's table from base (what KVM supports) into out (room for max);
 * flags: CPUID_TSC_DEADLINE. Returns the entry count, or -ENOSPC. */
int cpuid_build(const struct kvm_cpuid_entry2 *base, unsigned nbase, const struct topo *t, unsigned cpu,
		unsigned flags, struct kvm_cpuid_entry2 *out, unsigned max);

#endif
