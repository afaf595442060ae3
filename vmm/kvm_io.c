/* The I/O bus: port I/O and MMIO ranges with one handler signature. */
#include <errno.h>
#include <string.h>

#include "vmm/kvm.h"

int kvm_io_register(struct kvm_io_bus *bus, enum kvm_io_space space, uint64_t base, uint64_t len,
		    kvm_io_fn fn, void *ptr)
{
	if (!len || base + len < base || (space == KVM_IO_PIO && base + len > 0x10000))
		return -EINVAL;
	if (bus->n >= KVM_IO_MAX)
		return -ENOSPC;
	for (unsigned i = 0; i < bus->n; i++) {
		const struct kvm_io_range *r = &bus->r[i];

		if (r->space == space && base < r->base + r->len && r->base < base + len)
			return -EEXIST;
	}
	bus->r[bus->n++] = (struct kvm_io_range){ space, base, len, fn, ptr };
	return 0;
}

void kvm_io_access(struct kvm_io_bus *bus, struct kvm_vcpu *vcpu, enum kvm_io_space space, uint64_t addr,
		   uint8_t *data, uint32_t len, int is_write)
{
	if (len == 0 || len > 8)
		return;
	for (unsigned i = 0; i < bus->n; i++) {
		const struct kvm_io_range *r = &bus->r[i];

		/* the whole access must fall inside the range */
		if (r->space != space || addr < r->base || addr - r->base + len > r->len)
			continue;
		if (r->fn(vcpu, addr, data, len, is_write, r->ptr) == 0)
			return;
		break;
	}
	__atomic_add_fetch(&bus->unhandled, 1, __ATOMIC_RELAXED);
	if (!is_write)
		memset(data, 0xff, len);
}
