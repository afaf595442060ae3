/* Host side of the tiny guest: collect its COM2 frames and check what each
 * CPU reported against the declared topology, decoding CPUID the way Linux
 * does (arch/x86/kernel/cpu/topology_ext.c, cacheinfo.c). Also used by the
 * CPUID unit tests, on leaves taken straight from cpuid_build(). */
#ifndef KTS_KVM_TGCHECK_H
#define KTS_KVM_TGCHECK_H

#include <stddef.h>
#include <stdint.h>

#include "lib/topo.h"
#include "lib/frame.h"
#include "vmm/tinyguest/tg.h"

#define TG_MAX_LEAVES 32

struct tg_cpu_report {
	uint32_t lapic_id;
	unsigned nleaves;
	struct tg_leaf leaf[TG_MAX_LEAVES];
};

/* What Linux would derive from one CPU's leaves. */
struct tg_decoded {
	uint32_t apic;	     /* x2APIC ID, leaf 0xB/0x1F EDX */
	uint32_t initial;    /* leaf 1 EBX[31:24] */
	unsigned smt_shift;  /* SMT level EAX[4:0] */
	unsigned core_shift; /* core level */
	unsigned pkg_shift;  /* the last level */
	unsigned llc_shift;  /* get_count_order(threads sharing the highest cache) */
	unsigned threads_per_core;
};

struct tg_report {
	struct frame_dec dec;
	int hello, done, probe_seen, echo_seen;
	uint8_t echo[TG_ECHO_MAX];
	unsigned echo_len;
	struct tg_done d;
	struct tg_probe probe;
	unsigned ncpu, bad_frames;
	struct tg_cpu_report cpu[TOPO_MAX_CPUS];
};

void tg_report_init(struct tg_report *r);
void tg_report_feed(struct tg_report *r, const uint8_t *p, size_t n);
/* 0 when leaves decode; -1 with why. */
int tg_decode(const struct tg_leaf *l, unsigned n, struct tg_decoded *d, char *why, size_t len);
/* 0 when every CPU of t reported and all of it matches; -1 with why. */
int tg_check_cpus(const struct tg_cpu_report *cpus, unsigned ncpu, const struct topo *t, char *why,
		  size_t len);
int tg_report_check(const struct tg_report *r, const struct topo *t, char *why, size_t len);

#endif
