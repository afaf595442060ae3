/* Host side of the tiny guest (see kvm_tgcheck.h). */
#include "vmm/kvm_tgcheck.h"

#include <stdio.h>
#include <string.h>

#include "vmm/kvm_cpuid.h"

void tg_report_init(struct tg_report *r)
{
	memset(r, 0, sizeof(*r));
	frame_dec_init(&r->dec);
}

static void on_frame(void *arg, uint16_t type, const uint8_t *p, size_t len)
{
	struct tg_report *r = arg;
	struct tg_cpu c;

	switch (type) {
	case TG_HELLO: r->hello = len == 9 && !memcmp(p, "tinyguest", 9); return;
	case TG_CPU:
		if (len < sizeof(c) || r->ncpu >= TOPO_MAX_CPUS)
			break;
		memcpy(&c, p, sizeof(c));
		if (c.nleaves > TG_MAX_LEAVES || len != sizeof(c) + c.nleaves * sizeof(struct tg_leaf))
			break;
		r->cpu[r->ncpu].lapic_id = c.lapic_id;
		r->cpu[r->ncpu].nleaves = c.nleaves;
		memcpy(r->cpu[r->ncpu].leaf, p + sizeof(c), c.nleaves * sizeof(struct tg_leaf));
		r->ncpu++;
		return;
	case TG_DONE:
		if (len != sizeof(r->d))
			break;
		memcpy(&r->d, p, len);
		r->done = 1;
		return;
	case TG_ECHO:
		if (len > sizeof(r->echo))
			break;
		memcpy(r->echo, p, len);
		r->echo_len = (unsigned)len;
		r->echo_seen = 1;
		return;
	case TG_PROBE:
		if (len != sizeof(r->probe))
			break;
		memcpy(&r->probe, p, len);
		r->probe_seen = 1;
		return;
	}
	r->bad_frames++;
}

void tg_report_feed(struct tg_report *r, const uint8_t *p, size_t n)
{
	frame_dec_feed(&r->dec, p, n, on_frame, r);
}

static const struct tg_leaf *leaf(const struct tg_leaf *l, unsigned n, uint32_t fn, uint32_t idx)
{
	for (unsigned i = 0; i < n; i++)
		if (l[i].fn == fn && l[i].idx == idx)
			return &l[i];
	return NULL;
}

/* Extended topology leaf, as Linux's parse_topology_leaf reads it. */
static int parse_levels(const struct tg_leaf *l, unsigned n, uint32_t fn, struct tg_decoded *d)
{
	const struct tg_leaf *s0 = leaf(l, n, fn, 0);

	if (!s0 || !(s0->ebx & 0xffff) || ((s0->ecx >> 8) & 0xff) != 1)
		return -1;
	d->apic = s0->edx;
	for (uint32_t i = 0; i < 8; i++) {
		const struct tg_leaf *s = leaf(l, n, fn, i);
		unsigned type = s ? (s->ecx >> 8) & 0xff : 0;

		if (!type)
			break;
		if (type == 1)
			d->smt_shift = s->eax & 0x1f, d->threads_per_core = s->ebx & 0xffff;
		if (type == 2)
			d->core_shift = s->eax & 0x1f;
		d->pkg_shift = s->eax & 0x1f; /* the last level gives the package */
	}
	return 0;
}

int tg_decode(const struct tg_leaf *l, unsigned n, struct tg_decoded *d, char *why, size_t len)
{
	const struct tg_leaf *v = leaf(l, n, 0, 0), *l1 = leaf(l, n, 1, 0);
	int amd = v && v->ebx == 0x68747541; /* "Auth" */
	uint32_t cfn = amd ? 0x8000001d : 4;
	int best = -1;

	memset(d, 0, sizeof(*d));
	if (!v || !l1) {
		snprintf(why, len, "leaf 0 or 1 missing");
		return -1;
	}
	d->initial = l1->ebx >> 24;
	/* Linux: leaf 0x1F first, then 0xB */
	if ((v->eax < 0x1f || parse_levels(l, n, 0x1f, d)) && parse_levels(l, n, 0xb, d)) {
		snprintf(why, len, "neither leaf 0x1F nor 0xB describes the topology");
		return -1;
	}
	for (uint32_t i = 0; i < 8; i++) { /* the highest-level cache is the LLC */
		const struct tg_leaf *c = leaf(l, n, cfn, i);

		if (!c || !(c->eax & 0x1f))
			break;
		if (best < 0 || ((c->eax >> 5) & 7) >= ((leaf(l, n, cfn, (uint32_t)best)->eax >> 5) & 7))
			best = (int)i;
	}
	if (best < 0) {
		snprintf(why, len, "no cache leaves (0x%x)", cfn);
		return -1;
	}
	d->llc_shift = cpuid_order(((leaf(l, n, cfn, (uint32_t)best)->eax >> 14) & 0xfff) + 1);
	return 0;
}

/* Every pair: same core / LLC / package by the decoded shifts iff the
 * declaration says so. */
static int check_pairs(const struct tg_decoded *dec, const unsigned *cpu_of, unsigned n, const struct topo *t,
		       char *why, size_t len)
{
	for (unsigned i = 0; i < n; i++)
		for (unsigned j = 0; j < n; j++) {
			struct topo_place a, b;
			const struct tg_decoded *x = &dec[i], *y = &dec[j];

			topo_place(t, cpu_of[i], &a);
			topo_place(t, cpu_of[j], &b);
			if ((x->apic >> x->smt_shift == y->apic >> y->smt_shift) != (a.core == b.core) ||
			    (x->apic >> x->llc_shift == y->apic >> y->llc_shift) != (a.llc == b.llc) ||
			    (x->apic >> x->pkg_shift == y->apic >> y->pkg_shift) != (a.node == b.node)) {
				snprintf(why, len,
					 "CPUs %u and %u (APIC %u, %u): core/LLC/package siblings differ "
					 "from the declaration",
					 cpu_of[i], cpu_of[j], x->apic, y->apic);
				return -1;
			}
		}
	return 0;
}

int tg_check_cpus(const struct tg_cpu_report *cpus, unsigned ncpu, const struct topo *t, char *why,
		  size_t len)
{
	struct tg_decoded dec[TOPO_MAX_CPUS];
	unsigned cpu_of[TOPO_MAX_CPUS], want = topo_ncpus(t);
	unsigned seen[TOPO_MAX_CPUS] = { 0 };
	char w[128];

	if (ncpu != want) {
		snprintf(why, len, "%u CPUs reported, %u declared", ncpu, want);
		return -1;
	}
	for (unsigned i = 0; i < ncpu; i++) {
		unsigned k;

		if (tg_decode(cpus[i].leaf, cpus[i].nleaves, &dec[i], w, sizeof(w))) {
			snprintf(why, len, "report %u: %s", i, w);
			return -1;
		}
		for (k = 0; k < want && cpuid_apic_id(t, k) != dec[i].apic; k++)
			;
		if (k == want || seen[k]++) {
			snprintf(why, len, "APIC ID %u is not declared, or reported twice", dec[i].apic);
			return -1;
		}
		if (cpus[i].lapic_id != dec[i].apic || dec[i].initial != (dec[i].apic & 0xff)) {
			snprintf(why, len, "CPU %u: local APIC ID %u, CPUID x2APIC %u, leaf 1 %u disagree", k,
				 cpus[i].lapic_id, dec[i].apic, dec[i].initial);
			return -1;
		}
		if (dec[i].threads_per_core != t->threads) {
			snprintf(why, len, "CPU %u: %u threads per core, declared %u", k,
				 dec[i].threads_per_core, t->threads);
			return -1;
		}
		cpu_of[i] = k;
	}
	return check_pairs(dec, cpu_of, ncpu, t, why, len);
}

int tg_report_check(const struct tg_report *r, const struct topo *t, char *why, size_t len)
{
	if (!r->hello) {
		snprintf(why, len, "no hello frame from the tiny guest");
		return -1;
	}
	if (r->bad_frames || r->dec.bad_crc || r->dec.garbage_bytes) {
		snprintf(why, len, "%u malformed frames, %lu bad CRCs, %lu garbage bytes", r->bad_frames,
			 r->dec.bad_crc, r->dec.garbage_bytes);
		return -1;
	}
	if (!r->done || r->d.madt_cpus != topo_ncpus(t) || r->d.reported != r->ncpu) {
		snprintf(why, len, "done frame %s: MADT lists %u CPUs, guest counted %u, host got %u",
			 r->done ? "wrong" : "missing", r->d.madt_cpus, r->d.reported, r->ncpu);
		return -1;
	}
	return tg_check_cpus(r->cpu, r->ncpu, t, why, len);
}
