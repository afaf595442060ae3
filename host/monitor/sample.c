/* Attaching to a guest kernel and taking one sample of it. */
#include "host/monitor/sample.h"

#include <string.h>
#include <time.h>

#include "host/util/log.h"

/* Symbols without which no sample can be taken. */
static const int needed[] = {
	LS_TEXT,	   LS_END,	 LS_PHYS_BASE, LS_INIT_TOP_PGT, LS_LEVEL3_KERNEL_PGT, LS_RUNQUEUES,
	LS_PER_CPU_OFFSET, LS_NR_CPU_IDS
};

static bool has(const struct sample_ctx *c, int member)
{
	return c->l->m[member].ok;
}

/* A member of the struct at base, as an unsigned integer. */
static int get(const struct sample_ctx *c, uint64_t base, int member, uint64_t *v)
{
	const struct layout_member *m = &c->l->m[member];

	return m->ok ? xlate_read_uint(&c->x, base + m->off, m->size, v) : XLATE_BADARG;
}

/* A global of the size 6.12 gives it on x86-64 (atomic_t 4, atomic_long_t
 * and unsigned long 8), refused when .symtab says otherwise. */
static int global(const struct sample_ctx *c, int sym, uint32_t size, uint64_t *v)
{
	const struct layout_sym *s = &c->l->s[sym];

	if (!s->ok || (s->size && s->size != size))
		return XLATE_BADARG;
	return xlate_read_uint(&c->x, xlate_sym(&c->x, c->l->s[sym].addr), size, v);
}

int sample_attach(struct sample_ctx *c, const struct layout *l, const struct gmem *mem, unsigned vcpus,
		  uint64_t slide, char *err, size_t errlen)
{
	struct xlate_syms xs;
	uint64_t n, cpu;

	memset(c, 0, sizeof(*c));
	c->l = l;
	for (size_t i = 0; i < sizeof(needed) / sizeof(needed[0]); i++)
		if (!l->s[needed[i]].ok)
			return errf(err, errlen, "the monitor cannot read this kernel: %s %s",
				    layout_syms[needed[i]].name, l->s[needed[i]].why);
	if (!l->m[LM_RQ_CPU].ok)
		return errf(err, errlen, "the monitor cannot read this kernel: rq.cpu %s",
			    l->m[LM_RQ_CPU].why);
	xs = (struct xlate_syms){
		.text = l->s[LS_TEXT].addr,
		.end = l->s[LS_END].addr,
		.phys_base = l->s[LS_PHYS_BASE].addr,
		.init_top_pgt = l->s[LS_INIT_TOP_PGT].addr,
		.level3_kernel_pgt = l->s[LS_LEVEL3_KERNEL_PGT].addr,
		.page_offset_base = l->s[LS_PAGE_OFFSET_BASE].ok ? l->s[LS_PAGE_OFFSET_BASE].addr : 0,
	};
	if (xlate_init(&c->x, mem, &xs, slide, err, errlen))
		return -1;
	if (global(c, LS_NR_CPU_IDS, 4, &n) || n == 0)
		return errf(err, errlen,
			    "the guest's nr_cpu_ids is unreadable or 0: not booted far enough yet");
	/* the guest's count, bounded by the vCPUs we started and __per_cpu_offset[] */
	if (l->s[LS_PER_CPU_OFFSET].size && n > l->s[LS_PER_CPU_OFFSET].size / 8)
		n = l->s[LS_PER_CPU_OFFSET].size / 8;
	c->ncpus = (unsigned)(n < vcpus ? n : vcpus);
	if (c->ncpus > SAMPLE_MAX_CPUS)
		c->ncpus = SAMPLE_MAX_CPUS;
	for (unsigned i = 0; i < c->ncpus; i++) {
		uint64_t pcpu = xlate_sym(&c->x, l->s[LS_PER_CPU_OFFSET].addr);
		int rc = xlate_percpu(&c->x, pcpu, i, l->s[LS_RUNQUEUES].addr, &c->rq[i]);

		if (rc)
			return errf(err, errlen, "CPU %u's runqueue: %s (per-CPU areas not set up yet?)", i,
				    xlate_strerror(rc));
		if ((rc = get(c, c->rq[i], LM_RQ_CPU, &cpu)) || cpu != i)
			return errf(
				err, errlen,
				"CPU %u's runqueue says it belongs to CPU %llu: not booted far enough yet", i,
				rc ? ~0ull : (unsigned long long)cpu);
	}
	c->kl = (struct klist){ .next_off = l->m[LM_LIST_NEXT].off,
				.prev_off = l->m[LM_LIST_PREV].off,
				.max = SAMPLE_WAIT_BOUND };
	c->walk_budget = SAMPLE_WALK_BUDGET;
	return 0;
}

static void name_task(struct sample_ctx *c, uint64_t task, int32_t pid)
{
	char comm[17];

	if (pid <= 0 || !has(c, LM_TASK_COMM))
		return;
	switch (xlate_read_stable(&c->x, task + c->l->m[LM_TASK_COMM].off, comm, 16, SAMPLE_TRIES)) {
	case XLATE_OK:
		comm[16] = 0;
		sample_names_put(&c->names, pid, comm);
		break;
	case XLATE_TORN: c->torn++; break;
	default: c->wild++; break;
	}
}

/* The task running on the CPU: its pid, policy, name; idle or not. */
static void read_curr(struct sample_ctx *c, uint64_t rq, struct sample_cpu *o)
{
	uint64_t curr, idle, pid, policy;

	if (get(c, rq, LM_RQ_CURR, &curr))
		return;
	if (!get(c, rq, LM_RQ_IDLE, &idle) && curr == idle)
		o->flags |= SAMPLE_CPU_IDLE;
	if (get(c, curr, LM_TASK_PID, &pid) || get(c, curr, LM_TASK_POLICY, &policy)) {
		c->wild++;
		return;
	}
	o->curr_pid = (int32_t)pid;
	o->curr_policy = (uint8_t)(policy > 255 ? 255 : policy);
	o->flags |= SAMPLE_CPU_CURR;
	name_task(c, curr, o->curr_pid);
}

struct wait_walk {
	struct sample_ctx *c;
	uint64_t jiffies, worst_task, worst;
	bool any;
};

static int on_runnable(void *arg, uint64_t node)
{
	struct wait_walk *w = arg;
	uint64_t task = node - w->c->l->m[LM_TASK_SCX_RUNNABLE_NODE].off, at;

	if (get(w->c, task, LM_TASK_SCX_RUNNABLE_AT, &at)) {
		w->c->wild++;
		return 0;
	}
	/* a runnable_at in the future (jiffies read first) waited 0 */
	uint64_t wait = w->jiffies > at ? w->jiffies - at : 0;
	if (!w->any || wait > w->worst)
		w->worst = wait, w->worst_task = task, w->any = true;
	return 0;
}

/* The longest wait on rq->scx.runnable_list, as sched_ext's watchdog sees it. */
static void read_waits(struct sample_ctx *c, uint64_t rq, uint64_t jiffies, unsigned *budget,
		       struct sample_cpu *o)
{
	uint64_t head = rq + c->l->m[LM_RQ_SCX_RUNNABLE_LIST].off, pid;
	struct klist kl = c->kl;
	unsigned count = 0;
	int rc = KLIST_BROKEN;
	struct wait_walk w;

	if (!has(c, LM_RQ_SCX_RUNNABLE_LIST) || !has(c, LM_TASK_SCX_RUNNABLE_NODE) ||
	    !has(c, LM_TASK_SCX_RUNNABLE_AT) || !has(c, LM_LIST_NEXT) || !has(c, LM_LIST_PREV))
		return;
	if (!*budget) {
		c->over_budget++;
		return;
	}
	/* a list changing under the walk is walked again, a few times */
	for (int i = 0; i < SAMPLE_TRIES && rc == KLIST_BROKEN && *budget; i++) {
		kl.max = kl.max < *budget ? kl.max : *budget;
		w = (struct wait_walk){ c, jiffies, 0, 0, false };
		rc = klist_walk(&c->x, &kl, head, on_runnable, &w, &count);
		*budget -= count < *budget ? count : *budget;
	}
	if (rc == KLIST_TOO_LONG) {
		o->flags |= SAMPLE_CPU_TRUNC;
	} else if (rc) {
		if (rc == KLIST_BROKEN)
			c->broken_lists++;
		else
			c->wild++;
		return;
	}
	o->flags |= SAMPLE_CPU_WAIT;
	o->runnable = (uint16_t)(count > UINT16_MAX ? UINT16_MAX : count);
	o->max_wait = (uint32_t)(w.worst > UINT32_MAX ? UINT32_MAX : w.worst);
	if (w.any && !get(c, w.worst_task, LM_TASK_PID, &pid)) {
		o->waiter_pid = (int32_t)pid;
		name_task(c, w.worst_task, o->waiter_pid);
	}
}

static void read_cpu(struct sample_ctx *c, unsigned cpu, const struct sample *s, unsigned *budget,
		     struct sample_cpu *o)
{
	uint64_t rq = c->rq[cpu], a, b, d;

	memset(o, 0, sizeof(*o));
	o->curr_pid = o->waiter_pid = -1;
	if (!get(c, rq, LM_RQ_NR_RUNNING, &a) && !get(c, rq, LM_RQ_CLOCK, &b)) {
		o->nr_running = (uint32_t)a, o->clock = b;
		o->flags |= SAMPLE_CPU_RQ;
	}
	if (!get(c, rq, LM_RQ_SCX_NR_RUNNING, &a) && !get(c, rq, LM_RQ_SCX_FLAGS, &b) &&
	    !get(c, rq, LM_RQ_SCX_LOCAL_DSQ_NR, &d)) {
		o->scx_nr_running = (uint32_t)a, o->scx_flags = (uint32_t)b, o->local_dsq_nr = (uint32_t)d;
		o->flags |= SAMPLE_CPU_SCX;
	}
	read_curr(c, rq, o);
	if (s->valid & SAMPLE_G_JIFFIES)
		read_waits(c, rq, s->jiffies, budget, o);
}

/* One node's global DSQ depth per node; NULL global_dsqs is "not yet". */
static void read_global_dsqs(struct sample_ctx *c, struct sample *s)
{
	uint64_t arr, nodes, dsq, nr;

	if (!has(c, LM_DSQ_NR) || global(c, LS_GLOBAL_DSQS, 8, &arr))
		return;
	if (arr) {
		if (global(c, LS_NR_NODE_IDS, 4, &nodes) || nodes == 0 || nodes > SAMPLE_MAX_NODES) {
			c->wild++;
			return;
		}
		for (unsigned i = 0; i < nodes; i++) {
			if (xlate_read_uint(&c->x, arr + i * 8, 8, &dsq) || get(c, dsq, LM_DSQ_NR, &nr)) {
				c->wild++;
				return;
			}
			s->global_dsq_nr[i] = (uint32_t)nr;
		}
		s->nr_nodes = (uint16_t)nodes;
	}
	s->valid |= SAMPLE_G_GLOBAL_DSQS;
}

void sample_take(struct sample_ctx *c, struct sample *s)
{
	struct sample_cpu *cpus = s->cpu;
	unsigned budget = c->walk_budget;
	struct timespec t;
	uint64_t v;

	memset(s, 0, sizeof(*s));
	s->cpu = cpus;
	clock_gettime(CLOCK_MONOTONIC, &t);
	s->t_ns = (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
	if (!global(c, LS_JIFFIES, 8, &s->jiffies))
		s->valid |= SAMPLE_G_JIFFIES;
	if (!global(c, LS_SCX_ENABLE_STATE, 4, &v))
		s->enable_state = (uint32_t)v, s->valid |= SAMPLE_G_ENABLE_STATE;
	if (!global(c, LS_SCX_EXIT_KIND, 4, &v))
		s->exit_kind = (uint32_t)v, s->valid |= SAMPLE_G_EXIT_KIND;
	if (!global(c, LS_SCX_BYPASS_DEPTH, 4, &v))
		s->bypass_depth = (int32_t)v, s->valid |= SAMPLE_G_BYPASS;
	if (!global(c, LS_SCX_WATCHDOG_TIMEOUT, 8, &s->watchdog_timeout))
		s->valid |= SAMPLE_G_WATCHDOG;
	if (!global(c, LS_SCX_NR_REJECTED, 8, &s->nr_rejected))
		s->valid |= SAMPLE_G_REJECTED;
	read_global_dsqs(c, s);
	for (unsigned i = 0; i < c->ncpus; i++)
		read_cpu(c, i, s, &budget, &cpus[i]);
}

int sample_write_global(const struct sample_ctx *c, int sym, uint64_t v)
{
	const struct layout_sym *s = &c->l->s[sym];
	uint64_t gpa, span;

	if (!s->ok || s->size != 8 || xlate_va(&c->x, xlate_sym(&c->x, s->addr), &gpa, &span) || span < 8 ||
	    gpa & 7)
		return -1;
	return gmem_write(c->x.mem, gpa, &v, 8);
}
