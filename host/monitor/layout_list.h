/*
 * Everything the monitor reads in a guest kernel, drawn once. Included with
 * X defined to build the enums, the name tables and the `kernel offsets`
 * listing (host/monitor/layout.h).
 *
 * LAYOUT_USES(U): what the monitor computes; a missing member or symbol
 * makes the uses it names unavailable, never guessed.
 *   U(id, name) - name as doc/language.md spells the finding
 *
 * LAYOUT_MEMBERS(M): struct members, found in the kernel's BTF.
 *   M(id, struct, path, size, uses) - path may cross nested structs
 *   ("scx.local_dsq.nr"); size is what the monitor reads (0: any, the
 *   member is only an address); uses is a mask of LU() bits.
 *
 * LAYOUT_SYMBOLS(S): symbols, from vmlinux's .symtab (KALLSYMS_ALL keeps the
 * static sched_ext globals there).
 *   S(id, name, kind, uses) - kind LAYOUT_IMAGE (an address in the kernel
 *   image) or LAYOUT_PERCPU (an offset into each CPU's area); uses 0 means
 *   optional: the monitor has a documented fallback.
 */
#ifndef KTS_HOST_MONITOR_LAYOUT_LIST_H
#define KTS_HOST_MONITOR_LAYOUT_LIST_H

/* clang-format off */
#define LAYOUT_USES(U)                                                       \
	U(SAMPLES,		"samples")   /* any sample at all */         \
	U(STALLS,		"stalls")                                    \
	U(MAX_RQ_LEN,		"max_rq_len")                                \
	U(MAX_DSQ_DEPTH,	"max_dsq_depth")                             \
	U(MAX_RUNNABLE_WAIT,	"max_runnable_wait")                         \
	U(IDLE_WHILE_RUNNABLE,	"idle_while_runnable")                       \
	U(SCX_EXITS,		"scx_exits")                                 \
	U(IMBALANCE,		"imbalance")                                 \
	U(SCX_STATE,		"scx_state") /* bypass, rejections: context */ \
	U(TASK_NAMES,		"task_names") /* who is curr, who waits */

#define LAYOUT_MEMBERS(M)                                                                   \
	M(RQ_CPU,		"rq", "cpu",			4, LU(SAMPLES)) /* checks the per-CPU math */ \
	M(RQ_NR_RUNNING,	"rq", "nr_running",		4, LU(MAX_RQ_LEN) | LU(IMBALANCE) | LU(IDLE_WHILE_RUNNABLE) | LU(STALLS)) \
	M(RQ_CLOCK,		"rq", "clock",			8, LU(STALLS))                              \
	M(RQ_CURR,		"rq", "curr",			8, LU(IDLE_WHILE_RUNNABLE) | LU(TASK_NAMES)) \
	M(RQ_IDLE,		"rq", "idle",			8, LU(IDLE_WHILE_RUNNABLE))                 \
	M(RQ_SCX_NR_RUNNING,	"rq", "scx.nr_running",		4, LU(STALLS) | LU(MAX_RQ_LEN))              \
	M(RQ_SCX_FLAGS,		"rq", "scx.flags",		4, LU(STALLS))                              \
	M(RQ_SCX_LOCAL_DSQ_NR,	"rq", "scx.local_dsq.nr",	4, LU(MAX_DSQ_DEPTH))                       \
	M(RQ_SCX_RUNNABLE_LIST,	"rq", "scx.runnable_list",	16, LU(MAX_RUNNABLE_WAIT))                  \
	M(TASK_PID,		"task_struct", "pid",		4, LU(TASK_NAMES))                          \
	M(TASK_COMM,		"task_struct", "comm",		16, LU(TASK_NAMES))                         \
	M(TASK_POLICY,		"task_struct", "policy",	4, LU(TASK_NAMES))                          \
	M(TASK_SCX_RUNNABLE_NODE, "task_struct", "scx.runnable_node", 16, LU(MAX_RUNNABLE_WAIT))            \
	M(TASK_SCX_RUNNABLE_AT,	"task_struct", "scx.runnable_at", 8, LU(MAX_RUNNABLE_WAIT))                 \
	M(DSQ_NR,		"scx_dispatch_q", "nr",		4, LU(MAX_DSQ_DEPTH))                       \
	M(LIST_NEXT,		"list_head", "next",		8, LU(MAX_RUNNABLE_WAIT))                   \
	M(LIST_PREV,		"list_head", "prev",		8, LU(MAX_RUNNABLE_WAIT))

#define LAYOUT_SYMBOLS(S)                                                                   \
	S(TEXT,			"_text",			LAYOUT_IMAGE, LU(SAMPLES)) /* image bounds */ \
	S(END,			"_end",				LAYOUT_IMAGE, LU(SAMPLES))                  \
	S(PHYS_BASE,		"phys_base",			LAYOUT_IMAGE, LU(SAMPLES))                  \
	S(INIT_TOP_PGT,		"init_top_pgt",			LAYOUT_IMAGE, LU(SAMPLES)) /* finds phys_base; page walks */ \
	S(LEVEL3_KERNEL_PGT,	"level3_kernel_pgt",		LAYOUT_IMAGE, LU(SAMPLES))                  \
	S(PAGE_OFFSET_BASE,	"page_offset_base",		LAYOUT_IMAGE, 0) /* else 0xffff888000000000 */ \
	S(PER_CPU_OFFSET,	"__per_cpu_offset",		LAYOUT_IMAGE, LU(SAMPLES))                  \
	S(NR_CPU_IDS,		"nr_cpu_ids",			LAYOUT_IMAGE, LU(SAMPLES))                  \
	S(RUNQUEUES,		"runqueues",			LAYOUT_PERCPU, LU(SAMPLES))                 \
	S(INIT_TASK,		"init_task",			LAYOUT_IMAGE, LU(TASK_NAMES)) /* CPU 0's idle */ \
	S(JIFFIES,		"jiffies",			LAYOUT_IMAGE, LU(MAX_RUNNABLE_WAIT))        \
	S(SCX_ENABLE_STATE,	"scx_ops_enable_state_var",	LAYOUT_IMAGE, LU(SCX_EXITS) | LU(SCX_STATE)) \
	S(SCX_EXIT_KIND,	"scx_exit_kind",		LAYOUT_IMAGE, LU(SCX_EXITS))                \
	S(SCX_BYPASS_DEPTH,	"scx_ops_bypass_depth",		LAYOUT_IMAGE, LU(SCX_STATE))                \
	S(SCX_WATCHDOG_TIMEOUT,	"scx_watchdog_timeout",		LAYOUT_IMAGE, LU(MAX_RUNNABLE_WAIT))        \
	S(SCX_NR_REJECTED,	"scx_nr_rejected",		LAYOUT_IMAGE, LU(SCX_STATE))                \
	S(GLOBAL_DSQS,		"global_dsqs",			LAYOUT_IMAGE, LU(MAX_DSQ_DEPTH))            \
	S(NR_NODE_IDS,		"nr_node_ids",			LAYOUT_IMAGE, LU(MAX_DSQ_DEPTH))
/* clang-format on */

#endif
