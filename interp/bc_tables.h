/* Name tables shared by the compiler, the verifier, the disassembler and the
 * interpreter: the value of an 'e' operand is the index in its table. Each
 * table is an X-macro list; appending keeps old bytecode meaning the same. */
#ifndef KTS_BC_TABLES_H
#define KTS_BC_TABLES_H

/* Work parameters: X(name, unit) with unit 'd' duration, 'z' size, 'n' count. */
/* clang-format off */
#define BC_WPARAMS(X)       \
	X(burst, 'd')       \
	X(sleep, 'd')       \
	X(interval, 'd')    \
	X(hold, 'd')        \
	X(size, 'z')        \
	X(stride, 'z')      \
	X(fanout, 'n')      \
	X(depth, 'n')       \
	X(count, 'n')
/* clang-format on */

enum bc_wparam {
#define X(n, u) BC_WP_##n,
	BC_WPARAMS(X)
#undef X
		BC_WP_COUNT
};
#define WP(n) (1u << BC_WP_##n)

/* Work types: X(name, allowed params, group, units) where group is the worker
 * count a group needs: 0 none, 2 pairs, -1 fanout + 1, -2 depth; and units
 * says whether the work units of two workers of one set compare: SAME (every
 * worker does the same thing) or ROLES (workers have unlike roles or phases,
 * or their units count unlike things), which turns off the default fairness
 * spread check for the set. */
/* clang-format off */
#define BC_WORKS(X)                                                   \
	X(spin, 0, 0, SAME)                                                  \
	X(yield, 0, 0, SAME)                                                 \
	X(mixed, WP(burst), 0, SAME)                                         \
	X(bursty, WP(burst) | WP(sleep), 0, SAME)                            \
	X(idle_churn, WP(sleep), 0, SAME)                                    \
	X(io_sync, WP(size), 0, SAME)                                        \
	X(pipe_io, WP(size), 2, ROLES)                                       \
	X(futex_pingpong, WP(burst), 2, ROLES)                               \
	X(futex_fanout, WP(fanout) | WP(burst), -1, ROLES)                   \
	X(cache_pressure, WP(size) | WP(stride), 0, SAME)                    \
	X(cache_yield, WP(size) | WP(stride), 0, SAME)                       \
	X(cache_pipe, WP(size) | WP(stride), 2, ROLES)                       \
	X(fork_exit, WP(count), 0, ROLES)                                    \
	X(nice_sweep, WP(interval), 0, SAME)                                 \
	X(affinity_churn, WP(interval), 0, SAME)                             \
	X(policy_churn, WP(interval), 0, SAME)                               \
	X(cgroup_churn, WP(interval), 0, ROLES)                              \
	X(wake_chain, WP(depth) | WP(burst), -2, ROLES)                      \
	X(thundering_herd, WP(fanout) | WP(interval), -1, ROLES)             \
	X(mutex_contention, WP(hold) | WP(sleep), 0, ROLES)                  \
	X(page_fault_churn, WP(size), 0, SAME)                               \
	X(sequence, 0, 0, ROLES)                                             \
	X(exec, 0, 0, ROLES)                                                 \
	X(epoll_storm, WP(fanout), -1, ROLES)                                \
	X(priority_inversion, WP(hold) | WP(sleep), 0, ROLES)                \
	X(preempt_storm, WP(fanout) | WP(burst) | WP(sleep), -1, ROLES)      \
	X(rt_starvation, WP(count) | WP(burst) | WP(sleep), 0, ROLES)        \
	X(fan_out_compute, WP(fanout) | WP(burst), -1, ROLES)
/* clang-format on */

/* 0 is no value, so a work type without its units fact fails the table test. */
enum bc_work_units { BC_UNITS_NONE, BC_UNITS_SAME, BC_UNITS_ROLES };

enum bc_work {
#define X(n, p, g, u) BC_WORK_##n,
	BC_WORKS(X)
#undef X
		BC_WORK_COUNT
};

/* Metrics of a cgroup or worker: X(name, unit, aggregate over workers). */
/* clang-format off */
#define BC_METRICS(X)                          \
	X(work_units, 'n', "sum")              \
	X(iterations, 'n', "sum")              \
	X(cpu_time, 'd', "sum")                \
	X(wall_time, 'd', "max")               \
	X(max_gap, 'd', "max")                 \
	X(p50_wake_latency, 'd', "max")        \
	X(p90_wake_latency, 'd', "max")        \
	X(p99_wake_latency, 'd', "max")        \
	X(max_wake_latency, 'd', "max")        \
	X(cpus_used, 'n', "union")             \
	X(migrations, 'n', "sum")              \
	X(voluntary_switches, 'n', "sum")      \
	X(involuntary_switches, 'n', "sum")    \
	X(workers, 'n', "count")               \
	X(fairness_spread, 'f', "max/min - 1") \
	X(cpuset_violations, 'n', "sum")
/* clang-format on */

enum bc_metric {
#define X(n, u, a) BC_M_##n,
	BC_METRICS(X)
#undef X
		BC_M_COUNT
};

/* Monitor findings (host reads guest memory). */
/* clang-format off */
#define BC_MONS(X)                  \
	X(stalls, 'n')              \
	X(max_rq_len, 'n')          \
	X(max_dsq_depth, 'n')       \
	X(max_runnable_wait, 'd')   \
	X(idle_while_runnable, 'd') \
	X(scx_exits, 'n')           \
	X(samples, 'n')             \
	X(imbalance, 'n')
/* clang-format on */

enum bc_mon {
#define X(n, u) BC_MON_##n,
	BC_MONS(X)
#undef X
		BC_MON_COUNT
};

/* Facts of the topology for `requires`. */
/* clang-format off */
#define BC_TOPOS(X)               \
	X(cpus, 'n')              \
	X(nodes, 'n')             \
	X(llcs, 'n')              \
	X(cores, 'n')             \
	X(threads_per_core, 'n')  \
	X(smt, 'n')               \
	X(llcs_per_node, 'n')     \
	X(cores_per_llc, 'n')     \
	X(memory, 'z')
/* clang-format on */

enum bc_topo {
#define X(n, u) BC_TOPO_##n,
	BC_TOPOS(X)
#undef X
		BC_TOPO_COUNT
};

#define BC_AFFS(X) X(inherit) X(same_llc) X(same_node) X(cross_llc)
enum bc_aff {
#define X(n) BC_AFF_##n,
	BC_AFFS(X)
#undef X
		BC_AFF_COUNT
};

#define BC_POLICIES(X) X(normal) X(batch) X(idle) X(fifo) X(rr) X(ext)
enum bc_policy {
#define X(n) BC_POL_##n,
	BC_POLICIES(X)
#undef X
		BC_POL_COUNT
};

#define BC_MEMS(X) X(max) X(high) X(low)
enum bc_mem {
#define X(n) BC_MEM_##n,
	BC_MEMS(X)
#undef X
		BC_MEM_COUNT
};

#define BC_SIGS(X) X(stop) X(cont)
enum bc_sig {
#define X(n) BC_SIG_##n,
	BC_SIGS(X)
#undef X
		BC_SIG_COUNT
};

/* How the scheduler must fail for an expected failure to pass. */
#define BC_FAILS(X) X(any) X(stall) X(error) X(load) X(exit)
enum bc_fail {
#define X(n) BC_FAIL_##n,
	BC_FAILS(X)
#undef X
		BC_FAIL_COUNT
};

/* Default checks a scenario may tune: X(name, unit of the threshold) with
 * '-' for checks that can only be turned off. */
/* clang-format off */
#define BC_CHECKS(X)                \
	X(progress, '-')            \
	X(max_gap, 'd')             \
	X(fairness_spread, 'f')     \
	X(cpuset_isolation, '-')    \
	X(imbalance, 'n')
/* clang-format on */

enum bc_check {
#define X(n, u) BC_CHECK_##n,
	BC_CHECKS(X)
#undef X
		BC_CHECK_COUNT
};

/* CG_BEGIN flags. */
#define BC_CGFS(X) X(plain) X(backdrop) X(added)
enum bc_cgf {
#define X(n) BC_CGF_##n,
	BC_CGFS(X)
#undef X
		BC_CGF_COUNT
};

#endif
