/* The kvm backend: our own micro-VMM on /dev/kvm.
 *
 * One struct kvm_vm per VM. Files by concern:
 *   kvm.c        the vmm_backend ops (create, memory, read, write, wait, kill, destroy)
 *   kvm_vm.c     /dev/kvm, the capability table, VM, RAM, irqchip, PIT
 *   kvm_boot.c   bzImage (64-bit boot protocol) and vmlinux (PVH) loading
 *   kvm_regs.c   page tables, GDT and the registers each entry wants
 *   kvm_cpuid.c  APIC IDs and the CPUID leaves of the declared topology
 *   kvm_acpi.c   RSDP, XSDT, FADT, DSDT, MADT, SRAT, SLIT
 *   kvm_e820.c   the guest memory map
 *   kvm_io.c     the I/O bus: port I/O and MMIO, one handler signature
 *   kvm_uart.c   16550 UARTs (COM1, COM2): output rings, receive path
 *   kvm_power.c  power-off and reset ports
 *   kvm_vcpu.c   one thread per vCPU and its run loop
 *   kvm_probe.c  can this host's KVM run a kernel?
 *
 * Guest physical layout (all RAM below the 32-bit PCI hole, one slot):
 *   0x0500  GDT             0x7000  zero page / PVH start info
 *   0x9000  PML4, 0xa000 PDPT, 0xb000..0xefff four PDs (4 GiB identity, 2 MiB pages)
 *   0x20000 command line    0xe0000..0xfffff ACPI tables (RSDP first), reserved
 *   kernel at its preferred address, initrd at the top under initrd_addr_max */
#ifndef KTS_KVM_H
#define KTS_KVM_H

#include <linux/kvm.h>
#include <pthread.h>
#include <stdint.h>

#include "lib/topo.h"
#include "vmm/vmm.h"

#define KVM_GDT_ADDR	0x500ull
#define KVM_ZERO_PAGE	0x7000ull
#define KVM_PML4	0x9000ull
#define KVM_PDPT	0xa000ull
#define KVM_PD		0xb000ull
#define KVM_CMDLINE	0x20000ull
#define KVM_CMDLINE_MAX 4096u
#define KVM_ACPI_BASE	0xe0000ull
#define KVM_ACPI_SIZE	0x20000ull
#define KVM_HIGH_MEM	0x100000ull
#define KVM_EBDA	0x9fc00ull
#define KVM_RAM_MAX	(3ull << 30) /* below the 32-bit hole at 0xc0000000 */
#define KVM_TSS_ADDR	0xfffbd000ull
#define KVM_IDENT_ADDR	0xfffbc000ull
#define KVM_IOAPIC_ADDR 0xfec00000ull
#define KVM_LAPIC_ADDR	0xfee00000ull

/* Fixed ports of our devices. */
#define KVM_COM1_PORT	0x3f8
#define KVM_COM2_PORT	0x2f8
#define KVM_COM1_IRQ	4
#define KVM_COM2_IRQ	3
#define KVM_SLEEP_PORT	0x600 /* FADT sleep control/status (hardware-reduced) */
#define KVM_RESET_PORT	0xcf9 /* FADT reset register */
#define KVM_RESET_VALUE 0x06
#define KVM_I8042_PORT	0x64 /* 0xfe written here pulses reset */
#define KVM_S5_TYP	5    /* SLP_TYP of \_S5 in our DSDT */

struct kvm_vm;
struct kvm_vcpu;

/* ---- I/O bus (kvm_io.c) ---- */
enum kvm_io_space { KVM_IO_PIO, KVM_IO_MMIO };

/* One signature for port I/O and MMIO. data holds len bytes (1..8): read
 * handlers fill it, write handlers consume it. Returns 0, or -1 if the
 * access is refused (reads then see 0xff). */
typedef int (*kvm_io_fn)(struct kvm_vcpu *vcpu, uint64_t addr, uint8_t *data, uint32_t len, int is_write,
			 void *ptr);

struct kvm_io_range {
	enum kvm_io_space space;
	uint64_t base, len;
	kvm_io_fn fn;
	void *ptr;
};

#define KVM_IO_MAX 16

struct kvm_io_bus {
	struct kvm_io_range r[KVM_IO_MAX];
	unsigned n;
	unsigned long unhandled; /* accesses nobody claimed */
};

int kvm_io_register(struct kvm_io_bus *bus, enum kvm_io_space space, uint64_t base, uint64_t len,
		    kvm_io_fn fn, void *ptr);
/* Dispatch one access; unclaimed reads return all ones. */
void kvm_io_access(struct kvm_io_bus *bus, struct kvm_vcpu *vcpu, enum kvm_io_space space, uint64_t addr,
		   uint8_t *data, uint32_t len, int is_write);

/* ---- output streams of the UARTs (kvm_uart.c) ---- */
struct kvm_stream {
	pthread_mutex_t lock;
	uint8_t *buf;
	size_t cap, head, len; /* ring */
	unsigned long dropped;
	uint64_t first_ns; /* CLOCK_MONOTONIC of the first byte, 0 until then */
};

/* Bytes from the host waiting for the guest to read them (RBR): more than a
 * 16550's 16-byte FIFO so the host needs fewer writes, bounded so a guest
 * that never reads cannot make us hold more. */
#define KVM_UART_RX_MAX 4096u

struct kvm_uart {
	struct kvm_vm *vm;
	struct kvm_stream *out;
	unsigned irq;
	pthread_mutex_t lock;
	uint8_t ier, iir_thre, lcr, mcr, scr, dll, dlm, fcr;
	int irq_level;
	uint8_t rx[KVM_UART_RX_MAX]; /* ring */
	unsigned rx_head, rx_len;
};

void kvm_uart_init(struct kvm_uart *u, struct kvm_vm *vm, struct kvm_stream *out, unsigned irq);
int kvm_uart_io(struct kvm_vcpu *vcpu, uint64_t addr, uint8_t *data, uint32_t len, int is_write, void *ptr);
/* Host to guest: queue up to n bytes for the guest to receive and raise the
 * receive interrupt if the guest enabled it. Returns how many were taken. */
size_t kvm_uart_rx_put(struct kvm_uart *u, const uint8_t *p, size_t n);
int kvm_stream_init(struct kvm_stream *s);
void kvm_stream_free(struct kvm_stream *s);
void kvm_stream_put(struct kvm_stream *s, const uint8_t *p, size_t n);
size_t kvm_stream_get(struct kvm_stream *s, uint8_t *p, size_t n);

/* ---- the VM ---- */
struct kvm_vcpu {
	struct kvm_vm *vm;
	unsigned index;	  /* CPU number in the declared topology */
	unsigned apic_id; /* also the KVM vcpu id */
	int fd;
	struct kvm_run *run;
	pthread_t thread;
	int started;
};

struct kvm_vm {
	struct vmm base; /* must stay first */
	int sys_fd, vm_fd;
	size_t run_size;
	uint8_t *ram;
	uint64_t ram_size;
	struct vmm_region region;
	struct topo topo;
	unsigned ncpus;
	unsigned ap_stall_ms; /* vmm_config's, tests only */
	struct kvm_vcpu vcpu[TOPO_MAX_CPUS];
	struct kvm_io_bus bus;
	struct kvm_stream stream[2]; /* VMM_COM1, VMM_COM2 */
	struct kvm_uart uart[2];
	uint64_t entry; /* where the boot vCPU starts */
	int entry_pvh;	/* 32-bit PVH entry instead of 64-bit boot protocol */
	uint64_t cmdline_gpa;

	pthread_mutex_t lock; /* state, exit, stopping */
	pthread_cond_t cond;
	int stopping;
	unsigned running; /* vCPU threads still in their loop */
	struct vmm_exit exit;
};

/* kvm_vm.c */
int kvm_vm_open(struct kvm_vm *vm, uint64_t ram_size, char *err, size_t errlen);
void kvm_vm_close(struct kvm_vm *vm);
/* Guest physical range -> host pointer, or NULL when not wholly in RAM. */
void *kvm_gpa(struct kvm_vm *vm, uint64_t gpa, uint64_t len);
/* The capability we rely on that this KVM lacks, or NULL. */
const char *kvm_missing_cap(int sys_fd);

/* kvm_vcpu.c */
int kvm_vcpus_create(struct kvm_vm *vm, char *err, size_t errlen);
int kvm_vcpus_start(struct kvm_vm *vm, char *err, size_t errlen);
/* End the VM with state and a detail line; the first caller wins. */
void kvm_vm_end(struct kvm_vm *vm, enum vmm_state state, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void kvm_vcpus_stop(struct kvm_vm *vm);

/* kvm_power.c */
int kvm_power_init(struct kvm_vm *vm);

/* kvm.c: CLOCK_MONOTONIC ns of the first byte on a stream, 0 before. */
uint64_t kvm_first_byte_ns(struct vmm *vm, enum vmm_stream s);

/* kvm_probe.c: whether this host's KVM runs the instructions a kernel needs
 * (checked by a test guest); the reason is in why either way. */
enum kvm_probe_res {
	KVM_PROBE_NO = 0,   /* our VMM cannot use it (or the check could not run) */
	KVM_PROBE_OK = 1,   /* every check ran correctly */
	KVM_PROBE_HOST = 2, /* KVM's own instruction emulator fails on some: no
			     * VMM on this KVM can boot a kernel, QEMU included */
};
enum kvm_probe_res kvm_probe(char *why, size_t len);
/* The embedded tiny guest in a memfd; path gets /proc/self/fd/N. The fd,
 * or -1. */
int kvm_tinyguest_path(char *path, size_t len);

/* kvm_regs.c */
void kvm_regs_build_tables(uint8_t *ram);
int kvm_regs_setup_boot(struct kvm_vcpu *vcpu, uint64_t entry, int pvh, uint64_t info, char *err,
			size_t errlen);

#endif
