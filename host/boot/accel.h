/* Which VM a run uses, decided once per kernel, host kernel and QEMU binary
 * and cached:
 *   1. our kvm backend, when the tiny guest proves this KVM runs the
 *      instructions a kernel needs AND the kernel then boots on it;
 *   2. else QEMU with KVM, when the kernel boots that way, unless the tiny
 *      guest showed that KVM's own instruction emulator fails on them (then
 *      QEMU would fail the same way, after a 30 s timeout);
 *   3. else QEMU with multi-threaded TCG (software emulation).
 * Each step is a real boot (of the kernel, or of the tiny guest on the same
 * KVM), so a choice is never a guess. */
#ifndef KTS_HOST_BOOT_ACCEL_H
#define KTS_HOST_BOOT_ACCEL_H

#include <stddef.h>

#include "vmm/vmm.h"

enum vm_want {
	VM_AUTO,     /* the probe decides */
	VM_KVM_OWN,  /* our kvm backend */
	VM_QEMU_KVM, /* QEMU with KVM */
	VM_QEMU_TCG, /* QEMU with TCG */
};

struct vm_choice {
	const struct vmm_backend *backend;
	enum vmm_accel accel;
};

/* Parse an --accel value: auto, kvm (QEMU with KVM), tcg, own (our VMM). */
int accel_parse(const char *s, enum vm_want *out);
/* Resolve want (AUTO: KTSRUN_ACCEL, else the probe); note gets one line
 * saying which and why. -1 with note as the error when the wanted way
 * cannot be used. */
int accel_resolve(enum vm_want want, const char *kernel, struct vm_choice *out, char *note, size_t len);
/* The way accel_resolve would take, without booting anything: the wanted
 * one, KTSRUN_ACCEL, the cached probe, else QEMU with TCG (no /dev/kvm, or
 * not probed yet: the way that needs nothing). note says which. */
enum vm_want accel_peek(enum vm_want want, const char *kernel, char *note, size_t len);

#endif
