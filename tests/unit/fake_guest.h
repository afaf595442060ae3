/*
 * A synthetic guest for the monitor's tests: a small BTF built with
 * libbpf's btf__add_* API (layouts deliberately unlike 6.12's, so nothing
 * can pass by knowing the real kernel), and guest RAM in two "nodes" with a
 * kernel image, page tables, per-CPU areas and a direct-map heap placed at
 * the addresses the monitor translates.
 */
#ifndef KTS_TESTS_UNIT_FAKE_GUEST_H
#define KTS_TESTS_UNIT_FAKE_GUEST_H

#include <stdint.h>

#include "host/monitor/gmem.h"
#include "host/monitor/layout.h"
#include "host/monitor/xlate.h"

struct btf;

/* Variants of the fixture BTF. */
enum {
	FAKE_BTF_NO_SCX_FLAGS = 1, /* struct scx_rq without flags */
	FAKE_BTF_CLOCK_U32 = 2,	   /* rq.clock 4 bytes wide */
	FAKE_BTF_PID_BITS = 4,	   /* task_struct.pid a bit field */
	FAKE_BTF_NO_TASK = 8,	   /* no struct task_struct at all */
};
struct btf *fake_btf_new(unsigned flags);

/* The fixture's own layout, which the BTF above encodes. */
enum {
	FAKE_RQ_NR_RUNNING = 4,
	FAKE_RQ_CURR = 16, /* inside an anonymous union */
	FAKE_RQ_IDLE = 24,
	FAKE_RQ_CLOCK = 40,
	FAKE_RQ_CPU = 60,
	FAKE_RQ_SCX = 128,
	FAKE_SCX_LOCAL_DSQ = 0,
	FAKE_SCX_RUNNABLE_LIST = 64,
	FAKE_SCX_NR_RUNNING = 96,
	FAKE_SCX_FLAGS = 100,
	FAKE_DSQ_NR = 40,
	FAKE_TASK_POLICY = 20,
	FAKE_TASK_SCX = 64,
	FAKE_SEE_RUNNABLE_NODE = 16,
	FAKE_SEE_RUNNABLE_AT = 40,
	FAKE_TASK_PID = 200,
	FAKE_TASK_COMM = 216,
	FAKE_RQ_SIZE = 1024,
	FAKE_TASK_SIZE = 512,
};

#define FAKE_NODE_SIZE (16u << 20)
#define FAKE_TEXT      0xffffffff81000000ull /* link-time _text */
#define FAKE_NCPUS     4

/* Link-time symbol addresses, offsets from _text (per-CPU: from 0). */
enum {
	FAKE_OFF_PHYS_BASE = 0x1000,
	FAKE_OFF_PER_CPU_OFFSET = 0x2000,
	FAKE_OFF_NR_CPU_IDS = 0x3000,
	FAKE_OFF_JIFFIES = 0x3008,
	FAKE_OFF_SCX_STATE = 0x3010,
	FAKE_OFF_SCX_EXIT_KIND = 0x3014,
	FAKE_OFF_SCX_BYPASS = 0x3018,
	FAKE_OFF_SCX_WATCHDOG = 0x3020,
	FAKE_OFF_SCX_REJECTED = 0x3028,
	FAKE_OFF_GLOBAL_DSQS = 0x3030,
	FAKE_OFF_NR_NODE_IDS = 0x3038,
	FAKE_OFF_INIT_TASK = 0x4000,
	FAKE_OFF_TOP_PGT = 0x10000,
	FAKE_OFF_L3_PGT = 0x11000,
	FAKE_IMAGE_SIZE = 0x200000,
	FAKE_RUNQUEUES = 0x1000, /* per-CPU offset */
};

struct fake_guest {
	uint8_t *ram; /* both nodes, contiguous */
	struct vmm_region reg[2];
	struct gmem_regions rs;
	struct gmem mem;
	uint64_t load;	/* gpa of _text */
	uint64_t pcpu;	/* gpa of CPU 0's per-CPU area (CPU n: + n * FAKE_PCPU_STRIDE) */
	uint64_t heap;	/* next free gpa for fake_alloc */
	uint64_t pgtbl; /* next free gpa for page tables */
	struct xlate_syms syms;
	struct layout layout; /* from fake_btf_new(0) and the symbols above */
	struct xlate x;	      /* after fake_guest_attach */
};
#define FAKE_PCPU_STRIDE 0x40000u

/* Lay out a booted guest whose image sits at gpa load (2 MiB aligned). */
void fake_guest_init(struct fake_guest *g, uint64_t load);
void fake_guest_free(struct fake_guest *g);
/* xlate_init over the guest; 0 or -1 (the test fails, with err). */
int fake_guest_attach(struct fake_guest *g);

void *fake_at(struct fake_guest *g, uint64_t gpa);
void fake_put(struct fake_guest *g, uint64_t gpa, uint64_t v, unsigned size);
uint64_t fake_image_gpa(const struct fake_guest *g, uint64_t off);
/* size bytes of zeroed direct-map memory: returns its VA. */
uint64_t fake_alloc(struct fake_guest *g, uint64_t size);
uint64_t fake_va_to_gpa(uint64_t direct_va);
/* Map va to gpa with a page of 4 KiB, 2 MiB or 1 GiB in the kernel tables. */
void fake_map(struct fake_guest *g, uint64_t va, uint64_t gpa, uint64_t page);
/* CPU n's runqueue VA. */
uint64_t fake_rq(const struct fake_guest *g, unsigned cpu);

#endif
