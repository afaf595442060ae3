/* Address translation over a synthetic guest: image, direct map, per-CPU,
 * page walks, bounds, torn values. */
#include <stdlib.h>

#include "host/monitor/xlate.h"
#include "tests/unit/fake_guest.h"
#include "tests/unit/tu.h"

TU_TEST(monitor_xlate_image_and_direct_map)
{
	struct fake_guest g;
	uint64_t gpa, span, v;

	fake_guest_init(&g, 0x1000000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	TU_EQ_INT(g.x.phys_base, 0);
	TU_EQ_INT(g.x.direct, XLATE_DIRECT_DEFAULT);
	TU_EQ_INT(xlate_va(&g.x, FAKE_TEXT + 0x1234, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, 0x1001234);
	TU_EQ_INT(span, FAKE_IMAGE_SIZE - 0x1234);
	TU_EQ_INT(xlate_va(&g.x, XLATE_DIRECT_DEFAULT + 0x5000, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, 0x5000);
	TU_EQ_INT(xlate_read_uint(&g.x, FAKE_TEXT + FAKE_OFF_NR_CPU_IDS, 4, &v), XLATE_OK);
	TU_EQ_INT(v, FAKE_NCPUS);
	/* user addresses, and direct-map addresses past guest RAM */
	TU_EQ_INT(xlate_read_uint(&g.x, 0x400000, 8, &v), XLATE_NONCANON);
	TU_EQ_INT(xlate_read_uint(&g.x, XLATE_DIRECT_DEFAULT + 2ull * FAKE_NODE_SIZE, 8, &v), XLATE_OUTSIDE);
	TU_EQ_INT(xlate_read_uint(&g.x, XLATE_DIRECT_DEFAULT + 2ull * FAKE_NODE_SIZE - 4, 8, &v),
		  XLATE_OUTSIDE);
	TU_EQ_INT(xlate_read_uint(&g.x, FAKE_TEXT, 3, &v), XLATE_BADARG);
	TU_EQ_INT(xlate_read(&g.x, 0xfffffffffffffff0ull, &v, 32), XLATE_NONCANON); /* wraps */
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_reads_across_nodes_and_never_partly)
{
	struct fake_guest g;
	uint8_t buf[16];

	fake_guest_init(&g, 0x1000000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	memset(fake_at(&g, FAKE_NODE_SIZE - 8), 0xaa, 8);
	memset(fake_at(&g, FAKE_NODE_SIZE), 0xbb, 8);
	TU_EQ_INT(xlate_read(&g.x, XLATE_DIRECT_DEFAULT + FAKE_NODE_SIZE - 8, buf, 16), XLATE_OK);
	TU_EQ_INT(buf[7], 0xaa);
	TU_EQ_INT(buf[8], 0xbb);
	/* one byte past RAM: nothing is copied */
	memset(buf, 0x11, sizeof(buf));
	fake_put(&g, 2ull * FAKE_NODE_SIZE - 8, 0x2222222222222222ull, 8);
	TU_EQ_INT(gmem_read(&g.mem, 2ull * FAKE_NODE_SIZE - 8, buf, 9), -1);
	TU_EQ_INT(buf[0], 0x11);
	TU_EQ_INT(gmem_read(&g.mem, ~0ull - 3, buf, 8), -1); /* wraps */
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_finds_a_relocated_image)
{
	struct fake_guest g;
	uint64_t v;

	/* loaded at 6 MiB although linked for 16 MiB: phys_base is negative */
	fake_guest_init(&g, 0x600000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	TU_EQ_INT(g.x.phys_base, 0x600000 - 0x1000000);
	TU_EQ_INT(xlate_read_uint(&g.x, FAKE_TEXT + FAKE_OFF_NR_CPU_IDS, 4, &v), XLATE_OK);
	TU_EQ_INT(v, FAKE_NCPUS);
	TU_EQ_INT(g.x.pgd, 0x600000 + FAKE_OFF_TOP_PGT);
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_refuses_memory_without_this_kernel)
{
	struct fake_guest g;
	char err[256];

	fake_guest_init(&g, 0x1000000);
	/* phys_base agrees but init_top_pgt does not: a lookalike is not enough */
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_TOP_PGT) + 511 * 8, 0x5063, 8);
	TU_EQ_INT(xlate_init(&g.x, &g.mem, &g.syms, 0, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "guest memory holds no kernel matching these symbols"));
	memset(g.ram, 0, 2 * FAKE_NODE_SIZE); /* not booted: all zero */
	TU_EQ_INT(xlate_init(&g.x, &g.mem, &g.syms, 0, err, sizeof(err)), -1);
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_page_offset_base_from_the_guest)
{
	struct fake_guest g;
	char err[256] = "";
	uint64_t gpa, span;

	fake_guest_init(&g, 0x1000000);
	g.syms.page_offset_base = FAKE_TEXT + 0x3100;
	fake_put(&g, fake_image_gpa(&g, 0x3100), 0xffff9a0000000000ull, 8); /* a randomised base */
	TU_EQ_INT(xlate_init(&g.x, &g.mem, &g.syms, 0, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	TU_EQ_INT(xlate_va(&g.x, 0xffff9a0000004000ull, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, 0x4000);
	fake_put(&g, fake_image_gpa(&g, 0x3100), 0x1000, 8);
	TU_EQ_INT(xlate_init(&g.x, &g.mem, &g.syms, 0, err, sizeof(err)), -1);
	TU_EQ_STR(err, "the guest's page_offset_base (0x1000) is not a kernel address");
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_page_walk_4k_2m_1g)
{
	const uint64_t vm = 0xffffc90000000000ull;
	struct fake_guest g;
	uint64_t gpa, span, v;

	fake_guest_init(&g, 0x1000000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	fake_map(&g, vm, 0x1a03000, 4096);
	fake_map(&g, vm + 4096, 0x1a00000, 4096); /* the next page is elsewhere */
	fake_map(&g, vm + (1ull << 30), 0x200000, 2u << 20);
	fake_map(&g, 0xffffea0000000000ull, 0x40000000, 1u << 30); /* 1 GiB page past RAM */
	TU_EQ_INT(xlate_va(&g.x, vm + 0x10, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, 0x1a03010);
	TU_EQ_INT(span, 4096 - 0x10);
	TU_EQ_INT(xlate_va(&g.x, vm + (1ull << 30) + 0x12345, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, 0x212345);
	TU_EQ_INT(span, (2u << 20) - 0x12345);
	TU_EQ_INT(xlate_va(&g.x, 0xffffea0000000000ull + 0x123456, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, 0x40123456);
	TU_EQ_INT(xlate_read_uint(&g.x, 0xffffea0000000000ull, 8, &v), XLATE_OUTSIDE);
	/* a read across two 4 KiB pages joins both */
	fake_put(&g, 0x1a03ffc, 0x11111111, 4);
	fake_put(&g, 0x1a00000, 0x22222222, 4);
	TU_EQ_INT(xlate_read_uint(&g.x, vm + 4092, 8, &v), XLATE_OK);
	TU_EQ_INT(v, 0x2222222211111111ull);
	/* not present, a PS bit where none is allowed, tables outside RAM */
	TU_EQ_INT(xlate_va(&g.x, vm + 8192, &gpa, &span), XLATE_UNMAPPED);
	TU_EQ_INT(xlate_va(&g.x, 0xffffc88000000000ull, &gpa, &span), XLATE_UNMAPPED);
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_TOP_PGT) + 416 * 8, 0x1000 | 0x80 | 1, 8);
	TU_EQ_INT(xlate_va(&g.x, 0xffffd00000000000ull, &gpa, &span), XLATE_UNMAPPED);
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_TOP_PGT) + 416 * 8, 0x7f0000000000ull | 1, 8);
	TU_EQ_INT(xlate_va(&g.x, 0xffffd00000000000ull, &gpa, &span), XLATE_OUTSIDE);
	g.x.pgd = 0;
	TU_EQ_INT(xlate_va(&g.x, vm, &gpa, &span), XLATE_NOWALK);
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_walks_from_a_cr3)
{
	const uint64_t vm = 0xffffc90000000000ull;
	struct fake_guest g;
	uint64_t gpa, span, top2 = 0x1f00000;

	fake_guest_init(&g, 0x1000000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	fake_map(&g, vm, 0x1a03000, 4096);
	/* another process's top table: same kernel half, one entry of it here */
	memcpy(fake_at(&g, top2 + ((vm >> 39) & 511) * 8),
	       fake_at(&g, fake_image_gpa(&g, FAKE_OFF_TOP_PGT) + ((vm >> 39) & 511) * 8), 8);
	xlate_set_cr3(&g.x, top2 | 0x8000000000000005ull); /* no-flush bit, PCID 5 */
	TU_EQ_INT(g.x.pgd, top2);
	TU_EQ_INT(xlate_va(&g.x, vm + 0x20, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, 0x1a03020);
	xlate_set_cr3(&g.x, top2 + 0x1000); /* an empty table */
	TU_EQ_INT(xlate_va(&g.x, vm, &gpa, &span), XLATE_UNMAPPED);
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_kaslr_slide)
{
	const uint64_t slide = 0x3400000, load = 0x1000000;
	struct fake_guest g;
	char err[256] = "";
	uint64_t v;

	fake_guest_init(&g, load);
	/* the image runs at _text + slide: phys_base is what the kernel computed for that */
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_PHYS_BASE), load - (FAKE_TEXT + slide - XLATE_KERNEL_MAP),
		 8);
	TU_EQ_INT(xlate_init(&g.x, &g.mem, &g.syms, slide, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	TU_EQ_INT(xlate_read_uint(&g.x, xlate_sym(&g.x, FAKE_TEXT + FAKE_OFF_NR_CPU_IDS), 4, &v), XLATE_OK);
	TU_EQ_INT(v, FAKE_NCPUS);
	/* link-time addresses are outside the image now */
	TU_CHECK(xlate_read_uint(&g.x, FAKE_TEXT + FAKE_OFF_NR_CPU_IDS, 4, &v) != XLATE_OK ||
		 v != FAKE_NCPUS);
	/* without the slide the guest does not match: refused, not misread */
	TU_EQ_INT(xlate_init(&g.x, &g.mem, &g.syms, 0, err, sizeof(err)), -1);
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_page_walk_loops_end)
{
	const uint64_t vm = 0xffffc90000000000ull;
	struct fake_guest g;
	uint64_t top, gpa, span;

	fake_guest_init(&g, 0x1000000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	/* every level points back at the top table: four reads, then a "page" */
	top = fake_image_gpa(&g, FAKE_OFF_TOP_PGT);
	for (unsigned i = 0; i < 512; i++)
		if (i != 511)
			fake_put(&g, top + i * 8, top | 0x63, 8);
	TU_EQ_INT(xlate_va(&g.x, vm, &gpa, &span), XLATE_OK);
	TU_EQ_INT(gpa, top);
	fake_guest_free(&g);
}

TU_TEST(monitor_xlate_percpu)
{
	struct fake_guest g;
	uint64_t va, v;

	fake_guest_init(&g, 0x1000000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	for (unsigned c = 0; c < FAKE_NCPUS; c++) {
		TU_EQ_INT(xlate_percpu(&g.x, FAKE_TEXT + FAKE_OFF_PER_CPU_OFFSET, c, FAKE_RUNQUEUES, &va),
			  XLATE_OK);
		TU_EQ_INT(va, XLATE_DIRECT_DEFAULT + 0x100000 + c * FAKE_PCPU_STRIDE + FAKE_RUNQUEUES);
		TU_EQ_INT(xlate_read_uint(&g.x, va + g.layout.m[LM_RQ_CPU].off, 4, &v), XLATE_OK);
		TU_EQ_INT(v, c);
	}
	/* an offset the guest never set, and one pointing past RAM */
	TU_EQ_INT(xlate_percpu(&g.x, FAKE_TEXT + FAKE_OFF_PER_CPU_OFFSET, FAKE_NCPUS, FAKE_RUNQUEUES, &va),
		  XLATE_NONCANON);
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_PER_CPU_OFFSET) + 8, XLATE_DIRECT_DEFAULT + (1ull << 40), 8);
	TU_EQ_INT(xlate_percpu(&g.x, FAKE_TEXT + FAKE_OFF_PER_CPU_OFFSET, 1, FAKE_RUNQUEUES, &va), XLATE_OK);
	TU_EQ_INT(xlate_read_uint(&g.x, va, 8, &v), XLATE_OUTSIDE);
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_PER_CPU_OFFSET) + 8, ~0ull - 8, 8);
	TU_EQ_INT(xlate_percpu(&g.x, FAKE_TEXT + FAKE_OFF_PER_CPU_OFFSET, 1, FAKE_RUNQUEUES, &va),
		  XLATE_NONCANON);
	/* a cpu number past __per_cpu_offset[] and the image: walked, not mapped */
	TU_EQ_INT(xlate_percpu(&g.x, FAKE_TEXT + FAKE_OFF_PER_CPU_OFFSET, 1u << 20, FAKE_RUNQUEUES, &va),
		  XLATE_UNMAPPED);
	fake_guest_free(&g);
}

/* A reader whose word at one address changes on each of the first n reads,
 * as a vCPU writing it would. */
struct flaky {
	struct gmem inner;
	uint64_t gpa;
	unsigned changes, reads;
};

static int flaky_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	struct flaky *f = ctx;
	int rc = gmem_read(&f->inner, gpa, buf, len);

	if (!rc && gpa <= f->gpa && f->gpa < gpa + len && f->reads++ < f->changes)
		((uint8_t *)buf)[f->gpa - gpa] ^= (uint8_t)f->reads;
	return rc;
}

static const struct gmem_ops flaky_ops = { .read = flaky_read };

TU_TEST(monitor_xlate_torn_values_are_retried_or_refused)
{
	struct fake_guest g;
	struct flaky f;
	struct gmem m;
	uint8_t buf[32];
	uint64_t comm = FAKE_TEXT + FAKE_OFF_INIT_TASK + FAKE_TASK_COMM;

	fake_guest_init(&g, 0x1000000);
	TU_EQ_INT(fake_guest_attach(&g), 0);
	f = (struct flaky){ .inner = g.mem,
			    .gpa = fake_image_gpa(&g, FAKE_OFF_INIT_TASK + FAKE_TASK_COMM + 3) };
	m = (struct gmem){ &flaky_ops, &f, g.mem.end };
	g.x.mem = &m;
	/* changes twice, then holds: the third pair agrees */
	f.changes = 2;
	TU_EQ_INT(xlate_read_stable(&g.x, comm, buf, 16, 3), XLATE_OK);
	TU_EQ_STR((char *)buf, "swapper/0");
	TU_EQ_INT(f.reads, 4);
	/* never holds: refused, and the caller drops the sample */
	f.reads = 0;
	f.changes = ~0u;
	TU_EQ_INT(xlate_read_stable(&g.x, comm, buf, 16, 3), XLATE_TORN);
	TU_EQ_INT(f.reads, 4);
	TU_EQ_INT(xlate_read_stable(&g.x, comm, buf, 300, 3), XLATE_BADARG);
	fake_guest_free(&g);
}
