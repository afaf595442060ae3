/* Bounded list walks over a synthetic runnable list: good lists, loops,
 * wild pointers, lists changed under the walk. */
#include "host/monitor/klist.h"
#include "tests/unit/fake_guest.h"
#include "tests/unit/tu.h"

#define NTASKS 5

struct tasks {
	struct fake_guest g;
	struct klist kl;
	uint64_t head;	       /* CPU 1's rq->scx.runnable_list */
	uint64_t node[NTASKS]; /* each task's scx.runnable_node */
};

static void link_nodes(struct tasks *t, const uint64_t *order, unsigned n)
{
	for (unsigned i = 0; i <= n; i++) {
		uint64_t cur = i ? order[i - 1] : t->head, next = i < n ? order[i] : t->head;

		fake_put(&t->g, fake_va_to_gpa(cur), next, 8);
		fake_put(&t->g, fake_va_to_gpa(next) + 8, cur, 8);
	}
}

static void setup(struct tasks *t)
{
	fake_guest_init(&t->g, 0x1000000);
	fake_guest_attach(&t->g);
	t->kl = (struct klist){ .next_off = t->g.layout.m[LM_LIST_NEXT].off,
				.prev_off = t->g.layout.m[LM_LIST_PREV].off,
				.max = 64 };
	t->head = fake_rq(&t->g, 1) + t->g.layout.m[LM_RQ_SCX_RUNNABLE_LIST].off;
	for (unsigned i = 0; i < NTASKS; i++) {
		uint64_t task = fake_alloc(&t->g, FAKE_TASK_SIZE);

		t->node[i] = task + t->g.layout.m[LM_TASK_SCX_RUNNABLE_NODE].off;
		fake_put(&t->g, fake_va_to_gpa(task) + t->g.layout.m[LM_TASK_SCX_RUNNABLE_AT].off, 1000 + i,
			 8);
		fake_put(&t->g, fake_va_to_gpa(task) + t->g.layout.m[LM_TASK_PID].off, 100 + i, 4);
	}
	link_nodes(t, t->node, NTASKS);
}

struct seen {
	struct tasks *t;
	uint64_t sum_at;
	unsigned n, stop_after;
};

static int on_node(void *arg, uint64_t node)
{
	struct seen *s = arg;
	uint64_t at;

	if (!xlate_read_uint(&s->t->g.x,
			     node - s->t->g.layout.m[LM_TASK_SCX_RUNNABLE_NODE].off +
				     s->t->g.layout.m[LM_TASK_SCX_RUNNABLE_AT].off,
			     8, &at))
		s->sum_at += at;
	return ++s->n == s->stop_after;
}

TU_TEST(monitor_klist_walks_a_runnable_list)
{
	struct tasks t;
	struct seen s = { &t, 0, 0, 0 };
	unsigned count;

	setup(&t);
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, on_node, &s, &count), KLIST_OK);
	TU_EQ_INT(count, NTASKS);
	TU_EQ_INT(s.sum_at, 1000 + 1001 + 1002 + 1003 + 1004);
	/* a callback can stop it */
	s = (struct seen){ &t, 0, 0, 2 };
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, on_node, &s, &count), KLIST_OK);
	TU_EQ_INT(count, 2);
	/* CPU 0's list is empty */
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, fake_rq(&t.g, 0) + t.g.layout.m[LM_RQ_SCX_RUNNABLE_LIST].off,
			     NULL, NULL, &count),
		  KLIST_OK);
	TU_EQ_INT(count, 0);
	t.kl.max = NTASKS - 1;
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, NULL, NULL, &count), KLIST_TOO_LONG);
	TU_EQ_INT(count, NTASKS - 1);
	fake_guest_free(&t.g);
}

TU_TEST(monitor_klist_loops_end_at_the_first_revisit)
{
	struct tasks t;
	unsigned count;

	setup(&t);
	t.kl.max = 1000000; /* not what ends it */
	/* 0 -> 1 -> 2 -> 3 -> 4 -> 1: node 1 is reached from 4, its prev says 0 */
	fake_put(&t.g, fake_va_to_gpa(t.node[4]), t.node[1], 8);
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, NULL, NULL, &count), KLIST_BROKEN);
	TU_EQ_INT(count, NTASKS);
	/* forging node 1's prev moves the failure to its first visit */
	fake_put(&t.g, fake_va_to_gpa(t.node[1]) + 8, t.node[4], 8);
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, NULL, NULL, &count), KLIST_BROKEN);
	TU_EQ_INT(count, 1);
	fake_guest_free(&t.g);
}

TU_TEST(monitor_klist_node_removed_under_the_walk)
{
	struct tasks t;
	unsigned count;

	setup(&t);
	/* node 2 taken off with list_del_init while node 1 still points at it */
	fake_put(&t.g, fake_va_to_gpa(t.node[2]), t.node[2], 8);
	fake_put(&t.g, fake_va_to_gpa(t.node[2]) + 8, t.node[2], 8);
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, NULL, NULL, &count), KLIST_BROKEN);
	TU_EQ_INT(count, 2);
	fake_guest_free(&t.g);
}

TU_TEST(monitor_klist_wild_pointers)
{
	static const uint64_t wild[] = {
		0,			  /* NULL */
		0x1234,			  /* user space */
		0xdead000000000100ull,	  /* LIST_POISON1: not in the kernel half */
		XLATE_DIRECT_DEFAULT + 3, /* misaligned */
	};
	struct tasks t;
	unsigned count;

	setup(&t);
	for (size_t i = 0; i < sizeof(wild) / sizeof(wild[0]); i++) {
		fake_put(&t.g, fake_va_to_gpa(t.node[2]), wild[i], 8);
		TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, NULL, NULL, &count), KLIST_BAD_PTR);
		TU_EQ_INT(count, 3);
	}
	/* aligned, in the kernel half, but past RAM or unmapped */
	fake_put(&t.g, fake_va_to_gpa(t.node[2]), XLATE_DIRECT_DEFAULT + (1ull << 40), 8);
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, NULL, NULL, &count), KLIST_READ);
	fake_put(&t.g, fake_va_to_gpa(t.node[2]), 0xffffc90000000000ull, 8);
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, t.head, NULL, NULL, &count), KLIST_READ);
	TU_EQ_INT(klist_walk(&t.g.x, &t.kl, 0x1000, NULL, NULL, &count), KLIST_BAD_PTR);
	fake_guest_free(&t.g);
}
