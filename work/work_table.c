/* The table of work types. Parameter order is the index the run function
 * reads (c->p[i]); defaults are sized so a unit takes tens of microseconds
 * natively and stays well under a millisecond under TCG emulation. */
#include "work/work.h"
#include "work/work_impl.h"

/* One compact entry per type. Fields in order: name, summary, unit, aux, group,
 * group_param, min_workers, flags, nparams, params, run. */
/* clang-format off */
#define LOOPS(d, what) { "loops", d, 1, 100000000, "loops", what }
#define WORKLOOPS(d) { "work_loops", d, 0, 100000000, "loops", "arithmetic after each wake" }
#define KIB(d, lo, what) { "kib", d, lo, 1048576, "KiB", what }
#define STRIDE { "stride", 64, 8, 4096, "bytes", "distance between touched bytes" }
#define BURST(what) { "burst_us", 0, 0, 10000000, "us", what }
#define INTERVAL(what) { "interval_us", 0, 0, 10000000, "us", what }
#define TOUCHES(d) { "touches", d, 1, 100000000, "lines", "read-modify-writes per unit" }

static const struct work_type types[] = {
	{ "spin", "burn CPU without blocking", "one batch of `loops` multiply-adds", NULL, 1, -1, 1, 0,
	  1, { LOOPS(2000, "multiply-adds per unit") }, work_spin },
	{ "yield", "burn a little, then sched_yield()", "one yield", NULL, 1, -1, 1, 0,
	  1, { LOOPS(200, "multiply-adds before each yield") }, work_yield },
	{ "mixed", "spin for a burst, then sched_yield()", "one burst + yield", NULL, 1, -1, 1, 0,
	  1, { { "burst_us", 500, 1, 1000000, "us", "spin time before each yield" } }, work_mixed },
	{ "bursty", "spin for a burst, then sleep", "one burst", NULL, 1, -1, 1, WT_WAKES,
	  2, { { "burst_us", 2000, 1, 10000000, "us", "spin time" },
	       { "sleep_us", 2000, 1, 10000000, "us", "sleep after each burst" } }, work_bursty },
	{ "idle_churn", "very short sleeps: CPUs enter and leave idle all the time", "one sleep + wake",
	  NULL, 1, -1, 1, WT_WAKES,
	  2, { { "sleep_us", 50, 1, 1000000, "us", "sleep length" }, WORKLOOPS(100) }, work_idle_churn },
	{ "io_sync", "write a block to a tmpfs file and fdatasync() it", "one write + fdatasync", NULL,
	  1, -1, 1, 0, 1, { KIB(4, 1, "bytes written per unit") }, work_io_sync },
	{ "pipe_io", "pairs pass a timestamped message back and forth through pipes",
	  "one message received and answered", NULL, 2, -1, 2, WT_PIPES | WT_WAKES,
	  2, { { "msg_bytes", 64, 8, 4096, "bytes", "message size (<= PIPE_BUF: atomic)" }, WORKLOOPS(0) },
	  work_pipe_io },
	{ "futex_pingpong", "pairs wake each other through a futex word", "one wake received", NULL,
	  2, -1, 2, WT_WAKES, 2, { WORKLOOPS(0), BURST("spin time after each wake") }, work_futex_pingpong },
	{ "futex_fanout", "one waker wakes N-1 waiters each round and waits for all of them",
	  "waker: one round; waiter: one wake", NULL, 0, 0, 2, WT_WAKES,
	  3, { { "size", 4, 2, 256, "workers", "group size: 1 waker + size-1 waiters" }, WORKLOOPS(100),
	       BURST("spin time after each wake (waiters)") },
	  work_futex_fanout },
	{ "cache_pressure", "strided read-modify-write over a private working set",
	  "`touches` cache-line updates", NULL, 1, -1, 1, 0,
	  3, { KIB(1024, 4, "working set"), STRIDE, TOUCHES(4096) }, work_cache_pressure },
	{ "cache_yield", "cache_pressure, with sched_yield() after each unit",
	  "`touches` cache-line updates + yield", NULL, 1, -1, 1, 0,
	  3, { KIB(1024, 4, "working set"), STRIDE, TOUCHES(1024) }, work_cache_yield },
	{ "cache_pipe", "pairs touch their working set, then hand a message to the partner",
	  "one message received after a working-set pass", NULL, 2, -1, 2, WT_PIPES | WT_WAKES,
	  3, { KIB(256, 4, "working set"), STRIDE, TOUCHES(1024) }, work_cache_pipe },
	{ "fork_exit", "fork a child that exits at once; reap it", "one fork + reap", NULL, 1, -1, 1,
	  WT_WAKES, 2, { { "work_loops", 0, 0, 100000000, "loops", "arithmetic in each child" },
	                 { "count", 1, 1, 64, "children", "children forked together per round" } },
	  work_fork_exit },
	{ "nice_sweep", "spin while walking the nice value lo..hi..lo", "one batch at one nice level",
	  NULL, 1, -1, 1, 0,
	  4, { { "lo", -5, -20, 19, "nice", "lowest nice value" },
	       { "hi", 10, -20, 19, "nice", "highest nice value" },
	       LOOPS(20000, "multiply-adds per level"),
	       INTERVAL("spin time per level, instead of loops (0: loops)") }, work_nice_sweep },
	{ "affinity_churn", "pin itself to the next allowed CPU every unit", "one re-pin + batch",
	  "units that ran on a CPU other than the one just pinned", 1, -1, 1, 0,
	  2, { LOOPS(5000, "multiply-adds after each re-pin"),
	       INTERVAL("spin time after each re-pin, instead of loops (0: loops)") }, work_affinity_churn },
	{ "policy_churn", "cycle its policy: normal, batch, idle, fifo, rr (and ext)",
	  "one policy change + batch", NULL, 1, -1, 1, 0,
	  4, { LOOPS(5000, "multiply-adds per policy"),
	       { "rt", 1, 0, 1, "bool", "include SCHED_FIFO and SCHED_RR (priority 1)" },
	       { "ext", 0, 0, 1, "bool", "include SCHED_EXT (kernel with sched_ext)" },
	       INTERVAL("spin time per policy, instead of loops (0: loops)") },
	  work_policy_churn },
	{ "cgroup_churn", "move itself between two child cgroups of its own cgroup",
	  "one cgroup move + batch", NULL, 1, -1, 1, WT_FORK_ONLY,
	  2, { LOOPS(5000, "multiply-adds after each move"),
	       INTERVAL("spin time after each move, instead of loops (0: loops)") }, work_cgroup_churn },
	{ "wake_chain", "a ring of workers passes one token; each wakes the next",
	  "one token received and passed on", NULL, 0, 0, 2, WT_WAKES,
	  3, { { "length", 4, 2, 256, "workers", "ring length (group size)" }, WORKLOOPS(200),
	       BURST("spin time after each wake") },
	  work_wake_chain },
	{ "thundering_herd", "one waker wakes all waiters at once; they race for one token",
	  "waker: one broadcast; waiter: one wake", "tokens won (waiters)", 0, 0, 2, WT_WAKES,
	  3, { { "size", 4, 2, 256, "workers", "group size: 1 waker + size-1 waiters" },
	       { "period_us", 1000, 10, 10000000, "us", "time between broadcasts" }, WORKLOOPS(200) },
	  work_thundering_herd },
	{ "mutex_contention", "every worker of the set contends for one process-shared mutex",
	  "one critical section", "acquisitions that had to wait", 0, -1, 2, WT_WAKES | WT_WHOLE,
	  4, { { "hold_loops", 500, 0, 100000000, "loops", "work while holding the lock" },
	       { "gap_loops", 500, 0, 100000000, "loops", "work between critical sections" },
	       { "hold_us", 0, 0, 10000000, "us", "spin time while holding the lock (after hold_loops)" },
	       { "sleep_us", 0, 0, 10000000, "us", "sleep between critical sections (0: none)" } },
	  work_mutex_contention },
	{ "page_fault_churn", "map anonymous memory, touch every page, unmap", "one page faulted in",
	  NULL, 1, -1, 1, 0, 1, { KIB(256, 4, "mapping size per cycle") }, work_page_fault_churn },
	{ "sequence", "run phases of other work types in turn, repeating",
	  "the current phase's unit", "phases completed", 1, -1, 1, WT_WAKES | WT_PHASES,
	  1, { { "phase_ms", 100, 1, 3600000, "ms", "phase length when no phases are given" } },
	  work_sequence },
	{ "exec", "run a program (a payload) once with its argv, in the worker's cgroup and settings",
	  "one run of the program to its end", "runs that failed (non-zero exit or a signal not ours)",
	  1, -1, 1, WT_FORK_ONLY | WT_ARGV,
	  1, { { "grace_ms", 500, 0, 60000, "ms", "after SIGTERM at the run's end, time before SIGKILL" } },
	  work_exec },
	{ "epoll_storm", "one waker writes to its N-1 waiters' pipes at once; each sleeps in epoll_wait",
	  "waker: one round acknowledged by all; waiter: one wake", NULL, 0, 0, 2, WT_PIPES | WT_WAKES,
	  2, { { "size", 4, 2, 256, "workers", "group size: 1 waker + size-1 waiters" }, WORKLOOPS(100) },
	  work_epoll_storm },
	{ "priority_inversion", "a nice 19 lock holder, a nice -10 waiter, nice 0 hogs between them",
	  "holder, waiter: one critical section; hog: one batch", "acquisitions that had to wait", 0, -1, 3,
	  WT_WAKES | WT_WHOLE,
	  2, { { "hold_us", 2000, 1, 10000000, "us", "the holder's spin inside each critical section" },
	       { "sleep_us", 1000, 1, 10000000, "us", "holder and waiter: sleep between critical sections" } },
	  work_priority_inversion },
};
/* clang-format on */

const struct work_type *work_types(size_t *n)
{
	*n = sizeof(types) / sizeof(types[0]);
	return types;
}
