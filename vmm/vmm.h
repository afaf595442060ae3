/* The VM backend interface. The run loop, the monitor and the result
 * channel only use this; backends (qemu, kvm) hide everything else. */
#ifndef KTS_VMM_H
#define KTS_VMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "lib/topo.h"

enum vmm_accel {
	VMM_ACCEL_AUTO, /* probe: kvm when it can run a kernel, else tcg */
	VMM_ACCEL_KVM,
	VMM_ACCEL_TCG,
};

enum vmm_stream {
	VMM_COM1, /* kernel console: output, and input for the shell */
	VMM_COM2, /* framed channel: records to the host, requests to the guest */
};

struct vmm_config {
	const char *kernel;   /* bzImage, or a PVH vmlinux image */
	const char *firmware; /* -bios for QEMU's pc machine; NULL: its default (SeaBIOS) */
	bool microvm;	      /* QEMU's microvm machine: one NUMA node only (no SRAT/SLIT) */
	int initrd_fd;	      /* gzip cpio, readable; -1 for none */
	const char *cmdline;
	const struct topo *topo;
	unsigned mem_mib; /* total, split evenly over nodes */
	enum vmm_accel accel;
	/* kvm, tests only: each AP vCPU thread starts this late, as a vCPU
	 * of an overcommitted host that gets the CPU late (kvm-tg --stall-aps) */
	unsigned ap_stall_ms;
};

/* Guest physical memory as the host process sees it. */
struct vmm_region {
	uint64_t gpa;
	uint64_t size;
	void *host;
};

enum vmm_state {
	VMM_RUNNING,
	VMM_EXITED, /* guest powered off or reset (we never let it reboot) */
	VMM_FAILED, /* the backend itself failed; see detail */
	VMM_KILLED, /* we killed it */
};

struct vmm_exit {
	enum vmm_state state;
	int status;	  /* backend exit status where it has one */
	char detail[256]; /* one line */
};

struct vmm;

struct vmm_backend {
	const char *name;
	int (*create)(const struct vmm_config *cfg, struct vmm **out, char *err, size_t errlen);
	int (*memory)(struct vmm *vm, const struct vmm_region **regions, unsigned *n);
	/* Non-blocking: bytes available now on a stream, 0 if none. */
	ssize_t (*read)(struct vmm *vm, enum vmm_stream s, void *buf, size_t len);
	/* Non-blocking: bytes the stream took now (what the guest can receive
	 * right away, bounded by the backend), 0 if it is full, -EPIPE once
	 * the VM is gone. Call from one thread at a time. */
	ssize_t (*write)(struct vmm *vm, enum vmm_stream s, const void *buf, size_t len);
	/* Wait up to timeout_ms; fills ex and returns 1 once the VM is gone. */
	int (*wait)(struct vmm *vm, int timeout_ms, struct vmm_exit *ex);
	void (*kill)(struct vmm *vm);
	/* Kill if needed and release everything: processes, memory, fds. */
	void (*destroy)(struct vmm *vm);
};

/* Every backend object starts with this. */
struct vmm {
	const struct vmm_backend *ops;
	char accel_note[160]; /* which acceleration and why, one line */
	/* the process whose threads named "CPU N/..." run the vCPUs (QEMU's,
	 * or ours with the kvm backend), so the monitor can read their host
	 * CPU time; 0: not known */
	pid_t vcpu_pid;
};

extern const struct vmm_backend vmm_qemu;
extern const struct vmm_backend vmm_kvm;

#endif
