/* The image a VM boots through the kernel's PVH entry: vmlinux cut down to
 * what a loader reads (ELF header, program headers, the PT_LOAD and
 * PT_NOTE bytes; no section headers, no DWARF), made once and cached, so
 * QEMU loads 23 MB instead of 125 MB and nothing decompresses under
 * emulation. The full vmlinux stays for its BTF and symbols. */
#ifndef KTS_HOST_KERNEL_KERNEL_PVH_H
#define KTS_HOST_KERNEL_KERNEL_PVH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host/kernel/kernel_cache.h"

/* An x86-64 ELF executable with the XEN_ELFNOTE_PHYS32_ENTRY note inside
 * a PT_NOTE segment, every segment inside the file: 0 and *end, the byte
 * after the last segment; -1 with err saying what is wrong. */
int kernel_pvh_check(const void *elf, size_t len, uint64_t *end, char *err, size_t errlen);

/* Write the cut-down image of the vmlinux at src to dst (through a
 * temporary file and rename, so readers never see half of it). 0, or -1
 * with err. */
int kernel_pvh_write(const char *src, const char *dst, char *err, size_t errlen);

/* The PVH image of k: 1 and its path in out (made now if missing: beside
 * the vmlinux in a cache entry, else under <cache>/pvh/ keyed by the
 * vmlinux's path, size and mtime); 0 if k has no vmlinux or it has no PVH
 * entry (boot the bzImage); -1 with err if it could not be made. */
int kernel_pvh_image(const struct kernel_cache_entry *k, char *out, size_t outlen, char *err, size_t errlen);

/* What a boot of a PVH image may skip, decided once per image and kept
 * beside it in "<image>.facts"; false when unknown. */
struct kernel_pvh_facts {
	/* every ftrace record of the vmlinux is a function's entry: the boot's
	 * scan for weak functions' records has nothing to find (kernel_ftrace.h) */
	bool ftrace_clean;
	/* the image takes lapic_timer_khz= (kconfig/ktsrun.patch) */
	bool lapic_timer_khz;
};

void kernel_pvh_facts(const struct kernel_cache_entry *k, const char *image, struct kernel_pvh_facts *f);
/* The facts from an image's bytes and its vmlinux's ftrace count (for the tests). */
void kernel_pvh_facts_of(const void *image, size_t len, long ftrace_off_entry, struct kernel_pvh_facts *f);

#endif
