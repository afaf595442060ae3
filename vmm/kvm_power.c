/* Power-off and reset: the guest never reboots, both end the VM.
 *   - FADT sleep control register (hardware-reduced ACPI): SLP_EN with
 *     SLP_TYP = S5 powers off; the sleep status register reads as awake.
 *   - FADT reset register (0xcf9 <- 0x06) and the i8042 pulse (0x64 <- 0xfe)
 *     reset, which we report as an exit. */
#include "vmm/kvm.h"

#define SLP_EN 0x20

static int sleep_io(struct kvm_vcpu *vcpu, uint64_t addr, uint8_t *data, uint32_t len, int is_write,
		    void *ptr)
{
	struct kvm_vm *vm = ptr;

	if (!is_write) {
		data[0] = 0;
		return 0;
	}
	if (addr == KVM_SLEEP_PORT && (data[0] & SLP_EN) && ((data[0] >> 2) & 7) == KVM_S5_TYP)
		kvm_vm_end(vm, VMM_EXITED, "guest powered off (ACPI S5) from vCPU %u", vcpu->index);
	return 0;
}

static int reset_io(struct kvm_vcpu *vcpu, uint64_t addr, uint8_t *data, uint32_t len, int is_write,
		    void *ptr)
{
	struct kvm_vm *vm = ptr;

	if (!is_write) {
		data[0] = 0;
		return 0;
	}
	if ((addr == KVM_RESET_PORT && (data[0] & 0x04)) || (addr == KVM_I8042_PORT && data[0] == 0xfe))
		kvm_vm_end(vm, VMM_EXITED, "guest reset (port 0x%x <- 0x%02x) from vCPU %u", (unsigned)addr,
			   data[0], vcpu->index);
	return 0;
}

int kvm_power_init(struct kvm_vm *vm)
{
	int r;

	r = kvm_io_register(&vm->bus, KVM_IO_PIO, KVM_SLEEP_PORT, 2, sleep_io, vm);
	if (!r)
		r = kvm_io_register(&vm->bus, KVM_IO_PIO, KVM_RESET_PORT, 1, reset_io, vm);
	if (!r)
		r = kvm_io_register(&vm->bus, KVM_IO_PIO, KVM_I8042_PORT, 1, reset_io, vm);
	return r;
}
