/* The kvm backend's vmm_backend ops: create a VM from a vmm_config, expose
 * its RAM and serial streams, wait for it, kill and destroy it. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "vmm/kvm.h"
#include "vmm/kvm_acpi.h"
#include "vmm/kvm_boot.h"

#define MIN_MEM_MIB 16u

static int check_config(const struct vmm_config *cfg, char *err, size_t errlen)
{
	if (cfg->accel == VMM_ACCEL_TCG) {
		snprintf(err, errlen, "the kvm backend has no TCG mode; use the qemu backend");
		return -1;
	}
	if (!cfg->topo || !topo_ncpus(cfg->topo) || topo_ncpus(cfg->topo) > TOPO_MAX_CPUS ||
	    !cfg->topo->nodes || cfg->topo->nodes > TOPO_MAX_NODES) {
		snprintf(err, errlen, "topology missing or outside 1..%u CPUs, 1..%u nodes", TOPO_MAX_CPUS,
			 TOPO_MAX_NODES);
		return -1;
	}
	if (cfg->mem_mib < MIN_MEM_MIB * cfg->topo->nodes || (uint64_t)cfg->mem_mib << 20 > KVM_RAM_MAX) {
		snprintf(
			err, errlen,
			"memory %u MiB: need %u..%llu MiB (%u MiB per node; RAM stays below the 32-bit hole)",
			cfg->mem_mib, MIN_MEM_MIB * cfg->topo->nodes, (unsigned long long)(KVM_RAM_MAX >> 20),
			MIN_MEM_MIB);
		return -1;
	}
	return 0;
}

static struct kvm_vm *vm_alloc(void)
{
	struct kvm_vm *vm = calloc(1, sizeof(*vm));

	if (!vm)
		return NULL;
	vm->sys_fd = vm->vm_fd = -1;
	for (unsigned i = 0; i < TOPO_MAX_CPUS; i++)
		vm->vcpu[i].fd = -1;
	pthread_mutex_init(&vm->lock, NULL);
	pthread_cond_init(&vm->cond, NULL);
	vm->exit.state = VMM_RUNNING;
	return vm;
}

static int add_devices(struct kvm_vm *vm, char *err, size_t errlen)
{
	static const uint16_t port[2] = { KVM_COM1_PORT, KVM_COM2_PORT };
	static const unsigned irq[2] = { KVM_COM1_IRQ, KVM_COM2_IRQ };

	for (int i = 0; i < 2; i++) {
		if (kvm_stream_init(&vm->stream[i])) {
			snprintf(err, errlen, "out of memory for serial buffers");
			return -1;
		}
		kvm_uart_init(&vm->uart[i], vm, &vm->stream[i], irq[i]);
		if (kvm_io_register(&vm->bus, KVM_IO_PIO, port[i], 8, kvm_uart_io, &vm->uart[i])) {
			snprintf(err, errlen, "cannot register COM%d", i + 1);
			return -1;
		}
	}
	if (kvm_power_init(vm)) {
		snprintf(err, errlen, "cannot register the power ports");
		return -1;
	}
	return 0;
}

static int load_kernel(struct kvm_vm *vm, const struct vmm_config *cfg, char *err, size_t errlen)
{
	struct kvm_boot_in in = { .cmdline = cfg->cmdline,
				  .initrd_fd = cfg->initrd_fd,
				  .rsdp = KVM_ACPI_BASE };
	struct kvm_boot_out out;
	struct stat st;
	void *img;
	int fd, r;

	fd = open(cfg->kernel, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size <= 0) {
		snprintf(err, errlen, "kernel %s: %s", cfg->kernel,
			 fd < 0 ? strerror(errno) : "empty or unreadable");
		if (fd >= 0)
			close(fd);
		return -1;
	}
	img = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	close(fd);
	if (img == MAP_FAILED) {
		snprintf(err, errlen, "kernel %s: mmap failed: %s", cfg->kernel, strerror(errno));
		return -1;
	}
	in.image = img;
	in.len = (size_t)st.st_size;
	if (kvm_boot_is_elf(in.image, in.len))
		r = kvm_boot_pvh(vm->ram, vm->ram_size, &in, &out, err, errlen);
	else
		r = kvm_boot_bzimage(vm->ram, vm->ram_size, &in, &out, err, errlen);
	munmap(img, in.len);
	if (r)
		return -1;
	return kvm_regs_setup_boot(&vm->vcpu[0], out.entry, out.pvh, out.info, err, errlen);
}

static void kvm_destroy(struct vmm *v);

static int kvm_create(const struct vmm_config *cfg, struct vmm **outp, char *err, size_t errlen)
{
	struct acpi_index ix;
	struct kvm_vm *vm;

	if (check_config(cfg, err, errlen))
		return -1;
	vm = vm_alloc();
	if (!vm) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	vm->base.ops = &vmm_kvm;
	vm->base.vcpu_pid = getpid(); /* our own threads run the vCPUs */
	vm->topo = *cfg->topo;
	vm->ncpus = topo_ncpus(cfg->topo);
	vm->ap_stall_ms = cfg->ap_stall_ms;
	snprintf(vm->base.accel_note, sizeof(vm->base.accel_note),
		 "kvm backend: own micro-VMM on /dev/kvm, %u vCPUs, topology in ACPI and CPUID", vm->ncpus);
	if (add_devices(vm, err, errlen) || kvm_vm_open(vm, (uint64_t)cfg->mem_mib << 20, err, errlen))
		goto out_destroy;
	kvm_regs_build_tables(vm->ram);
	if (acpi_build(vm->ram + KVM_ACPI_BASE, KVM_ACPI_SIZE, KVM_ACPI_BASE, &vm->topo, vm->ram_size, &ix)) {
		snprintf(err, errlen, "ACPI tables do not fit in %llu KiB",
			 (unsigned long long)(KVM_ACPI_SIZE >> 10));
		goto out_destroy;
	}
	if (kvm_vcpus_create(vm, err, errlen) || load_kernel(vm, cfg, err, errlen) ||
	    kvm_vcpus_start(vm, err, errlen))
		goto out_destroy;
	*outp = &vm->base;
	return 0;
out_destroy:
	kvm_destroy(&vm->base);
	return -1;
}

static int kvm_memory(struct vmm *v, const struct vmm_region **regions, unsigned *n)
{
	struct kvm_vm *vm = (struct kvm_vm *)v;

	*regions = &vm->region;
	*n = 1;
	return 0;
}

static ssize_t kvm_read(struct vmm *v, enum vmm_stream s, void *buf, size_t len)
{
	struct kvm_vm *vm = (struct kvm_vm *)v;

	if (s != VMM_COM1 && s != VMM_COM2)
		return -EINVAL;
	return (ssize_t)kvm_stream_get(&vm->stream[s], buf, len);
}

static ssize_t kvm_write(struct vmm *v, enum vmm_stream s, const void *buf, size_t len)
{
	struct kvm_vm *vm = (struct kvm_vm *)v;
	int gone;

	if (s != VMM_COM1 && s != VMM_COM2)
		return -EINVAL;
	pthread_mutex_lock(&vm->lock);
	gone = vm->stopping;
	pthread_mutex_unlock(&vm->lock);
	if (gone)
		return -EPIPE;
	return (ssize_t)kvm_uart_rx_put(&vm->uart[s], buf, len);
}

static void join_all(struct kvm_vm *vm)
{
	for (unsigned i = 0; i < vm->ncpus; i++) {
		struct kvm_vcpu *c = &vm->vcpu[i];

		if (c->started)
			pthread_join(c->thread, NULL);
		c->started = 0;
	}
}

static int kvm_wait(struct vmm *v, int timeout_ms, struct vmm_exit *ex)
{
	struct kvm_vm *vm = (struct kvm_vm *)v;
	struct timespec ts;
	int done;

	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += timeout_ms / 1000;
	ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (ts.tv_nsec >= 1000000000) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000;
	}
	pthread_mutex_lock(&vm->lock);
	while (!(vm->stopping && !vm->running))
		if (pthread_cond_timedwait(&vm->cond, &vm->lock, &ts))
			break;
	done = vm->stopping && !vm->running;
	if (done && ex)
		*ex = vm->exit;
	pthread_mutex_unlock(&vm->lock);
	if (done)
		join_all(vm);
	return done;
}

static void kvm_kill(struct vmm *v)
{
	struct kvm_vm *vm = (struct kvm_vm *)v;

	kvm_vm_end(vm, VMM_KILLED, "killed by the host");
	kvm_vcpus_stop(vm);
}

static void kvm_destroy(struct vmm *v)
{
	struct kvm_vm *vm = (struct kvm_vm *)v;

	if (!vm)
		return;
	kvm_kill(v);
	join_all(vm);
	kvm_vm_close(vm);
	for (int i = 0; i < 2; i++)
		kvm_stream_free(&vm->stream[i]);
	pthread_mutex_destroy(&vm->lock);
	pthread_cond_destroy(&vm->cond);
	free(vm);
}

uint64_t kvm_first_byte_ns(struct vmm *v, enum vmm_stream s)
{
	struct kvm_vm *vm = (struct kvm_vm *)v;
	uint64_t t;

	pthread_mutex_lock(&vm->stream[s].lock);
	t = vm->stream[s].first_ns;
	pthread_mutex_unlock(&vm->stream[s].lock);
	return t;
}

const struct vmm_backend vmm_kvm = {
	.name = "kvm",
	.create = kvm_create,
	.memory = kvm_memory,
	.read = kvm_read,
	.write = kvm_write,
	.wait = kvm_wait,
	.kill = kvm_kill,
	.destroy = kvm_destroy,
};
