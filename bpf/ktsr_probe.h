/* What ktsr_probe's BPF side and its loader share: one event per probed
 * call's entry or exit, and the scheduler's exit (the trigger). */
#ifndef KTSR_PROBE_H
#define KTSR_PROBE_H

#define PROBE_MAX_ARGS	6
#define PROBE_MAX_FUNCS 128
#define PROBE_NO_ARG	-1

enum probe_phase { PROBE_ENTRY, PROBE_EXIT, PROBE_TRIGGER };

/* Where a function's task_struct and rq pointers are among its arguments. */
struct probe_cfg {
	int task_arg, rq_arg;
	unsigned int nargs;
};

struct probe_task {
	int pid;
	char comm[16];
	unsigned long long cpus; /* the first 64 CPUs of cpus_ptr */
	unsigned long long dsq;	 /* scx.dsq->id; ~0 when on none */
	unsigned int flags, weight;
};

struct probe_ev {
	unsigned long long ts, id; /* id: a kernel function's index, or PROBE_PROG_ID(slot) */
	unsigned int phase, cpu, nargs, has_task, has_rq;
	int cur_pid;
	char cur_comm[16];
	unsigned long long args[PROBE_MAX_ARGS], ret;
	struct probe_task task;
	int rq_cpu;
	unsigned int rq_nr_running;
};

#define PROBE_PROG_ID(slot) (0xffff000000000000ULL | (slot))

#endif
