/* Which way a VM boots. Each change made for a fast boot under TCG can be
 * turned back alone with KTSRUN_BOOT, a comma list of the old ways
 * (doc/vmm.md, "Boot path"): to measure each change beside the old path
 * in one run (bench/boot), and as a way out on a host where one fails. */
#ifndef KTS_HOST_BOOT_BOOTPATH_H
#define KTS_HOST_BOOT_BOOTPATH_H

#include <stddef.h>

enum {
	BOOTPATH_GZIP = 1u << 0,      /* gzip the initramfs (else a plain cpio) */
	BOOTPATH_BZIMAGE = 1u << 1,   /* the bzImage (else the PVH vmlinux image) */
	BOOTPATH_SEABIOS = 1u << 2,   /* QEMU's default firmware (else qboot) */
	BOOTPATH_VERBOSE = 1u << 3,   /* the kernel's whole log on the console (else warnings and worse) */
	BOOTPATH_TSCCAL = 1u << 4,    /* the guest calibrates its TSC (else tsc_early_khz= under TCG) */
	BOOTPATH_PC = 1u << 5,	      /* QEMU's pc machine for every shape (else microvm for one node) */
	BOOTPATH_TSCSYNC = 1u << 6,   /* the guest tests and watches its TSC (else tsc=reliable under TCG) */
	BOOTPATH_INITCALLS = 1u << 7, /* every initcall (else the selftests and the PM timer's skipped) */
	BOOTPATH_UARTS = 1u << 8,     /* the 8250 driver's 4 ports (else 8250.nr_uarts=2) */
	BOOTPATH_APICCAL =
		1u << 9, /* the guest calibrates its APIC timer (else lapic_timer_khz= under TCG) */
	BOOTPATH_ALL = BOOTPATH_GZIP | BOOTPATH_BZIMAGE | BOOTPATH_SEABIOS | BOOTPATH_VERBOSE |
		       BOOTPATH_TSCCAL | BOOTPATH_PC | BOOTPATH_TSCSYNC | BOOTPATH_INITCALLS |
		       BOOTPATH_UARTS | BOOTPATH_APICCAL,
};

/* The old ways KTSRUN_BOOT asks for, parsed once. 0 and *flags, or -1 with
 * one line in err saying what the variable may hold. */
int bootpath_get(unsigned *flags, char *err, size_t len);
/* The same for a given value (NULL or "" for none); for the tests. */
int bootpath_parse(const char *value, unsigned *flags, char *err, size_t len);

#endif
