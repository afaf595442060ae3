/* ACPI tables for the declared topology, written into the guest's legacy
 * area (KVM_ACPI_BASE) with no firmware:
 *   RSDP -> XSDT -> FADT (hardware-reduced, rev 6) -> DSDT (\_S5, COM1, COM2)
 *                -> MADT (local APIC, or x2APIC for IDs >= 255; IOAPIC;
 *                         IRQ0 -> GSI2 override; LINT1 NMI)
 *                -> SRAT (processor and memory affinity; node n = domain n)
 *                -> SLIT (the declared distances)
 * Every table is checksummed; acpi_checksum() over a table gives 0. */
#ifndef KTS_KVM_ACPI_H
#define KTS_KVM_ACPI_H

#include <stddef.h>
#include <stdint.h>

#include "lib/topo.h"

struct acpi_index {
	/* offsets from the start of the buffer; lengths in the headers */
	size_t rsdp, xsdt, fadt, dsdt, madt, srat, slit;
	size_t used;
};

/* Build into buf (cap bytes) that the guest sees at gpa base. 0, or -ENOSPC. */
int acpi_build(uint8_t *buf, size_t cap, uint64_t base, const struct topo *t, uint64_t ram_size,
	       struct acpi_index *ix);
uint8_t acpi_checksum(const uint8_t *p, size_t n);

#endif
