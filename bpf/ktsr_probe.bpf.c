/* ktsr_probe: kprobes and kretprobes on kernel functions, fentry and fexit
 * on the loaded scheduler's struct_ops programs, and a kprobe on
 * scx_ops_exit_kind() (6.12 has no exit tracepoint, and fentry cannot take
 * the variadic function). Each call's arguments and the task and rq they
 * point to go into a ring buffer at entry and again at exit; the loader
 * (ktsr_probe.c) keeps the last ones and prints them when the trigger comes. */
#include <scx/common.bpf.h>

#include "ktsr_probe.h"

char _license[] SEC("license") = "GPL";

/* one loaded copy per struct_ops program: which one, its ctx[] layout */
const volatile unsigned int prog_slot;
const volatile struct probe_cfg prog_cfg = { PROBE_NO_ARG, PROBE_NO_ARG, 0 };

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 22);
} events SEC(".maps");

/* kernel functions by the index their attach cookie carries */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, PROBE_MAX_FUNCS);
	__type(key, u32);
	__type(value, struct probe_cfg);
} fn_cfg SEC(".maps");

/* a call's arguments from its entry, for its exit */
struct stash_key {
	u64 tid, id;
};
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 4096);
	__type(key, struct stash_key);
	__type(value, u64[PROBE_MAX_ARGS]);
} stash SEC(".maps");

static void read_task(struct probe_ev *e, u64 ptr)
{
	struct task_struct *p = (struct task_struct *)ptr;
	const struct cpumask *m;
	struct scx_dispatch_q *dsq;

	if (!ptr)
		return;
	e->has_task = 1;
	e->task.pid = BPF_CORE_READ(p, pid);
	BPF_CORE_READ_STR_INTO(&e->task.comm, p, comm);
	m = BPF_CORE_READ(p, cpus_ptr);
	if (m)
		bpf_probe_read_kernel(&e->task.cpus, sizeof(e->task.cpus), &m->bits[0]);
	dsq = BPF_CORE_READ(p, scx.dsq);
	e->task.dsq = dsq ? BPF_CORE_READ(dsq, id) : ~0ULL;
	e->task.flags = BPF_CORE_READ(p, scx.flags);
	e->task.weight = BPF_CORE_READ(p, scx.weight);
}

static void read_rq(struct probe_ev *e, u64 ptr)
{
	struct rq *rq = (struct rq *)ptr;

	if (!ptr)
		return;
	e->has_rq = 1;
	e->rq_cpu = BPF_CORE_READ(rq, cpu);
	e->rq_nr_running = BPF_CORE_READ(rq, nr_running);
}

static void emit(u64 id, unsigned int phase, const struct probe_cfg *c, const u64 *args, u64 ret)
{
	struct probe_ev *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return;
	__builtin_memset(e, 0, sizeof(*e));
	e->ts = bpf_ktime_get_ns();
	e->id = id;
	e->phase = phase;
	e->cpu = bpf_get_smp_processor_id();
	e->cur_pid = bpf_get_current_pid_tgid();
	bpf_get_current_comm(&e->cur_comm, sizeof(e->cur_comm));
	e->ret = ret;
	e->nargs = c->nargs < PROBE_MAX_ARGS ? c->nargs : PROBE_MAX_ARGS;
	for (int i = 0; i < PROBE_MAX_ARGS; i++)
		e->args[i] = args[i];
	if (c->task_arg >= 0 && c->task_arg < PROBE_MAX_ARGS)
		read_task(e, args[c->task_arg]);
	if (c->rq_arg >= 0 && c->rq_arg < PROBE_MAX_ARGS)
		read_rq(e, args[c->rq_arg]);
	bpf_ringbuf_submit(e, 0);
}

static void entry(u64 id, const struct probe_cfg *c, const u64 *args)
{
	struct stash_key k = { bpf_get_current_pid_tgid(), id };

	bpf_map_update_elem(&stash, &k, args, BPF_ANY);
	emit(id, PROBE_ENTRY, c, args, 0);
}

static void leave(u64 id, const struct probe_cfg *c, u64 ret)
{
	struct stash_key k = { bpf_get_current_pid_tgid(), id };
	u64 *args = bpf_map_lookup_elem(&stash, &k);

	if (!args)
		return;
	emit(id, PROBE_EXIT, c, args, ret);
	bpf_map_delete_elem(&stash, &k);
}

SEC("kprobe")
int BPF_KPROBE(probe_kentry)
{
	u32 i = bpf_get_attach_cookie(ctx);
	u64 args[PROBE_MAX_ARGS] = {
		PT_REGS_PARM1(ctx), PT_REGS_PARM2(ctx), PT_REGS_PARM3(ctx),
		PT_REGS_PARM4(ctx), PT_REGS_PARM5(ctx), PT_REGS_PARM6(ctx),
	};
	struct probe_cfg *c = bpf_map_lookup_elem(&fn_cfg, &i);

	if (c)
		entry(i, c, args);
	return 0;
}

SEC("kretprobe")
int BPF_KRETPROBE(probe_kexit, long ret)
{
	u32 i = bpf_get_attach_cookie(ctx);
	struct probe_cfg *c = bpf_map_lookup_elem(&fn_cfg, &i);

	if (c)
		leave(i, c, ret);
	return 0;
}

/* scx_ops_exit_kind(kind, exit_code, fmt, ...) */
SEC("kprobe/scx_ops_exit_kind")
int BPF_KPROBE(probe_trigger)
{
	struct probe_cfg c = { PROBE_NO_ARG, PROBE_NO_ARG, 2 };
	u64 args[PROBE_MAX_ARGS] = { PT_REGS_PARM1(ctx), PT_REGS_PARM2(ctx) };

	emit(0, PROBE_TRIGGER, &c, args, 0);
	return 0;
}

/* A struct_ops program's only argument is its u64 *ctx: the member's arguments. */
static void prog_args(u64 *ctx, u64 *args)
{
	u64 sctx = 0;
	u32 n = prog_cfg.nargs;

	bpf_get_func_arg(ctx, 0, &sctx);
	if (n > PROBE_MAX_ARGS)
		n = PROBE_MAX_ARGS;
	if (sctx && n)
		bpf_probe_read_kernel(args, n * sizeof(u64), (void *)sctx);
}

SEC("fentry")
int probe_pentry(u64 *ctx)
{
	u64 args[PROBE_MAX_ARGS] = {};
	struct probe_cfg c = { prog_cfg.task_arg, prog_cfg.rq_arg, prog_cfg.nargs };

	prog_args(ctx, args);
	entry(PROBE_PROG_ID(prog_slot), &c, args);
	return 0;
}

SEC("fexit")
int probe_pexit(u64 *ctx)
{
	struct probe_cfg c = { prog_cfg.task_arg, prog_cfg.rq_arg, prog_cfg.nargs };
	u64 ret = 0;

	bpf_get_func_ret(ctx, &ret);
	leave(PROBE_PROG_ID(prog_slot), &c, ret);
	return 0;
}
