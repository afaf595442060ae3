/* Which acceleration a run uses: KVM where it can run a real kernel here,
 * multi-threaded TCG otherwise. Probed by booting the kernel once under KVM;
 * the answer is cached per kernel, host kernel and QEMU binary. */
#ifndef KTS_ACCEL_H
#define KTS_ACCEL_H

#include <stddef.h>

#include "vmm/vmm.h"

/* Parse "auto", "kvm" or "tcg". 0 or -1. */
int accel_parse(const char *s, enum vmm_accel *out);
/* Resolve want (AUTO: KTSRUN_ACCEL, else the probe) to KVM or TCG and
 * describe the choice in note. -1 with note as the error if KVM was
 * required but cannot be used. */
int accel_resolve(enum vmm_accel want, const char *kernel, enum vmm_accel *out, char *note, size_t len);

#endif
