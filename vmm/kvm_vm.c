/* /dev/kvm, the capabilities we rely on, the VM, its RAM, irqchip and PIT. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmm/kvm.h"

static const struct {
	int cap;
	const char *name;
} caps[] = {
	{ KVM_CAP_IRQCHIP, "KVM_CAP_IRQCHIP" },
	{ KVM_CAP_HLT, "KVM_CAP_HLT" },
	{ KVM_CAP_USER_MEMORY, "KVM_CAP_USER_MEMORY" },
	{ KVM_CAP_SET_TSS_ADDR, "KVM_CAP_SET_TSS_ADDR" },
	{ KVM_CAP_SET_IDENTITY_MAP_ADDR, "KVM_CAP_SET_IDENTITY_MAP_ADDR" },
	{ KVM_CAP_EXT_CPUID, "KVM_CAP_EXT_CPUID" },
	{ KVM_CAP_PIT2, "KVM_CAP_PIT2" },
	{ KVM_CAP_IRQ_ROUTING, "KVM_CAP_IRQ_ROUTING" },
	{ KVM_CAP_MP_STATE, "KVM_CAP_MP_STATE" },
	{ KVM_CAP_IMMEDIATE_EXIT, "KVM_CAP_IMMEDIATE_EXIT" },
	{ KVM_CAP_MAX_VCPU_ID, "KVM_CAP_MAX_VCPU_ID" },
	{ KVM_CAP_TSC_DEADLINE_TIMER, "KVM_CAP_TSC_DEADLINE_TIMER" },
	{ KVM_CAP_X2APIC_API, "KVM_CAP_X2APIC_API" },
};

const char *kvm_missing_cap(int sys_fd)
{
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		if (ioctl(sys_fd, KVM_CHECK_EXTENSION, caps[i].cap) <= 0)
			return caps[i].name;
	return NULL;
}

void *kvm_gpa(struct kvm_vm *vm, uint64_t gpa, uint64_t len)
{
	if (gpa > vm->ram_size || len > vm->ram_size - gpa)
		return NULL;
	return vm->ram + gpa;
}

static int map_ram(struct kvm_vm *vm, uint64_t size, char *err, size_t errlen)
{
	struct kvm_userspace_memory_region r;
	void *p;

	p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED) {
		snprintf(err, errlen, "mmap of %llu MiB guest RAM failed: %s",
			 (unsigned long long)(size >> 20), strerror(errno));
		return -1;
	}
	madvise(p, size, MADV_HUGEPAGE); /* best effort: fewer EPT/NPT entries */
	vm->ram = p;
	vm->ram_size = size;
	vm->region = (struct vmm_region){ 0, size, p, -1 };
	r = (struct kvm_userspace_memory_region){
		.slot = 0, .guest_phys_addr = 0, .memory_size = size, .userspace_addr = (uint64_t)(uintptr_t)p
	};
	if (ioctl(vm->vm_fd, KVM_SET_USER_MEMORY_REGION, &r) < 0) {
		snprintf(err, errlen, "KVM_SET_USER_MEMORY_REGION failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}

/* Setup: every failure names the ioctl; the caller unwinds with kvm_vm_close. */
int kvm_vm_open(struct kvm_vm *vm, uint64_t ram_size, char *err, size_t errlen)
{
	struct kvm_pit_config pit = { .flags = KVM_PIT_SPEAKER_DUMMY };
	uint64_t ident = KVM_IDENT_ADDR;
	const char *miss;
	int v;

	vm->sys_fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->sys_fd < 0) {
		snprintf(err, errlen, "open /dev/kvm failed: %s", strerror(errno));
		return -1;
	}
	v = ioctl(vm->sys_fd, KVM_GET_API_VERSION, 0);
	if (v != KVM_API_VERSION) {
		snprintf(err, errlen, "KVM_GET_API_VERSION returned %d, need %d", v, KVM_API_VERSION);
		return -1;
	}
	miss = kvm_missing_cap(vm->sys_fd);
	if (miss) {
		snprintf(err, errlen, "this KVM lacks %s, which the kvm backend needs", miss);
		return -1;
	}
	v = ioctl(vm->sys_fd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (v < (int)sizeof(struct kvm_run)) {
		snprintf(err, errlen, "KVM_GET_VCPU_MMAP_SIZE failed: %s", strerror(errno));
		return -1;
	}
	vm->run_size = (size_t)v;
	vm->vm_fd = ioctl(vm->sys_fd, KVM_CREATE_VM, 0);
	if (vm->vm_fd < 0) {
		snprintf(err, errlen, "KVM_CREATE_VM failed: %s", strerror(errno));
		return -1;
	}
	if (ioctl(vm->vm_fd, KVM_SET_TSS_ADDR, (unsigned long)KVM_TSS_ADDR) < 0) {
		snprintf(err, errlen, "KVM_SET_TSS_ADDR failed: %s", strerror(errno));
		return -1;
	}
	if (ioctl(vm->vm_fd, KVM_SET_IDENTITY_MAP_ADDR, &ident) < 0) {
		snprintf(err, errlen, "KVM_SET_IDENTITY_MAP_ADDR failed: %s", strerror(errno));
		return -1;
	}
	if (ioctl(vm->vm_fd, KVM_CREATE_IRQCHIP, 0) < 0) {
		snprintf(err, errlen, "KVM_CREATE_IRQCHIP failed: %s", strerror(errno));
		return -1;
	}
	if (ioctl(vm->vm_fd, KVM_CREATE_PIT2, &pit) < 0) {
		snprintf(err, errlen, "KVM_CREATE_PIT2 failed: %s", strerror(errno));
		return -1;
	}
	return map_ram(vm, ram_size, err, errlen);
}

void kvm_vm_close(struct kvm_vm *vm)
{
	for (unsigned i = 0; i < TOPO_MAX_CPUS; i++) {
		struct kvm_vcpu *c = &vm->vcpu[i];

		if (c->run)
			munmap(c->run, vm->run_size);
		if (c->fd >= 0)
			close(c->fd);
		c->run = NULL;
		c->fd = -1;
	}
	if (vm->ram)
		munmap(vm->ram, vm->ram_size);
	vm->ram = NULL;
	if (vm->vm_fd >= 0)
		close(vm->vm_fd);
	if (vm->sys_fd >= 0)
		close(vm->sys_fd);
	vm->vm_fd = vm->sys_fd = -1;
}
