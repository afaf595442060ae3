/* The kvm backend's ACPI tables: checksums, and what iasl -d (an
 * independent decoder) reads back from each table matches the declared
 * topology: APIC IDs in the MADT, APIC IDs and proximity domains in the
 * SRAT, distances in the SLIT. Every preset. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/gauntlet/preset.h"
#include "tests/unit/tu.h"
#include "vmm/kvm.h"
#include "vmm/kvm_acpi.h"
#include "vmm/kvm_cpuid.h"

static uint8_t buf[KVM_ACPI_SIZE];

static uint32_t len_at(size_t off)
{
	uint32_t l;

	memcpy(&l, buf + off + 4, 4);
	return l;
}

/* Disassemble the table at off; returns the .dsl text (malloc'd) or NULL. */
static char *disasm(size_t off, const char *name)
{
	char dat[256], cmd[600], dsl[256];
	FILE *f;
	char *text;
	long n;

	snprintf(dat, sizeof(dat), "%s/%s.dat", tu_tmpdir(), name);
	snprintf(dsl, sizeof(dsl), "%s/%s.dsl", tu_tmpdir(), name);
	f = fopen(dat, "w");
	if (!f)
		return NULL;
	fwrite(buf + off, 1, len_at(off), f);
	fclose(f);
	remove(dsl);
	snprintf(cmd, sizeof(cmd), "iasl -d %s >/dev/null 2>&1", dat);
	if (system(cmd) != 0)
		return NULL;
	f = fopen(dsl, "r");
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	text = calloc(1, (size_t)n + 1);
	if (text && fread(text, 1, (size_t)n, f) != (size_t)n) {
		free(text);
		text = NULL;
	}
	fclose(f);
	return text;
}

/* The hex values after each "key : " in order; returns how many. */
static unsigned values(const char *text, const char *key, unsigned long *out, unsigned max)
{
	unsigned n = 0;
	const char *p = text;

	while (n < max && (p = strstr(p, key))) {
		p += strlen(key);
		while (*p == ' ' || *p == ':')
			p++;
		out[n++] = strtoul(p, NULL, 16);
	}
	return n;
}

/* Per processor subtable in order: the value of key[k] in a subtable of
 * type[k] (xAPIC or x2APIC: IDs from 255 on need the second kind). */
static unsigned cpu_values(const char *text, const char *const type[2], const char *const key[2],
			   unsigned long *out, unsigned max)
{
	unsigned n = 0;
	const char *p = text;

	while (n < max && (p = strstr(p, "Subtable Type"))) {
		const char *next = strstr(p + 1, "Subtable Type"), *eol = strchr(p, '\n'), *v;

		for (int k = 0; k < 2; k++) {
			const char *hit = strstr(p, type[k]);

			if (!hit || (eol && hit > eol) || !(v = strstr(p, key[k])) || (next && v > next))
				continue;
			v += strlen(key[k]);
			while (*v == ' ' || *v == ':')
				v++;
			out[n++] = strtoul(v, NULL, 16);
			break;
		}
		p = next ? next : p + 1;
		if (!next)
			break;
	}
	return n;
}

static void check_tables(const struct topo *t)
{
	struct acpi_index ix;
	unsigned long v[256];
	unsigned ncpu = topo_ncpus(t), n;
	size_t tabs[6];
	char *s;

	int r = acpi_build(buf, sizeof(buf), KVM_ACPI_BASE, t, 512ull << 20, &ix);

	TU_EQ_INT(r, 0);
	if (r)
		return;
	TU_CHECK(!memcmp(buf, "RSD PTR ", 8));
	TU_EQ_INT(acpi_checksum(buf, 20), 0);
	TU_EQ_INT(acpi_checksum(buf, 36), 0);
	TU_EQ_INT(*(uint64_t *)(buf + 24), KVM_ACPI_BASE + ix.xsdt);
	tabs[0] = ix.xsdt, tabs[1] = ix.fadt, tabs[2] = ix.dsdt;
	tabs[3] = ix.madt, tabs[4] = ix.srat, tabs[5] = ix.slit;
	for (int i = 0; i < 6; i++)
		TU_EQ_INT(acpi_checksum(buf + tabs[i], len_at(tabs[i])), 0);

	s = disasm(ix.fadt, "fadt");
	TU_CHECK(s && strstr(s, "Hardware Reduced (V5) : 1") && !strstr(s, "Incorrect"));
	free(s);
	s = disasm(ix.dsdt, "dsdt");
	TU_CHECK(s && strstr(s, "Name (_S5, Package (0x04)") && strstr(s, "0x02F8"));
	free(s);
	s = disasm(ix.xsdt, "xsdt");
	TU_CHECK(s && !strstr(s, "Incorrect"));
	free(s);

	s = disasm(ix.madt, "madt");
	TU_CHECK(s != NULL);
	n = s ? cpu_values(s, (const char *const[]){ "[Processor Local APIC]", "[Processor Local x2APIC]" },
			   (const char *const[]){ "Local Apic ID", "Processor x2Apic ID" }, v, 256)
	      : 0;
	TU_EQ_INT(n, ncpu);
	for (unsigned c = 0; c < n && c < ncpu; c++)
		TU_EQ_INT(v[c], cpuid_apic_id(t, c));
	free(s);

	s = disasm(ix.srat, "srat");
	TU_CHECK(s != NULL);
	n = s ? values(s, "Apic ID", v, 256) : 0;
	TU_EQ_INT(n, ncpu);
	for (unsigned c = 0; c < n && c < ncpu; c++)
		TU_EQ_INT(v[c], cpuid_apic_id(t, c));
	/* processor domains, then one per memory range */
	n = s ? cpu_values(s,
			   (const char *const[]){ "[Processor Local APIC/SAPIC Affinity]",
						  "[Processor Local x2APIC Affinity]" },
			   (const char *const[]){ "Proximity Domain Low(8)", "Proximity Domain" }, v, 256)
	      : 0;
	TU_EQ_INT(n, ncpu);
	for (unsigned c = 0; c < n && c < ncpu; c++) {
		struct topo_place p;

		topo_place(t, c, &p);
		TU_EQ_INT(v[c], p.node);
	}
	n = s ? values(s, "Length", v, 256) : 0;
	free(s);

	s = disasm(ix.slit, "slit");
	TU_CHECK(s != NULL);
	n = s ? values(s, "Localities", v, 1) : 0;
	TU_EQ_INT(n ? v[0] : 0, t->nodes);
	for (unsigned i = 0; s && i < t->nodes; i++) {
		char key[32];
		const char *p;

		snprintf(key, sizeof(key), "Locality %*u : ", 3, i);
		p = strstr(s, key);
		TU_CHECK(p != NULL);
		for (unsigned j = 0; p && j < t->nodes; j++) {
			unsigned long d = strtoul(p + strlen(key) + 3 * j, NULL, 16);

			TU_EQ_INT(d, t->distance[i][j]);
		}
	}
	free(s);
}

TU_TEST(kvm_acpi_presets_disassemble_and_match)
{
	size_t np;
	const struct preset *pr = preset_all(&np);

	for (size_t i = 0; i < np; i++) {
		struct topo t;
		char err[128];

		TU_EQ_INT(topo_parse(pr[i].spec, &t, err, sizeof(err)), 0);
		check_tables(&t);
	}
}

TU_TEST(kvm_acpi_custom_distances)
{
	struct topo t;
	char err[128];

	if (topo_parse("2n2l1c1t", &t, err, sizeof(err)))
		tu_fail(__FILE__, __LINE__, "%s", err);
	t.distance[0][1] = 31;
	t.distance[1][0] = 32;
	check_tables(&t);
}

TU_TEST(kvm_acpi_too_small_buffer)
{
	struct topo t;
	struct acpi_index ix;
	char err[128];

	TU_EQ_INT(topo_parse("2n4l4c2t", &t, err, sizeof(err)), 0);
	TU_EQ_INT(acpi_build(buf, 200, KVM_ACPI_BASE, &t, 512ull << 20, &ix), -28 /* -ENOSPC */);
}

/* Hardware-reduced ACPI (FADT flags bit 20) means no legacy PIC, so the
 * MADT must not claim PCAT_COMPAT (flags bit 0): Linux skips the PIT and
 * the 8259s for the first whatever the second says. */
TU_TEST(kvm_acpi_fadt_and_madt_agree_on_legacy_pic)
{
	struct topo t;
	struct acpi_index ix;
	uint32_t fadt_flags, madt_flags;
	char err[128];

	TU_EQ_INT(topo_parse("1n2l2c2t", &t, err, sizeof(err)), 0);
	TU_EQ_INT(acpi_build(buf, sizeof(buf), KVM_ACPI_BASE, &t, 512ull << 20, &ix), 0);
	memcpy(&fadt_flags, buf + ix.fadt + 112, 4);
	memcpy(&madt_flags, buf + ix.madt + 40, 4);
	TU_CHECK(!memcmp(buf + ix.fadt, "FACP", 4) && !memcmp(buf + ix.madt, "APIC", 4));
	TU_CHECK(fadt_flags & 1u << 20);
	TU_EQ_INT(madt_flags & 1u, 0);
}
