/* ACPI tables for the declared topology (see kvm_acpi.h). */
#include "vmm/kvm_acpi.h"

#include <errno.h>
#include <string.h>

#include "vmm/kvm.h"
#include "vmm/kvm_cpuid.h"

#define HDR_LEN	  36
#define OEM_ID	  "KTSRUN"
#define OEM_TABLE "KTSRUNVM"

struct abuf {
	uint8_t *p;
	size_t cap, len;
	int full;
};

uint8_t acpi_checksum(const uint8_t *p, size_t n)
{
	uint8_t s = 0;

	while (n--)
		s = (uint8_t)(s + *p++);
	return s;
}

static void put(struct abuf *b, const void *v, size_t n)
{
	if (b->full || n > b->cap - b->len) {
		b->full = 1;
		return;
	}
	memcpy(b->p + b->len, v, n);
	b->len += n;
}

static void u8(struct abuf *b, uint8_t v)
{
	put(b, &v, 1);
}
static void u16(struct abuf *b, uint16_t v)
{
	put(b, &v, 2);
}
static void u32(struct abuf *b, uint32_t v)
{
	put(b, &v, 4);
}
static void u64(struct abuf *b, uint64_t v)
{
	put(b, &v, 8);
}

static void zeros(struct abuf *b, size_t n)
{
	while (n--)
		u8(b, 0);
}

static void align16(struct abuf *b)
{
	zeros(b, (16 - (b->len & 15)) & 15);
}

/* Start a table; returns its offset. Length and checksum come in end(). */
static size_t begin(struct abuf *b, const char *sig, uint8_t rev)
{
	size_t off;

	align16(b);
	off = b->len;
	put(b, sig, 4);
	u32(b, 0);
	u8(b, rev);
	u8(b, 0);
	put(b, OEM_ID, 6);
	put(b, OEM_TABLE, 8);
	u32(b, 1);
	put(b, "KTSR", 4);
	u32(b, 1);
	return off;
}

static void end(struct abuf *b, size_t off)
{
	uint32_t len = (uint32_t)(b->len - off);

	if (b->full)
		return;
	memcpy(b->p + off + 4, &len, 4);
	b->p[off + 9] = (uint8_t)-acpi_checksum(b->p + off, len);
}

/* Generic address structure: a byte-wide I/O port. */
static void gas_io(struct abuf *b, uint16_t port)
{
	u8(b, 1); /* SystemIO */
	u8(b, 8);
	u8(b, 0);
	u8(b, 1); /* byte access */
	u64(b, port);
}

/* ---- AML for the DSDT ---- */

/* PkgLength of a body of n bytes, encoding included (ACPI 20.2.4). */
static void pkglen(struct abuf *b, size_t n)
{
	if (n + 1 <= 63) {
		u8(b, (uint8_t)(n + 1));
		return;
	}
	n += 2;
	u8(b, (uint8_t)(0x40 | (n & 0xf)));
	u8(b, (uint8_t)(n >> 4));
}

static void aml_com(struct abuf *b, const char *name, uint16_t port, unsigned irq, uint8_t uid)
{
	uint8_t body[64];
	struct abuf d = { body, sizeof(body), 0, 0 };
	const uint8_t crs[] = {
		0x47,
		0x01,
		(uint8_t)port,
		(uint8_t)(port >> 8),
		(uint8_t)port,
		(uint8_t)(port >> 8),
		0x01,
		0x08, /* IO(Decode16, port, port, 1, 8) */
		0x22,
		(uint8_t)(1u << irq),
		(uint8_t)((1u << irq) >> 8), /* IRQNoFlags(){irq} */
		0x79,
		0x00, /* EndTag */
	};

	put(&d, name, 4);
	put(&d, "\x08_HID\x0c\x41\xd0\x05\x01", 10); /* Name(_HID, EisaId("PNP0501")) */
	put(&d, "\x08_UID\x0a", 6);		     /* Name(_UID, uid) */
	u8(&d, uid);
	put(&d, "\x08_CRS\x11", 6); /* Name(_CRS, Buffer(){...}) */
	pkglen(&d, 2 + sizeof(crs));
	u8(&d, 0x0a);
	u8(&d, sizeof(crs));
	put(&d, crs, sizeof(crs));
	u8(b, 0x5b); /* DeviceOp */
	u8(b, 0x82);
	pkglen(b, d.len);
	put(b, body, d.len);
}

static size_t dsdt(struct abuf *b)
{
	uint8_t sb[160];
	struct abuf s = { sb, sizeof(sb), 0, 0 };
	size_t off = begin(b, "DSDT", 2);

	/* Name(_S5, Package(4){5, 5, 0, 0}): SLP_TYP for the sleep control register */
	put(b, "\x08_S5_\x12\x08\x04\x0a", 9);
	u8(b, KVM_S5_TYP);
	u8(b, 0x0a);
	u8(b, KVM_S5_TYP);
	put(b, "\x00\x00", 2);
	aml_com(&s, "COM1", KVM_COM1_PORT, KVM_COM1_IRQ, 1);
	aml_com(&s, "COM2", KVM_COM2_PORT, KVM_COM2_IRQ, 2);
	u8(b, 0x10); /* Scope(\_SB) */
	pkglen(b, 5 + s.len);
	put(b, "\\_SB_", 5);
	put(b, sb, s.len);
	if (s.full)
		b->full = 1;
	end(b, off);
	return off;
}

/* ---- FADT, MADT, SRAT, SLIT, XSDT, RSDP ---- */

#define FADT_WBINVD	      (1u << 0)
#define FADT_PWR_BUTTON	      (1u << 4)
#define FADT_SLP_BUTTON	      (1u << 5)
#define FADT_RESET_REG_SUP    (1u << 10)
#define FADT_HW_REDUCED	      (1u << 20)
#define BOOT_ARCH_NO_VGA      (1u << 2)
#define BOOT_ARCH_NO_CMOS_RTC (1u << 5)

static size_t fadt(struct abuf *b, uint64_t dsdt_gpa)
{
	size_t off = begin(b, "FACP", 6);

	u32(b, 0);					  /* 36 FIRMWARE_CTRL: none */
	u32(b, (uint32_t)dsdt_gpa);			  /* 40 DSDT */
	zeros(b, 109 - 44);				  /* 44..108: no fixed hardware */
	u16(b, BOOT_ARCH_NO_VGA | BOOT_ARCH_NO_CMOS_RTC); /* 109 IAPC_BOOT_ARCH: no 8042 either */
	u8(b, 0);
	u32(b,
	    FADT_WBINVD | FADT_PWR_BUTTON | FADT_SLP_BUTTON | FADT_RESET_REG_SUP | FADT_HW_REDUCED); /* 112 */
	gas_io(b, KVM_RESET_PORT);     /* 116 RESET_REG */
	u8(b, KVM_RESET_VALUE);	       /* 128 */
	u16(b, 0);		       /* 129 ARM_BOOT_ARCH */
	u8(b, 0);		       /* 131 minor version */
	u64(b, 0);		       /* 132 X_FIRMWARE_CTRL */
	u64(b, dsdt_gpa);	       /* 140 X_DSDT */
	zeros(b, 244 - 148);	       /* X_PM1a_EVT_BLK .. X_GPE1_BLK */
	gas_io(b, KVM_SLEEP_PORT);     /* 244 SLEEP_CONTROL_REG */
	gas_io(b, KVM_SLEEP_PORT + 1); /* 256 SLEEP_STATUS_REG */
	put(b, "KTSRUNVM", 8);	       /* 268 hypervisor vendor identity */
	end(b, off);
	return off;
}

static size_t madt(struct abuf *b, const struct topo *t)
{
	size_t off = begin(b, "APIC", 5);
	unsigned n = topo_ncpus(t), max_id = 0;

	u32(b, (uint32_t)KVM_LAPIC_ADDR);
	/* no PCAT_COMPAT: the FADT says hardware-reduced, so the guest uses
	 * neither 8259 nor PIT (KVM's in-kernel ones exist but stay idle);
	 * its clock is kvm-clock and the TSC-deadline timer (kvm_cpuid.c) */
	u32(b, 0);
	for (unsigned cpu = 0; cpu < n; cpu++) {
		unsigned id = cpuid_apic_id(t, cpu);

		max_id = id > max_id ? id : max_id;
		if (id < 255) {
			u8(b, 0); /* processor local APIC */
			u8(b, 8);
			u8(b, (uint8_t)cpu); /* ACPI processor UID */
			u8(b, (uint8_t)id);
			u32(b, 1); /* enabled */
		} else {
			u8(b, 9); /* processor local x2APIC */
			u8(b, 16);
			u16(b, 0);
			u32(b, id);
			u32(b, 1);
			u32(b, cpu);
		}
	}
	u8(b, 1); /* I/O APIC */
	u8(b, 12);
	u8(b, (uint8_t)((max_id + 1) & 0xff));
	u8(b, 0);
	u32(b, (uint32_t)KVM_IOAPIC_ADDR);
	u32(b, 0); /* GSI base */
	u8(b, 2);  /* interrupt source override: ISA IRQ0 (PIT) -> GSI 2 */
	u8(b, 10);
	u8(b, 0);
	u8(b, 0);
	u32(b, 2);
	u16(b, 0);
	u8(b, 4); /* local APIC NMI on LINT1 of every processor */
	u8(b, 6);
	u8(b, 0xff);
	u16(b, 0);
	u8(b, 1);
	end(b, off);
	return off;
}

static size_t srat(struct abuf *b, const struct topo *t, uint64_t ram_size)
{
	size_t off = begin(b, "SRAT", 3);
	uint64_t per = ram_size / t->nodes;
	struct topo_place p;

	u32(b, 1); /* reserved, 1 for compatibility */
	u64(b, 0);
	for (unsigned cpu = 0; cpu < topo_ncpus(t); cpu++) {
		unsigned id = cpuid_apic_id(t, cpu);

		topo_place(t, cpu, &p);
		if (id < 255) {
			u8(b, 0); /* processor local APIC affinity */
			u8(b, 16);
			u8(b, (uint8_t)p.node); /* proximity domain [7:0] */
			u8(b, (uint8_t)id);
			u32(b, 1);   /* enabled */
			u8(b, 0);    /* SAPIC EID */
			zeros(b, 3); /* proximity domain [31:8] */
			u32(b, 0);   /* clock domain */
		} else {
			u8(b, 2); /* processor local x2APIC affinity */
			u8(b, 24);
			u16(b, 0);
			u32(b, p.node);
			u32(b, id);
			u32(b, 1);
			u32(b, 0);
			u32(b, 0);
		}
	}
	for (unsigned n = 0; n < t->nodes; n++) {
		uint64_t lo = n * per, len = n + 1 == t->nodes ? ram_size - lo : per;

		u8(b, 1); /* memory affinity */
		u8(b, 40);
		u32(b, n);
		u16(b, 0);
		u64(b, lo);
		u64(b, len);
		u32(b, 0);
		u32(b, 1); /* enabled */
		u64(b, 0);
	}
	end(b, off);
	return off;
}

static size_t slit(struct abuf *b, const struct topo *t)
{
	size_t off = begin(b, "SLIT", 1);

	u64(b, t->nodes);
	for (unsigned i = 0; i < t->nodes; i++)
		for (unsigned j = 0; j < t->nodes; j++)
			u8(b, (uint8_t)t->distance[i][j]);
	end(b, off);
	return off;
}

int acpi_build(uint8_t *buf, size_t cap, uint64_t base, const struct topo *t, uint64_t ram_size,
	       struct acpi_index *ix)
{
	struct abuf b = { buf, cap, 0, 0 };
	size_t xsdt_at;

	if (!t->nodes || t->nodes > TOPO_MAX_NODES || topo_ncpus(t) > TOPO_MAX_CPUS)
		return -EINVAL;
	memset(buf, 0, cap);
	ix->rsdp = 0;
	zeros(&b, 36); /* RSDP, filled last */
	ix->dsdt = dsdt(&b);
	ix->fadt = fadt(&b, base + ix->dsdt);
	ix->madt = madt(&b, t);
	ix->srat = srat(&b, t, ram_size);
	ix->slit = slit(&b, t);
	ix->xsdt = xsdt_at = begin(&b, "XSDT", 1);
	u64(&b, base + ix->fadt);
	u64(&b, base + ix->madt);
	u64(&b, base + ix->srat);
	u64(&b, base + ix->slit);
	end(&b, xsdt_at);
	if (b.full)
		return -ENOSPC;
	ix->used = b.len;

	b.len = 0; /* RSDP, revision 2 */
	put(&b, "RSD PTR ", 8);
	u8(&b, 0);
	put(&b, OEM_ID, 6);
	u8(&b, 2);
	u32(&b, 0); /* no RSDT */
	u32(&b, 36);
	u64(&b, base + xsdt_at);
	u8(&b, 0);
	zeros(&b, 3);
	buf[8] = (uint8_t)-acpi_checksum(buf, 20);
	buf[32] = (uint8_t)-acpi_checksum(buf, 36);
	return 0;
}
