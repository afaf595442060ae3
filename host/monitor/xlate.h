/*
 * Guest kernel virtual addresses to guest physical ones, x86-64, 4-level
 * paging:
 *   kernel image [_text, _end)   va - __START_KERNEL_map + phys_base
 *   direct map                   va - page_offset_base (64 TiB of it)
 *   anything else                a walk of the kernel's page tables
 *                                (init_top_pgt, or a CR3 given later)
 * and reads through them. Guest memory is untrusted: every address is
 * checked, every read bounded, and a value that changes while read is
 * reported as torn, never used.
 */
#ifndef KTS_HOST_MONITOR_XLATE_H
#define KTS_HOST_MONITOR_XLATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host/monitor/gmem.h"

#define XLATE_KERNEL_MAP     0xffffffff80000000ull /* __START_KERNEL_map */
#define XLATE_DIRECT_SIZE    (1ull << 46)	   /* 64 TiB direct map, 4-level */
/* page_offset_base without DYNAMIC_MEMORY_LAYOUT (our kernels: no KASLR, 4-level) */
#define XLATE_DIRECT_DEFAULT 0xffff888000000000ull
#define XLATE_KERNEL_HALF    0xffff800000000000ull
#define XLATE_PTE_ADDR	     0x000ffffffffff000ull /* table entry address bits 51:12; 63 is NX, 62:52 software */

enum xlate_rc {
	XLATE_OK = 0,
	XLATE_NONCANON = -1, /* not a kernel address */
	XLATE_UNMAPPED = -2, /* a page-table entry is not present or malformed */
	XLATE_OUTSIDE = -3,  /* the physical address is outside guest RAM */
	XLATE_NOWALK = -4,   /* neither image nor direct map, and no page table */
	XLATE_TORN = -5,     /* the value changed under every read */
	XLATE_BADARG = -6,   /* a size the monitor never reads */
};
const char *xlate_strerror(int rc);

/* Link-time addresses (from .symtab) that translation needs. */
struct xlate_syms {
	uint64_t text, end;	    /* _text, _end */
	uint64_t phys_base;	    /* the variable's address */
	uint64_t init_top_pgt;	    /* kernel page tables' top level */
	uint64_t level3_kernel_pgt; /* what init_top_pgt[511] points to */
	uint64_t page_offset_base;  /* 0 when the kernel has no such variable */
};

struct xlate {
	const struct gmem *mem;
	uint64_t slide;		 /* runtime minus link-time image VA (KASLR); 0 with nokaslr */
	uint64_t phys_base;	 /* image load delta, found in the guest */
	uint64_t img_lo, img_hi; /* runtime VAs of the image */
	uint64_t direct;	 /* direct map base */
	uint64_t pgd;		 /* gpa of the top-level table; 0: no walks */
};

/*
 * Find phys_base (the value that reads back at its own translated address
 * and makes init_top_pgt[511] point at level3_kernel_pgt: first 0, then
 * every 2 MiB load address in guest RAM), then the direct map base and the
 * page table. -1 with err when the guest's memory holds no such kernel (not
 * booted yet, or another kernel than the symbols').
 */
int xlate_init(struct xlate *x, const struct gmem *mem, const struct xlate_syms *s, uint64_t slide, char *err,
	       size_t errlen);

/* Runtime VA of an image symbol given its link-time address. */
static inline uint64_t xlate_sym(const struct xlate *x, uint64_t link)
{
	return link + x->slide;
}

/* Walk from a vCPU's CR3 rather than init_top_pgt (the PCID and no-flush
 * bits are not part of the table's address). */
void xlate_set_cr3(struct xlate *x, uint64_t cr3);

/* gpa of va, and how many bytes from there stay contiguous (span). */
int xlate_va(const struct xlate *x, uint64_t va, uint64_t *gpa, uint64_t *span);
/* The page-table walk alone (host/monitor/xlate_walk.c): at most 4 reads. */
int xlate_walk(const struct xlate *x, uint64_t va, uint64_t *gpa, uint64_t *span);

/* len bytes at va, across pages; 0 or an xlate_rc. */
int xlate_read(const struct xlate *x, uint64_t va, void *buf, size_t len);
/* The same, read until two reads in a row agree (at most tries pairs):
 * XLATE_TORN when they never do. len at most 256. */
int xlate_read_stable(const struct xlate *x, uint64_t va, void *buf, size_t len, unsigned tries);
/* An unsigned integer of size 1, 2, 4 or 8 at va. */
int xlate_read_uint(const struct xlate *x, uint64_t va, uint32_t size, uint64_t *out);

/* VA of a per-CPU variable: __per_cpu_offset[cpu] + off, where pcpu_offsets
 * is the runtime VA of __per_cpu_offset. The result is checked to be a
 * kernel address that translates. */
int xlate_percpu(const struct xlate *x, uint64_t pcpu_offsets, unsigned cpu, uint64_t off, uint64_t *va);

#endif
