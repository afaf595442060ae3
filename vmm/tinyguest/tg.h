/* What the tiny test guest sends on COM2, shared by the guest (tg.c) and
 * the host side (tests, bench, probe). Frames as in lib/frame.h; types
 * above proto.h's range so a ktsrun run parser ignores them. All little
 * endian, fixed layout. With "echo" on the command line the guest only reads
 * a line from COM2, polling LSR's data-ready bit, and sends it back. */
#ifndef KTS_TG_H
#define KTS_TG_H

#include <stdint.h>

enum tg_rec {
	TG_HELLO = 0x100, /* payload: "tinyguest" */
	TG_CPU = 0x101,	  /* struct tg_cpu, then nleaves struct tg_leaf */
	TG_DONE = 0x102,  /* struct tg_done */
	TG_PROBE = 0x103, /* struct tg_probe */
	TG_ERROR = 0x104, /* text */
	TG_ECHO = 0x105,  /* the bytes read from COM2 up to a newline ("echo" mode) */
};

#define TG_ECHO_MAX 128u

struct tg_leaf {
	uint32_t fn, idx, eax, ebx, ecx, edx;
};

struct tg_cpu {
	uint32_t lapic_id; /* from the local APIC's ID register */
	uint32_t nleaves;
};

struct tg_done {
	uint32_t madt_cpus; /* enabled processors in the MADT */
	uint32_t reported;  /* CPUs that sent TG_CPU (the BSP included) */
};

/* Instructions the probe runs, one per VM ("probe=N" on the command line). */
enum tg_probe_insn {
	TG_PROBE_NONE,	     /* just a 64-bit guest */
	TG_PROBE_CMPXCHG16B, /* kernel: this_cpu_cmpxchg_double, SLUB */
	TG_PROBE_XSAVE,	     /* kernel: FPU init (xsetbv, xsave, xrstor) */
	TG_PROBE_BMI2,	     /* decompressor built with -march BMI2 paths (shlx) */
	TG_PROBE_POPCNT,     /* hweight */
	TG_PROBE_LZCNT,	     /* fls via lzcnt: wrong if treated as bsr */
	TG_PROBE_COUNT,
};

struct tg_probe {
	uint32_t insn, ok;
};

#endif
