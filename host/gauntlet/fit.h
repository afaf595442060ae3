/* Does a topology fit here? Three questions, each with its reason when
 * the answer is no (doc/gauntlet.md writes the rule down):
 *   host    under TCG: vCPUs per host core within a cap; under KVM: vCPUs
 *           within the host's CPUs; guest RAM within the memory cap
 *   vm      what the VM kind can build: QEMU 7.2's pc machine takes 255
 *           CPUs and its APIC IDs up to 254 (no x2APIC in its userspace
 *           APIC); our kvm backend takes x2APIC IDs, but is shown to work
 *           up to FIT_OWN_MAX_CPUS only
 *   kernel  vCPUs within the kernel's CONFIG_NR_CPUS and nodes within its
 *           CONFIG_NODES_SHIFT (the cached kernel's config says) */
#ifndef KTS_HOST_GAUNTLET_FIT_H
#define KTS_HOST_GAUNTLET_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "host/boot/accel.h"
#include "lib/topo.h"

#define FIT_DEF_VCPUS_PER_CORE 4
#define FIT_WHY		       200
/* kvm-tg on this machine: 64 vCPUs report as declared, 128 and 252 do not */
#define FIT_OWN_MAX_CPUS       64

struct fit_env {
	enum vm_want vm;	 /* VM_QEMU_TCG, VM_QEMU_KVM or VM_KVM_OWN */
	char vm_note[300];	 /* how the VM kind was decided */
	unsigned host_cpus;	 /* online logical CPUs */
	unsigned host_cores;	 /* physical cores */
	unsigned vcpus_per_core; /* the TCG cap */
	unsigned mem_cap_mib;	 /* guest RAM of all VMs at once */
	unsigned nr_cpus;	 /* kernel's CONFIG_NR_CPUS; 0: unknown */
	unsigned max_nodes;	 /* 1 << CONFIG_NODES_SHIFT, 1 without NUMA; 0: unknown */
	char kernel[160];	 /* cache key or path, for messages */
};

struct fit {
	bool host, vm, kernel;
	char host_why[FIT_WHY], vm_why[FIT_WHY], kernel_why[FIT_WHY];
};

/* Host CPUs, cores and RAM (cap: half of it), the default TCG cap. */
void fit_env_host(struct fit_env *e);
/* NR_CPUS and nodes from a kernel .config text; unknown when absent. */
void fit_env_config(struct fit_env *e, const char *text, size_t len);
/* The same, read from a file ("" or unreadable: unknown). */
void fit_env_config_file(struct fit_env *e, const char *path);
/* fit_env.c: kernel (arg as --kernel takes it; none cached: unknown) and VM
 * kind (accel_peek) into e, after fit_env_host. Boots nothing. */
void fit_env_resolve(struct fit_env *e, const char *kernel, enum vm_want want);
/* Three lines: the VM kind, the host and its caps, the kernel. */
void fit_env_print(FILE *f, const struct fit_env *e);
void fit_check(const struct fit_env *e, const struct topo *t, unsigned mem_mib, struct fit *out);
bool fit_ok(const struct fit *f);
/* The first reason it does not fit ("" when it does). */
const char *fit_reason(const struct fit *f);
/* The highest APIC ID QEMU gives this shape (its x86 topology layout:
 * thread, core, die, socket fields, each ceil(log2(count)) bits wide). */
unsigned fit_qemu_apic_max(const struct topo *t);
/* Host CPUs a VM of ncpus vCPUs reserves (-j): under TCG ncpus / cap cores
 * rounded up, with their SMT siblings; under KVM one per vCPU. At most all
 * of them. */
unsigned fit_reserve(const struct fit_env *e, unsigned ncpus);

#endif
