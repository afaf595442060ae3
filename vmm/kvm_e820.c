/* The guest memory map (see kvm_e820.h). */
#include "vmm/kvm_e820.h"

#include "vmm/kvm.h"

unsigned kvm_e820_build(uint64_t ram_size, struct e820_ent *out)
{
	unsigned n = 0;

	out[n++] = (struct e820_ent){ 0, KVM_EBDA, E820_RAM };
	out[n++] = (struct e820_ent){ KVM_EBDA, 0xa0000 - KVM_EBDA, E820_RESERVED };
	/* VGA window, option ROMs and our ACPI tables at 0xe0000 */
	out[n++] = (struct e820_ent){ 0xa0000, KVM_HIGH_MEM - 0xa0000, E820_RESERVED };
	if (ram_size > KVM_HIGH_MEM)
		out[n++] = (struct e820_ent){ KVM_HIGH_MEM, ram_size - KVM_HIGH_MEM, E820_RAM };
	return n;
}
