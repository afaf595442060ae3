/* scx_ktsr: a global-FIFO sched_ext scheduler with fault knobs, so ktsrun
 * can prove it sees each failure class. Knobs are rodata set by the loader;
 * triggers are .bss words the loader flips at run time.
 *
 * Built with KTSR_BAD it contains one unchecked map lookup: the verifier
 * must refuse to load it (scx_ktsr_bad). */
#include <scx/common.bpf.h>

#include "scx_ktsr.h"

char _license[] SEC("license") = "GPL";

const volatile u64 stall_after; /* dispatches before we stop; 0 = never */
const volatile u64 error_after; /* enqueues before scx_bpf_error(); 0 = never */
const volatile u64 slow_ns;	/* busy-wait in every dispatch */
const volatile bool random_cpu; /* place wakeups on a random allowed CPU */
const volatile u32 nr_cpus = 1;

u32 trigger; /* enum ktsr_trigger, written by the loader */
u64 nr_enqueued, nr_dispatched, nr_stalled_dispatches;

UEI_DEFINE(uei);

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, u32);
	__type(value, u64);
} ktsr_last_enq SEC(".maps");

static bool stalled(void)
{
	return trigger == KTSR_TRIG_STALL || (stall_after && nr_dispatched >= stall_after);
}

s32 BPF_STRUCT_OPS(ktsr_select_cpu, struct task_struct *p, s32 prev_cpu, u64 wake_flags)
{
	bool idle = false;
	s32 cpu;

	if (random_cpu) {
		cpu = bpf_get_prandom_u32() % nr_cpus;
		if (bpf_cpumask_test_cpu(cpu, p->cpus_ptr))
			return cpu;
	}
	cpu = scx_bpf_select_cpu_dfl(p, prev_cpu, wake_flags, &idle);
	/* a direct dispatch would bypass the FIFO and so the stall knob */
	if (idle && !stalled())
		scx_bpf_dispatch(p, SCX_DSQ_LOCAL, SCX_SLICE_DFL, 0);
	return cpu;
}

void BPF_STRUCT_OPS(ktsr_enqueue, struct task_struct *p, u64 enq_flags)
{
	u64 n = __sync_fetch_and_add(&nr_enqueued, 1) + 1;
	u32 key = 0;
	u64 *last = bpf_map_lookup_elem(&ktsr_last_enq, &key);

#ifdef KTSR_BAD
	/* a bounded loop first, so the rejected log has iterations to collapse */
#pragma clang loop unroll(disable)
	for (u32 i = 0; i < 3; i++)
		n += bpf_get_prandom_u32() & 1;
	*last = n; /* no NULL check: the verifier rejects this on purpose */
#else
	if (last)
		*last = n;
#endif
	if (error_after && n == error_after)
		scx_bpf_error("ktsr: injected error after %llu enqueues", n);
	if (trigger == KTSR_TRIG_ERROR)
		scx_bpf_error("ktsr: injected error on trigger (%llu enqueues)", n);
	scx_bpf_dispatch(p, KTSR_DSQ, SCX_SLICE_DFL, enq_flags);
}

/* bpf_loop callback: keep going until slow_ns have passed since *t0 */
static long slow_step(u32 i, void *ctx)
{
	u64 *t0 = ctx;

	return bpf_ktime_get_ns() - *t0 >= slow_ns;
}

void BPF_STRUCT_OPS(ktsr_dispatch, s32 cpu, struct task_struct *prev)
{
	u64 t0;

	if (stalled()) {
		__sync_fetch_and_add(&nr_stalled_dispatches, 1);
		return;
	}
	if (slow_ns) {
		t0 = bpf_ktime_get_ns();
		/* bpf_loop: the verifier checks the body once, not 2^20 times */
		bpf_loop(1 << 20, slow_step, &t0, 0);
	}
	if (scx_bpf_consume(KTSR_DSQ))
		__sync_fetch_and_add(&nr_dispatched, 1);
}

s32 BPF_STRUCT_OPS_SLEEPABLE(ktsr_init)
{
	return scx_bpf_create_dsq(KTSR_DSQ, -1);
}

void BPF_STRUCT_OPS(ktsr_exit, struct scx_exit_info *ei)
{
	UEI_RECORD(uei, ei);
}

SCX_OPS_DEFINE(ktsr_ops, .select_cpu = (void *)ktsr_select_cpu, .enqueue = (void *)ktsr_enqueue,
	       .dispatch = (void *)ktsr_dispatch, .init = (void *)ktsr_init, .exit = (void *)ktsr_exit,
	       .timeout_ms = 5000, .name = "ktsr");
