/* One sample of a synthetic guest: every per-CPU and global field, what a
 * broken guest costs, attaching too early. */
#include <stdlib.h>

#include <bpf/btf.h>

#include "host/monitor/sample.h"
#include "tests/unit/fake_guest.h"
#include "tests/unit/tu.h"

struct world {
	struct fake_guest g;
	struct sample_ctx *c;
	struct sample s;
	struct sample_cpu cpu[FAKE_NCPUS];
	uint64_t task[8]; /* workers: pid 200 + i, comm "w<i>" */
};

static uint64_t rqf(struct world *w, unsigned cpu, int member)
{
	return fake_va_to_gpa(fake_rq(&w->g, cpu)) + w->g.layout.m[member].off;
}

static uint64_t tf(struct world *w, uint64_t task, int member)
{
	return fake_va_to_gpa(task) + w->g.layout.m[member].off;
}

/* tasks i..j on CPU cpu's runnable list, in order */
static void queue(struct world *w, unsigned cpu, const int *idx, unsigned n)
{
	uint64_t head = fake_rq(&w->g, cpu) + w->g.layout.m[LM_RQ_SCX_RUNNABLE_LIST].off;
	uint32_t node_off = w->g.layout.m[LM_TASK_SCX_RUNNABLE_NODE].off;

	for (unsigned i = 0; i <= n; i++) {
		uint64_t cur = i ? w->task[idx[i - 1]] + node_off : head;
		uint64_t next = i < n ? w->task[idx[i]] + node_off : head;

		fake_put(&w->g, fake_va_to_gpa(cur), next, 8);
		fake_put(&w->g, fake_va_to_gpa(next) + 8, cur, 8);
	}
}

static void img(struct world *w, uint64_t off, uint64_t v, unsigned size)
{
	fake_put(&w->g, fake_image_gpa(&w->g, off), v, size);
}

/* A guest with a scheduler enabled: CPU 0 runs w0, CPU 1 runs w1 with w2,
 * w3, w4 waiting, CPU 2 idle, CPU 3 runs w5; two nodes' global DSQs. */
static void setup(struct world *w)
{
	static const int waiting[] = { 2, 3, 4 };
	char err[256] = "";

	fake_guest_init(&w->g, 0x1000000);
	for (unsigned i = 0; i < 8; i++) {
		char name[16];

		w->task[i] = fake_alloc(&w->g, FAKE_TASK_SIZE);
		snprintf(name, sizeof(name), "w%u", i);
		fake_put(&w->g, tf(w, w->task[i], LM_TASK_PID), 200 + i, 4);
		fake_put(&w->g, tf(w, w->task[i], LM_TASK_POLICY), 7, 4); /* SCHED_EXT */
		strcpy(fake_at(&w->g, tf(w, w->task[i], LM_TASK_COMM)), name);
	}
	for (unsigned c = 0; c < FAKE_NCPUS; c++) {
		fake_put(&w->g, rqf(w, c, LM_RQ_NR_RUNNING), c == 2 ? 0 : c == 1 ? 4 : 1, 4);
		fake_put(&w->g, rqf(w, c, LM_RQ_CLOCK), 5000000000ull + c, 8);
		fake_put(&w->g, rqf(w, c, LM_RQ_SCX_NR_RUNNING), c == 1 ? 4 : 0, 4);
		fake_put(&w->g, rqf(w, c, LM_RQ_SCX_FLAGS), 1, 4); /* SCX_RQ_ONLINE */
		fake_put(&w->g, rqf(w, c, LM_RQ_SCX_LOCAL_DSQ_NR), c == 1 ? 3 : 0, 4);
		if (c != 2)
			fake_put(&w->g, rqf(w, c, LM_RQ_CURR), w->task[c == 3 ? 5 : c], 8);
	}
	fake_put(&w->g, tf(w, w->task[2], LM_TASK_SCX_RUNNABLE_AT), 900, 8);
	fake_put(&w->g, tf(w, w->task[3], LM_TASK_SCX_RUNNABLE_AT), 850, 8); /* the longest */
	fake_put(&w->g, tf(w, w->task[4], LM_TASK_SCX_RUNNABLE_AT), 990, 8);
	queue(w, 1, waiting, 3);
	img(w, FAKE_OFF_JIFFIES, 1000, 8);
	img(w, FAKE_OFF_SCX_STATE, 1, 4); /* SCX_OPS_ENABLED */
	img(w, FAKE_OFF_SCX_EXIT_KIND, 0, 4);
	img(w, FAKE_OFF_SCX_BYPASS, 0, 4);
	img(w, FAKE_OFF_SCX_WATCHDOG, 30000, 8);
	img(w, FAKE_OFF_SCX_REJECTED, 3, 8);
	uint64_t arr = fake_alloc(&w->g, 16), d0 = fake_alloc(&w->g, 64), d1 = fake_alloc(&w->g, 64);
	fake_put(&w->g, fake_va_to_gpa(arr), d0, 8);
	fake_put(&w->g, fake_va_to_gpa(arr) + 8, d1, 8);
	fake_put(&w->g, fake_va_to_gpa(d0) + FAKE_DSQ_NR, 5, 4);
	fake_put(&w->g, fake_va_to_gpa(d1) + FAKE_DSQ_NR, 7, 4);
	img(w, FAKE_OFF_GLOBAL_DSQS, arr, 8);
	w->c = calloc(1, sizeof(*w->c));
	TU_EQ_INT(sample_attach(w->c, &w->g.layout, &w->g.mem, FAKE_NCPUS, 0, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	w->s.cpu = w->cpu;
}

static void teardown(struct world *w)
{
	free(w->c);
	fake_guest_free(&w->g);
}

TU_TEST(monitor_sample_reads_every_field)
{
	const unsigned all = SAMPLE_CPU_RQ | SAMPLE_CPU_SCX | SAMPLE_CPU_CURR | SAMPLE_CPU_WAIT;
	struct world w;

	setup(&w);
	TU_EQ_INT(w.c->ncpus, FAKE_NCPUS);
	sample_take(w.c, &w.s);
	TU_EQ_INT(w.s.valid, 0x7f);
	TU_EQ_INT(w.s.jiffies, 1000);
	TU_EQ_INT(w.s.enable_state, 1);
	TU_EQ_INT(w.s.watchdog_timeout, 30000);
	TU_EQ_INT(w.s.nr_rejected, 3);
	TU_EQ_INT(w.s.nr_nodes, 2);
	TU_EQ_INT(w.s.global_dsq_nr[0], 5);
	TU_EQ_INT(w.s.global_dsq_nr[1], 7);
	TU_CHECK(w.s.t_ns > 0);
	TU_EQ_INT(w.cpu[0].flags, all);
	TU_EQ_INT(w.cpu[0].curr_pid, 200);
	TU_EQ_INT(w.cpu[0].curr_policy, 7);
	TU_EQ_INT(w.cpu[0].runnable, 0);
	TU_EQ_INT(w.cpu[0].waiter_pid, -1);
	TU_EQ_INT(w.cpu[1].nr_running, 4);
	TU_EQ_INT(w.cpu[1].clock, 5000000001ull);
	TU_EQ_INT(w.cpu[1].scx_nr_running, 4);
	TU_EQ_INT(w.cpu[1].scx_flags, 1);
	TU_EQ_INT(w.cpu[1].local_dsq_nr, 3);
	TU_EQ_INT(w.cpu[1].runnable, 3);
	TU_EQ_INT(w.cpu[1].max_wait, 150);
	TU_EQ_INT(w.cpu[1].waiter_pid, 203);
	/* CPU 2 runs its idle task (swapper/2) */
	TU_EQ_INT(w.cpu[2].flags, all | SAMPLE_CPU_IDLE);
	TU_EQ_INT(w.cpu[2].curr_pid, 0);
	TU_EQ_INT(w.cpu[3].curr_pid, 205);
	TU_EQ_STR(sample_names_get(&w.c->names, 203), "w3");
	TU_EQ_STR(sample_names_get(&w.c->names, 205), "w5");
	TU_CHECK(sample_names_get(&w.c->names, 204) == NULL); /* waited, but not the longest */
	TU_EQ_INT(w.c->wild + w.c->torn + w.c->broken_lists, 0);
	teardown(&w);
}

TU_TEST(monitor_sample_survives_a_broken_guest)
{
	static const int loop[] = { 2, 3, 4, 3 };
	struct world w;

	setup(&w);
	/* CPU 0's curr is wild, CPU 1's list loops, CPU 3's rq is gone, global_dsqs points nowhere */
	fake_put(&w.g, rqf(&w, 0, LM_RQ_CURR), 0xffffc90000000000ull, 8);
	queue(&w, 1, loop, 4);
	img(&w, FAKE_OFF_GLOBAL_DSQS, XLATE_DIRECT_DEFAULT + (1ull << 40), 8);
	w.c->rq[3] = XLATE_DIRECT_DEFAULT + (1ull << 40);
	sample_take(w.c, &w.s);
	TU_EQ_INT(w.cpu[0].flags, SAMPLE_CPU_RQ | SAMPLE_CPU_SCX | SAMPLE_CPU_WAIT);
	TU_EQ_INT(w.cpu[0].curr_pid, -1);
	TU_EQ_INT(w.cpu[1].flags & (SAMPLE_CPU_WAIT | SAMPLE_CPU_CURR), SAMPLE_CPU_CURR);
	TU_EQ_INT(w.cpu[3].flags, 0);
	TU_EQ_INT(w.cpu[2].flags & SAMPLE_CPU_IDLE, SAMPLE_CPU_IDLE);
	TU_EQ_INT(w.s.valid & SAMPLE_G_GLOBAL_DSQS, 0);
	TU_EQ_INT(w.c->broken_lists, 1);
	TU_CHECK(w.c->wild >= 2);
	teardown(&w);
}

TU_TEST(monitor_sample_before_the_first_enable_and_bounded_lists)
{
	struct world w;
	static const int many[] = { 0, 1, 5, 6, 7 }; /* not the tasks on CPU 1's list */

	setup(&w);
	img(&w, FAKE_OFF_GLOBAL_DSQS, 0, 8); /* NULL until sched_ext is first enabled */
	sample_take(w.c, &w.s);
	TU_EQ_INT(w.s.valid & SAMPLE_G_GLOBAL_DSQS, SAMPLE_G_GLOBAL_DSQS);
	TU_EQ_INT(w.s.nr_nodes, 0);
	/* a list longer than the bound: walked to the bound, flagged */
	w.c->kl.max = 4;
	queue(&w, 0, many, 5);
	sample_take(w.c, &w.s);
	TU_EQ_INT(w.cpu[0].flags & (SAMPLE_CPU_WAIT | SAMPLE_CPU_TRUNC), SAMPLE_CPU_WAIT | SAMPLE_CPU_TRUNC);
	TU_EQ_INT(w.cpu[0].runnable, 4);
	TU_EQ_INT(w.cpu[1].flags & (SAMPLE_CPU_WAIT | SAMPLE_CPU_TRUNC), SAMPLE_CPU_WAIT);
	/* the sample's budget: CPU 0 takes 4 of 6, CPU 1 gets 2 of its 3, then none is left */
	w.c->walk_budget = 6;
	sample_take(w.c, &w.s);
	TU_EQ_INT(w.cpu[0].runnable, 4);
	TU_EQ_INT(w.cpu[1].flags & (SAMPLE_CPU_WAIT | SAMPLE_CPU_TRUNC), SAMPLE_CPU_WAIT | SAMPLE_CPU_TRUNC);
	TU_EQ_INT(w.cpu[1].runnable, 2);
	TU_EQ_INT(w.cpu[2].flags & SAMPLE_CPU_WAIT, 0);
	TU_EQ_INT(w.cpu[3].flags & SAMPLE_CPU_WAIT, 0);
	TU_EQ_INT(w.c->over_budget, 2); /* CPUs 2 and 3 */
	teardown(&w);
}

TU_TEST(monitor_sample_skips_what_the_kernel_lacks)
{
	struct world w;
	struct btf *b = fake_btf_new(FAKE_BTF_NO_SCX_FLAGS);

	setup(&w);
	layout_from_btf(&w.g.layout, b);
	layout_finish(&w.g.layout);
	btf__free(b);
	w.g.layout.s[LS_SCX_EXIT_KIND].ok = false;
	sample_take(w.c, &w.s);
	TU_EQ_INT(w.cpu[1].flags & SAMPLE_CPU_SCX, 0); /* one missing member: the group is not claimed */
	TU_EQ_INT(w.cpu[1].flags & SAMPLE_CPU_WAIT, SAMPLE_CPU_WAIT);
	TU_EQ_INT(w.s.valid & SAMPLE_G_EXIT_KIND, 0);
	TU_EQ_INT(w.s.valid & SAMPLE_G_JIFFIES, SAMPLE_G_JIFFIES);
	/* a symbol whose size is not what the monitor reads is refused */
	w.g.layout.s[LS_SCX_ENABLE_STATE].size = 8;
	sample_take(w.c, &w.s);
	TU_EQ_INT(w.s.valid & SAMPLE_G_ENABLE_STATE, 0);
	teardown(&w);
}

TU_TEST(monitor_sample_attach_waits_for_a_booted_guest)
{
	struct fake_guest g;
	struct sample_ctx *c = calloc(1, sizeof(*c));
	char err[256];

	fake_guest_init(&g, 0x1000000);
	/* fewer vCPUs than nr_cpu_ids: the host's count wins */
	TU_EQ_INT(sample_attach(c, &g.layout, &g.mem, 2, 0, err, sizeof(err)), 0);
	TU_EQ_INT(c->ncpus, 2);
	/* __per_cpu_offset[] holds 3 entries in this kernel */
	g.layout.s[LS_PER_CPU_OFFSET].size = 24;
	TU_EQ_INT(sample_attach(c, &g.layout, &g.mem, 64, 0, err, sizeof(err)), 0);
	TU_EQ_INT(c->ncpus, 3);
	/* per-CPU areas not set up yet: CPU 1's offset still points at CPU 0's copy */
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_PER_CPU_OFFSET) + 8, XLATE_DIRECT_DEFAULT + g.pcpu, 8);
	TU_EQ_INT(sample_attach(c, &g.layout, &g.mem, 64, 0, err, sizeof(err)), -1);
	TU_EQ_STR(err, "CPU 1's runqueue says it belongs to CPU 0: not booted far enough yet");
	fake_put(&g, fake_image_gpa(&g, FAKE_OFF_NR_CPU_IDS), 0, 4);
	TU_EQ_INT(sample_attach(c, &g.layout, &g.mem, 64, 0, err, sizeof(err)), -1);
	TU_EQ_STR(err, "the guest's nr_cpu_ids is unreadable or 0: not booted far enough yet");
	g.layout.s[LS_RUNQUEUES].ok = false;
	snprintf(g.layout.s[LS_RUNQUEUES].why, sizeof(g.layout.s[LS_RUNQUEUES].why), "not in .symtab");
	TU_EQ_INT(sample_attach(c, &g.layout, &g.mem, 64, 0, err, sizeof(err)), -1);
	TU_EQ_STR(err, "the monitor cannot read this kernel: runqueues not in .symtab");
	free(c);
	fake_guest_free(&g);
}

TU_TEST(monitor_sample_names_table_is_bounded)
{
	struct sample_names *t = calloc(1, sizeof(*t));
	char comm[16];

	sample_names_put(t, 42, "0123456789abcdefXYZ"); /* no NUL in 16 bytes */
	TU_EQ_STR(sample_names_get(t, 42), "0123456789abcde");
	sample_names_put(t, 42, "renamed");
	TU_EQ_STR(sample_names_get(t, 42), "renamed");
	TU_EQ_INT(t->n, 1);
	for (int pid = 1000; pid < 1000 + SAMPLE_NAMES_MAX + 10; pid++) {
		snprintf(comm, sizeof(comm), "p%d", pid);
		sample_names_put(t, pid, comm);
	}
	TU_EQ_INT(t->n, SAMPLE_NAMES_MAX);
	TU_EQ_INT(t->lost, 11);
	TU_EQ_STR(sample_names_get(t, 1000), "p1000");
	TU_CHECK(sample_names_get(t, 999999) == NULL);
	sample_names_put(t, 0, "swapper/0");
	TU_CHECK(sample_names_get(t, 0) == NULL);
	free(t);
}
