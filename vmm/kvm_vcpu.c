/* One thread per vCPU and its run loop. The loop switches on the exit
 * reason; I/O goes to the bus. The VM ends on power-off or reset (from the
 * devices), a triple fault, a KVM internal error or failed entry (reported
 * with the registers), or kvm_vcpus_stop() from the host. */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>

#include "vmm/kvm.h"
#include "vmm/kvm_cpuid.h"

static int kick_signal(void)
{
	return SIGRTMIN + 2;
}

static void kick_handler(int sig)
{
	(void)sig; /* only there to make KVM_RUN return EINTR */
}

void kvm_vm_end(struct kvm_vm *vm, enum vmm_state state, const char *fmt, ...)
{
	va_list ap;

	pthread_mutex_lock(&vm->lock);
	if (!vm->stopping) {
		vm->stopping = 1;
		vm->exit.state = state;
		va_start(ap, fmt);
		vsnprintf(vm->exit.detail, sizeof(vm->exit.detail), fmt, ap);
		va_end(ap);
	}
	pthread_cond_broadcast(&vm->cond);
	pthread_mutex_unlock(&vm->lock);
}

/* Make every vCPU leave KVM_RUN and its loop. */
void kvm_vcpus_stop(struct kvm_vm *vm)
{
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct kvm_vcpu *c = &vm->vcpu[i];

		if (!__atomic_load_n(&c->started, __ATOMIC_ACQUIRE))
			continue;
		__atomic_store_n(&c->run->immediate_exit, 1, __ATOMIC_SEQ_CST);
		pthread_kill(c->thread, kick_signal());
	}
}

static void regs_line(struct kvm_vcpu *c, char *out, size_t len)
{
	struct kvm_regs r;
	struct kvm_sregs s;

	if (ioctl(c->fd, KVM_GET_REGS, &r) < 0 || ioctl(c->fd, KVM_GET_SREGS, &s) < 0) {
		snprintf(out, len, "registers unavailable: %s", strerror(errno));
		return;
	}
	snprintf(out, len, "rip=%llx rsp=%llx rax=%llx cr0=%llx cr3=%llx cr4=%llx efer=%llx cs=%x",
		 (unsigned long long)r.rip, (unsigned long long)r.rsp, (unsigned long long)r.rax,
		 (unsigned long long)s.cr0, (unsigned long long)s.cr3, (unsigned long long)s.cr4,
		 (unsigned long long)s.efer, s.cs.selector);
}

static void do_io(struct kvm_vcpu *c)
{
	struct kvm_run *run = c->run;
	uint64_t off = run->io.data_offset;
	uint64_t total = (uint64_t)run->io.size * run->io.count;

	if (off > c->vm->run_size || total > c->vm->run_size - off || run->io.size > 8)
		return;
	for (uint32_t i = 0; i < run->io.count; i++)
		kvm_io_access(&c->vm->bus, c, KVM_IO_PIO, run->io.port,
			      (uint8_t *)run + off + (uint64_t)i * run->io.size, run->io.size,
			      run->io.direction == KVM_EXIT_IO_OUT);
}

/* Handle one exit; 1 to go on, 0 when this vCPU is done. */
static int handle_exit(struct kvm_vcpu *c)
{
	struct kvm_run *run = c->run;
	char regs[200];

	switch (run->exit_reason) {
	case KVM_EXIT_IO: do_io(c); return 1;
	case KVM_EXIT_MMIO:
		if (run->mmio.len <= 8)
			kvm_io_access(&c->vm->bus, c, KVM_IO_MMIO, run->mmio.phys_addr, run->mmio.data,
				      run->mmio.len, run->mmio.is_write);
		return 1;
	case KVM_EXIT_SHUTDOWN:
		regs_line(c, regs, sizeof(regs));
		kvm_vm_end(c->vm, VMM_EXITED, "triple fault (reset) on vCPU %u: %s", c->index, regs);
		return 0;
	case KVM_EXIT_SYSTEM_EVENT:
		kvm_vm_end(c->vm, VMM_EXITED, "system event %u on vCPU %u", run->system_event.type, c->index);
		return 0;
	case KVM_EXIT_INTERNAL_ERROR:
		regs_line(c, regs, sizeof(regs));
		kvm_vm_end(c->vm, VMM_FAILED,
			   "KVM internal error %u on vCPU %u (%s): %s; this KVM's instruction emulator "
			   "cannot run the guest",
			   run->internal.suberror, c->index,
			   run->internal.suberror == KVM_INTERNAL_ERROR_EMULATION ? "emulation failed"
										  : "other",
			   regs);
		return 0;
	case KVM_EXIT_FAIL_ENTRY:
		regs_line(c, regs, sizeof(regs));
		kvm_vm_end(c->vm, VMM_FAILED, "KVM_RUN entry failed on vCPU %u (reason 0x%llx): %s", c->index,
			   (unsigned long long)run->fail_entry.hardware_entry_failure_reason, regs);
		return 0;
	default:
		regs_line(c, regs, sizeof(regs));
		kvm_vm_end(c->vm, VMM_FAILED, "unexpected KVM exit %u on vCPU %u: %s", run->exit_reason,
			   c->index, regs);
		return 0;
	}
}

static int stopping(struct kvm_vm *vm)
{
	int s;

	pthread_mutex_lock(&vm->lock);
	s = vm->stopping;
	pthread_mutex_unlock(&vm->lock);
	return s;
}

static void *vcpu_thread(void *arg)
{
	struct kvm_vcpu *c = arg;
	struct kvm_vm *vm = c->vm;
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, kick_signal());
	pthread_sigmask(SIG_UNBLOCK, &set, NULL);
	if (c->index && vm->ap_stall_ms)
		usleep(vm->ap_stall_ms * 1000u);
	while (!stopping(vm)) {
		if (ioctl(c->fd, KVM_RUN, 0) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue; /* a kick, or an AP woken from wait-for-SIPI */
			kvm_vm_end(vm, VMM_FAILED, "KVM_RUN failed on vCPU %u: %s", c->index,
				   strerror(errno));
			break;
		}
		if (!handle_exit(c))
			break;
	}
	/* one vCPU ending ends the VM: wake the others, while we still count as
	 * running, so the host cannot join or free the threads we signal */
	kvm_vcpus_stop(vm);
	pthread_mutex_lock(&vm->lock);
	vm->running--;
	pthread_cond_broadcast(&vm->cond);
	pthread_mutex_unlock(&vm->lock);
	return NULL;
}

static int set_cpuid(struct kvm_vm *vm, struct kvm_vcpu *c, const struct kvm_cpuid2 *base, char *err,
		     size_t errlen)
{
	struct kvm_cpuid2 *cp;
	int n, r = -1;

	cp = calloc(1, sizeof(*cp) + CPUID_MAX_ENT * sizeof(struct kvm_cpuid_entry2));
	if (!cp) {
		snprintf(err, errlen, "out of memory for CPUID");
		return -1;
	}
	n = cpuid_build(base->entries, base->nent, &vm->topo, c->index,
			ioctl(vm->sys_fd, KVM_CHECK_EXTENSION, KVM_CAP_TSC_DEADLINE_TIMER) > 0
				? CPUID_TSC_DEADLINE
				: 0,
			cp->entries, CPUID_MAX_ENT);
	if (n < 0) {
		snprintf(err, errlen, "CPUID table for vCPU %u does not fit", c->index);
		goto out;
	}
	cp->nent = (uint32_t)n;
	if (ioctl(c->fd, KVM_SET_CPUID2, cp) < 0) {
		snprintf(err, errlen, "KVM_SET_CPUID2 failed: %s", strerror(errno));
		goto out;
	}
	r = 0;
out:
	free(cp);
	return r;
}

int kvm_vcpus_create(struct kvm_vm *vm, char *err, size_t errlen)
{
	struct kvm_cpuid2 *base;
	int r = -1;

	base = calloc(1, sizeof(*base) + CPUID_MAX_ENT * sizeof(struct kvm_cpuid_entry2));
	if (!base) {
		snprintf(err, errlen, "out of memory for CPUID");
		return -1;
	}
	base->nent = CPUID_MAX_ENT;
	if (ioctl(vm->sys_fd, KVM_GET_SUPPORTED_CPUID, base) < 0) {
		snprintf(err, errlen, "KVM_GET_SUPPORTED_CPUID failed: %s", strerror(errno));
		goto out;
	}
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct kvm_vcpu *c = &vm->vcpu[i];
		void *run;

		c->vm = vm;
		c->index = i;
		c->apic_id = cpuid_apic_id(&vm->topo, i);
		c->fd = ioctl(vm->vm_fd, KVM_CREATE_VCPU, (unsigned long)c->apic_id);
		if (c->fd < 0) {
			snprintf(err, errlen, "KVM_CREATE_VCPU %u (APIC ID %u) failed: %s", i, c->apic_id,
				 strerror(errno));
			goto out;
		}
		run = mmap(NULL, vm->run_size, PROT_READ | PROT_WRITE, MAP_SHARED, c->fd, 0);
		if (run == MAP_FAILED) {
			snprintf(err, errlen, "mmap of vCPU %u kvm_run failed: %s", i, strerror(errno));
			goto out;
		}
		c->run = run;
		if (set_cpuid(vm, c, base, err, errlen))
			goto out;
	}
	r = 0;
out:
	free(base);
	return r;
}

int kvm_vcpus_start(struct kvm_vm *vm, char *err, size_t errlen)
{
	struct sigaction sa;
	sigset_t set, old;
	int e;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = kick_handler; /* no SA_RESTART: KVM_RUN must see EINTR */
	sigaction(kick_signal(), &sa, NULL);
	/* threads start with the kick blocked and unblock it in their loop */
	sigemptyset(&set);
	sigaddset(&set, kick_signal());
	pthread_sigmask(SIG_BLOCK, &set, &old);
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct kvm_vcpu *c = &vm->vcpu[i];

		pthread_mutex_lock(&vm->lock);
		vm->running++;
		pthread_mutex_unlock(&vm->lock);
		e = pthread_create(&c->thread, NULL, vcpu_thread, c);
		if (e) {
			pthread_mutex_lock(&vm->lock);
			vm->running--;
			pthread_mutex_unlock(&vm->lock);
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			snprintf(err, errlen, "pthread_create for vCPU %u failed: %s", i, strerror(e));
			return -1;
		}
		/* QEMU's name for a vCPU thread: the monitor reads the host CPU
		 * time of "CPU N/..." threads to correct for host descheduling */
		char name[16];

		snprintf(name, sizeof(name), "CPU %u/KVM", i);
		pthread_setname_np(c->thread, name);
		__atomic_store_n(&c->started, 1, __ATOMIC_RELEASE);
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}
