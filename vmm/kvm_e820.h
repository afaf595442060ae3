/* The guest memory map, as the zero page (e820_table) and PVH start info
 * (memmap) carry it. All of [0, ram) is covered, without gaps or overlaps:
 * low RAM, the EBDA, the legacy hole with our ACPI tables, high RAM. */
#ifndef KTS_KVM_E820_H
#define KTS_KVM_E820_H

#include <stdint.h>

#define E820_RAM      1
#define E820_RESERVED 2
#define E820_MAX      8

struct e820_ent {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

/* Returns the number of entries written to out (room for E820_MAX). */
unsigned kvm_e820_build(uint64_t ram_size, struct e820_ent *out);

#endif
