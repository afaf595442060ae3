/* The synthetic guest of tests/unit/fake_guest.h. */
#include "tests/unit/fake_guest.h"

#include <stdlib.h>
#include <string.h>

#include <bpf/btf.h>

#include "tests/unit/tu.h"

/* Fields are given in bytes here; btf__add_field wants bits. */
static void field(struct btf *b, const char *name, int type, unsigned byte_off)
{
	btf__add_field(b, name, type, byte_off * 8, 0);
}

struct btf *fake_btf_new(unsigned flags)
{
	struct btf *b = btf__new_empty();
	int uint = btf__add_int(b, "unsigned int", 4, 0);
	int sint = btf__add_int(b, "int", 4, BTF_INT_SIGNED);
	int ulong = btf__add_int(b, "long unsigned int", 8, 0);
	int ull = btf__add_int(b, "long long unsigned int", 8, 0);
	int chr = btf__add_int(b, "char", 1, BTF_INT_CHAR);
	int u32 = btf__add_typedef(b, "u32", uint);
	int u64 = btf__add_typedef(b, "u64", ull);
	int pid_t = btf__add_typedef(b, "pid_t", sint);
	int vptr = btf__add_ptr(b, 0);
	int task_fwd = btf__add_fwd(b, "task_struct", BTF_FWD_STRUCT);
	int task_ptr = btf__add_ptr(b, task_fwd);
	int comm = btf__add_array(b, sint, chr, 16);
	/* list_head points at itself: the pointer takes the id before it */
	int lh_ptr = btf__add_ptr(b, (int)btf__type_cnt(b) + 1);
	int lh = btf__add_struct(b, "list_head", 16);

	field(b, "next", lh_ptr, 0);
	field(b, "prev", lh_ptr, 8);

	int dsq = btf__add_struct(b, "scx_dispatch_q", 64);
	field(b, "lock", sint, 0);
	field(b, "list", lh, 8);
	field(b, "nr", u32, FAKE_DSQ_NR);
	field(b, "seq", u32, 44);
	field(b, "id", u64, 48);

	int scx_rq = btf__add_struct(b, "scx_rq", 128);
	field(b, "local_dsq", dsq, FAKE_SCX_LOCAL_DSQ);
	field(b, "runnable_list", lh, FAKE_SCX_RUNNABLE_LIST);
	field(b, "nr_running", u32, FAKE_SCX_NR_RUNNING);
	if (!(flags & FAKE_BTF_NO_SCX_FLAGS))
		field(b, "flags", u32, FAKE_SCX_FLAGS);

	int see = btf__add_struct(b, "sched_ext_entity", 64);
	field(b, "dsq", vptr, 0);
	field(b, "runnable_node", lh, FAKE_SEE_RUNNABLE_NODE);
	field(b, "runnable_at", ulong, FAKE_SEE_RUNNABLE_AT);

	int state = btf__add_union(b, NULL, 8);
	field(b, "__state", uint, 0);
	field(b, "pad", ulong, 0);

	if (!(flags & FAKE_BTF_NO_TASK)) {
		btf__add_struct(b, "task_struct", FAKE_TASK_SIZE);
		field(b, NULL, state, 0);
		field(b, "policy", uint, FAKE_TASK_POLICY);
		field(b, "scx", see, FAKE_TASK_SCX);
		if (flags & FAKE_BTF_PID_BITS)
			btf__add_field(b, "pid", pid_t, FAKE_TASK_PID * 8, 31);
		else
			field(b, "pid", pid_t, FAKE_TASK_PID);
		field(b, "comm", comm, FAKE_TASK_COMM);
	}

	int cur = btf__add_union(b, NULL, 8);
	field(b, "curr", task_ptr, 0);
	field(b, "donor", task_ptr, 0);

	btf__add_struct(b, "rq", FAKE_RQ_SIZE);
	field(b, "nr_running", uint, FAKE_RQ_NR_RUNNING);
	field(b, NULL, cur, FAKE_RQ_CURR);
	field(b, "idle", task_ptr, FAKE_RQ_IDLE);
	field(b, "clock", flags & FAKE_BTF_CLOCK_U32 ? u32 : u64, FAKE_RQ_CLOCK);
	field(b, "cpu", sint, FAKE_RQ_CPU);
	field(b, "scx", scx_rq, FAKE_RQ_SCX);
	return b;
}

void *fake_at(struct fake_guest *g, uint64_t gpa)
{
	return g->ram + gpa;
}

void fake_put(struct fake_guest *g, uint64_t gpa, uint64_t v, unsigned size)
{
	memcpy(fake_at(g, gpa), &v, size); /* little endian, like the guest */
}

uint64_t fake_image_gpa(const struct fake_guest *g, uint64_t off)
{
	return g->load + off;
}

uint64_t fake_va_to_gpa(uint64_t va)
{
	return va - XLATE_DIRECT_DEFAULT;
}

uint64_t fake_alloc(struct fake_guest *g, uint64_t size)
{
	uint64_t gpa = g->heap;

	g->heap += (size + 63) & ~63ull;
	memset(fake_at(g, gpa), 0, size);
	return XLATE_DIRECT_DEFAULT + gpa;
}

uint64_t fake_rq(const struct fake_guest *g, unsigned cpu)
{
	return XLATE_DIRECT_DEFAULT + g->pcpu + cpu * FAKE_PCPU_STRIDE + FAKE_RUNQUEUES;
}

static uint64_t new_table(struct fake_guest *g)
{
	uint64_t gpa = g->pgtbl;

	g->pgtbl += 4096;
	memset(fake_at(g, gpa), 0, 4096);
	return gpa;
}

void fake_map(struct fake_guest *g, uint64_t va, uint64_t gpa, uint64_t page)
{
	static const unsigned shift[4] = { 39, 30, 21, 12 };
	uint64_t table = fake_image_gpa(g, FAKE_OFF_TOP_PGT);

	for (int lvl = 0; lvl < 4; lvl++) {
		uint64_t at = table + ((va >> shift[lvl]) & 511) * 8, e;

		if (page == 1ull << shift[lvl]) {
			fake_put(g, at, gpa | 0x63 | (lvl < 3 ? 0x80 : 0), 8);
			return;
		}
		memcpy(&e, fake_at(g, at), 8);
		if (!(e & 1)) {
			e = new_table(g) | 0x63;
			fake_put(g, at, e, 8);
		}
		table = e & 0x000ffffffffff000ull;
	}
}

static void put_task(struct fake_guest *g, uint64_t gpa, int pid, const char *comm)
{
	fake_put(g, gpa + FAKE_TASK_PID, (uint64_t)pid, 4);
	strncpy(fake_at(g, gpa + FAKE_TASK_COMM), comm, 16);
}

static void set_syms(struct fake_guest *g)
{
	static const struct {
		int id;
		uint64_t off;
	} syms[] = {
		{ LS_TEXT, 0 },
		{ LS_END, FAKE_IMAGE_SIZE },
		{ LS_PHYS_BASE, FAKE_OFF_PHYS_BASE },
		{ LS_INIT_TOP_PGT, FAKE_OFF_TOP_PGT },
		{ LS_LEVEL3_KERNEL_PGT, FAKE_OFF_L3_PGT },
		{ LS_PER_CPU_OFFSET, FAKE_OFF_PER_CPU_OFFSET },
		{ LS_NR_CPU_IDS, FAKE_OFF_NR_CPU_IDS },
		{ LS_INIT_TASK, FAKE_OFF_INIT_TASK },
		{ LS_JIFFIES, FAKE_OFF_JIFFIES },
		{ LS_SCX_ENABLE_STATE, FAKE_OFF_SCX_STATE },
		{ LS_SCX_EXIT_KIND, FAKE_OFF_SCX_EXIT_KIND },
		{ LS_SCX_BYPASS_DEPTH, FAKE_OFF_SCX_BYPASS },
		{ LS_SCX_WATCHDOG_TIMEOUT, FAKE_OFF_SCX_WATCHDOG },
		{ LS_SCX_NR_REJECTED, FAKE_OFF_SCX_REJECTED },
		{ LS_GLOBAL_DSQS, FAKE_OFF_GLOBAL_DSQS },
		{ LS_NR_NODE_IDS, FAKE_OFF_NR_NODE_IDS },
	};
	struct btf *b = fake_btf_new(0);

	memset(&g->layout, 0, sizeof(g->layout));
	layout_from_btf(&g->layout, b);
	btf__free(b);
	for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++)
		g->layout.s[syms[i].id] = (struct layout_sym){ .ok = true, .addr = FAKE_TEXT + syms[i].off };
	g->layout.s[LS_RUNQUEUES] = (struct layout_sym){ .ok = true, .addr = FAKE_RUNQUEUES };
	layout_finish(&g->layout); /* page_offset_base stays absent, as in our kernels */
	g->syms = (struct xlate_syms){
		.text = FAKE_TEXT,
		.end = FAKE_TEXT + FAKE_IMAGE_SIZE,
		.phys_base = FAKE_TEXT + FAKE_OFF_PHYS_BASE,
		.init_top_pgt = FAKE_TEXT + FAKE_OFF_TOP_PGT,
		.level3_kernel_pgt = FAKE_TEXT + FAKE_OFF_L3_PGT,
	};
}

void fake_guest_init(struct fake_guest *g, uint64_t load)
{
	uint64_t phys_base = load - (FAKE_TEXT - XLATE_KERNEL_MAP);

	memset(g, 0, sizeof(*g));
	g->ram = calloc(2, FAKE_NODE_SIZE);
	if (!g->ram)
		abort();
	for (unsigned i = 0; i < 2; i++)
		g->reg[i] = (struct vmm_region){ .gpa = i * (uint64_t)FAKE_NODE_SIZE,
						 .size = FAKE_NODE_SIZE,
						 .host = g->ram + i * (size_t)FAKE_NODE_SIZE,
						 .wfd = -1 };
	gmem_regions_init(&g->mem, &g->rs, g->reg, 2);
	g->load = load;
	g->pcpu = 0x100000;
	g->heap = 0x1800000;
	g->pgtbl = 0x1c00000;
	set_syms(g);

	fake_put(g, fake_image_gpa(g, FAKE_OFF_PHYS_BASE), phys_base, 8);
	fake_put(g, fake_image_gpa(g, FAKE_OFF_TOP_PGT) + 511 * 8, fake_image_gpa(g, FAKE_OFF_L3_PGT) | 0x63,
		 8);
	fake_put(g, fake_image_gpa(g, FAKE_OFF_NR_CPU_IDS), FAKE_NCPUS, 4);
	fake_put(g, fake_image_gpa(g, FAKE_OFF_NR_NODE_IDS), 2, 4);
	put_task(g, fake_image_gpa(g, FAKE_OFF_INIT_TASK), 0, "swapper/0");
	for (unsigned c = 0; c < FAKE_NCPUS; c++) {
		uint64_t area = g->pcpu + c * FAKE_PCPU_STRIDE, rq = area + FAKE_RUNQUEUES;
		uint64_t idle = FAKE_TEXT + FAKE_OFF_INIT_TASK;
		char name[16];

		fake_put(g, fake_image_gpa(g, FAKE_OFF_PER_CPU_OFFSET) + c * 8, XLATE_DIRECT_DEFAULT + area,
			 8);
		fake_put(g, rq + FAKE_RQ_CPU, c, 4);
		if (c) {
			idle = fake_alloc(g, FAKE_TASK_SIZE);
			snprintf(name, sizeof(name), "swapper/%u", c);
			put_task(g, fake_va_to_gpa(idle), 0, name);
		}
		fake_put(g, rq + FAKE_RQ_IDLE, idle, 8);
		fake_put(g, rq + FAKE_RQ_CURR, idle, 8);
		/* an empty runnable list points at itself */
		uint64_t head = XLATE_DIRECT_DEFAULT + rq + FAKE_RQ_SCX + FAKE_SCX_RUNNABLE_LIST;
		fake_put(g, rq + FAKE_RQ_SCX + FAKE_SCX_RUNNABLE_LIST, head, 8);
		fake_put(g, rq + FAKE_RQ_SCX + FAKE_SCX_RUNNABLE_LIST + 8, head, 8);
	}
}

int fake_guest_attach(struct fake_guest *g)
{
	char err[256] = "";
	int rc = xlate_init(&g->x, &g->mem, &g->syms, 0, err, sizeof(err));

	if (rc)
		tu_fail(__FILE__, __LINE__, "xlate_init: %s", err);
	return rc;
}

void fake_guest_free(struct fake_guest *g)
{
	free(g->ram);
	g->ram = NULL;
}
