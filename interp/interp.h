/* The interpreter: runs the guest-side part of a verified program (metadata,
 * requirements, cgroups, steps and their ops) against a runtime given as a
 * table of functions, and evaluates claim and requirement expressions over
 * a lookup callback. Plain C and libc: the static guest init links it, the
 * host tests drive it through a recording fake runtime.
 *
 *   interp_meta_read(prog, &meta)          name, duration, checks, ... (host and guest)
 *   interp_run(prog, &topo, &ops, ctx, ..) the whole timeline:
 *       requires -> scheduler -> cgroups (created, workers at the barrier)
 *       -> go -> settle -> steps (ops, repeats, holds) -> end of duration
 *       -> finish (stop and report)
 *   interp_eval(prog, pc, lookup, arg, ..) one REQ or CLAIM expression
 *
 * Runtime ops return 0 or -errno with a one-line reason in err
 * (INTERP_ERRLEN bytes). The interpreter resolves everything that depends
 * on the topology (cpusets, affinity masks, worker shares) itself, so the
 * runtime only applies concrete values. */
#ifndef KTS_INTERP_H
#define KTS_INTERP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "interp/bc.h"
#include "lib/cpuset.h"

#define INTERP_ERRLEN	    256
#define INTERP_MAX_LLCS	    64
#define INTERP_MAX_NODES    16
#define INTERP_MAX_PHASES   8
#define INTERP_MAX_ARGV	    32 /* work exec: the program and its arguments */
#define INTERP_MAX_TAGS	    8
#define INTERP_MAX_GAUNTLET 32
#define INTERP_MAX_WORKERS  512	    /* per cgroup: keeps odd programs finite */
#define INTERP_MIN_EVERY    1000000 /* 1 ms: a repeating step's shortest interval */
#define INTERP_MAX_REPEAT   100000  /* repetitions of one step */
#define INTERP_MAX_HOLD	    (24ull * 3600 * 1000000000ull)

/* The machine the program runs on, as the guest sees it. */
struct interp_topo {
	unsigned ncpus, nodes, llcs, cores, threads;
	uint64_t mem_bytes;
	struct cpuset all;
	struct cpuset llc[INTERP_MAX_LLCS];
	struct cpuset node[INTERP_MAX_NODES];
};

/* What a program says about itself, read without running it. */
struct interp_meta {
	const char *name, *desc, *topology, *sched, *sched_args;
	uint64_t duration_ns, settle_ns, watchdog_ns;
	const char *tags[INTERP_MAX_TAGS];
	const char *gauntlet[INTERP_MAX_GAUNTLET]; /* presets or tags of its `gauntlet` line */
	unsigned ngauntlet;
	unsigned ntags, nreqs, nclaims, nbase; /* nbase: claims that read the baseline */
	bool check_off[BC_CHECK_COUNT];
	bool check_set[BC_CHECK_COUNT];
	double check_val[BC_CHECK_COUNT];
	bool expect_fail;
	unsigned fail_kind; /* enum bc_fail */
	const char *fail_match;
	uint32_t claims_pc; /* first CLAIM_BEGIN or EXPECT_FAIL, or END */
};

#define INTERP_DEF_DURATION 10000000000ull /* doc/language.md: 10s */

void interp_meta_read(const struct bc_prog *p, struct interp_meta *m);

/* Decode the instruction at pc: returns the op, fills v[] with operands
 * (u8 or u16 by layout letter). Only for verified code. */
enum bc_op interp_decode(const struct bc_prog *p, uint32_t pc, unsigned v[8]);

/* A work type with its parameters, in bytecode units (ns, bytes, counts). */
struct interp_args {
	bool has[BC_WP_COUNT];
	double v[BC_WP_COUNT];
};

struct interp_work {
	bool set;
	unsigned type; /* enum bc_work */
	struct interp_args args;
	unsigned nphases;
	struct {
		unsigned type;
		uint64_t ns;
		struct interp_args args;
	} phase[INTERP_MAX_PHASES];
	unsigned argc; /* work exec: argv[0] is the program (pool strings) */
	const char *argv[INTERP_MAX_ARGV];
	const char *file_name, *file_text; /* work exec: a file for it (rtapp's JSON), or NULL */
};

struct interp_cgdef {
	unsigned id, parent; /* parent BC_ROOT: the scenario's root */
	const char *name;
	const char *path; /* dotted from the root: "outer.inner" */
	unsigned flags;	  /* enum bc_cgf */
};

enum interp_set_kind {
	IS_CPUS,       /* cpuset.cpus = cpus */
	IS_CPUS_CLEAR, /* cpuset.cpus = inherit */
	IS_MEMS,       /* cpuset.mems = cpus (a node set) */
	IS_AFFINITY,   /* workers' affinity = cpus; empty with kind inherit: none */
	IS_NICE,       /* v */
	IS_POLICY,     /* v = enum bc_policy, v2 = priority */
	IS_WEIGHT,     /* v */
	IS_CPU_MAX,    /* v = quota ns, v2 = period ns */
	IS_MEMORY,     /* v = enum bc_mem, v2 = bytes */
	IS_PIDS,       /* v */
	IS_COMM,       /* s */
};

struct interp_set {
	enum interp_set_kind kind;
	struct cpuset cpus;
	long long v, v2;
	const char *s;
};

struct interp_rt_ops {
	uint64_t (*now)(void *ctx); /* CLOCK_MONOTONIC ns */
	void (*sleep_until)(void *ctx, uint64_t t_ns);
	/* a step began: "start" (0, after go), "step N" before its ops, "held"
	 * after its first run of ops, "end" (nsteps + 1) */
	int (*mark)(void *ctx, unsigned step, const char *name, uint64_t t_ns, char *err);
	int (*cgroup_create)(void *ctx, const struct interp_cgdef *d, char *err);
	int (*cg_set)(void *ctx, unsigned cg, const struct interp_set *s, char *err);
	/* start n workers of w in cg; they wait at the barrier until go */
	int (*cg_start)(void *ctx, unsigned cg, const struct interp_work *w, unsigned n, char *err);
	int (*go)(void *ctx, char *err); /* release every waiting worker */
	int (*cgroup_remove)(void *ctx, unsigned cg, char *err);
	int (*spawn)(void *ctx, unsigned cg, unsigned n, char *err); /* started at once */
	int (*stop)(void *ctx, unsigned cg, unsigned n, char *err);  /* n newest; UINT32_MAX all */
	int (*move)(void *ctx, unsigned from, unsigned to, char *err);
	int (*freeze)(void *ctx, unsigned cg, bool on, char *err);
	int (*signal)(void *ctx, unsigned cg, unsigned sig, char *err); /* enum bc_sig */
	int (*snapshot)(void *ctx, const char *label, char *err);
	/* OP_SCHED (load at the start), OP_SCHED_ATTACH, _DETACH, _RESTART, _REPLACE */
	int (*sched)(void *ctx, enum bc_op op, const char *name, const char *args, char *err);
	int (*knob_write)(void *ctx, const char *path, const char *val, char *err);
	int (*knob_read)(void *ctx, const char *path, char *err);
	/* stop every worker and report what they measured */
	int (*finish)(void *ctx, char *err);
};

enum interp_status { INTERP_DONE = 0, INTERP_SKIP = 1, INTERP_ERROR = -1 };

/* Runs the program. DONE; SKIP with the unmet requirement's text in why;
 * ERROR with "step 2: FREEZE b: reason" in why (finish still ran). */
enum interp_status interp_run(const struct bc_prog *p, const struct interp_topo *t,
			      const struct interp_rt_ops *ops, void *ctx, char *why, size_t whylen);

/* Values an expression reads: op is OP_TOPO, OP_METRIC, OP_BASE_METRIC,
 * OP_MON_METRIC or OP_MON_CLEAN with its operands. NaN means unknown. */
typedef double (*interp_lookup_fn)(void *arg, enum bc_op op, const unsigned *v);

/* Evaluate the block opened at pc (REQ_BEGIN or CLAIM_BEGIN). Returns the
 * value left on the stack; *unknown says a lookup gave NaN (so a false
 * result proves nothing); *end is the pc after REQ_END/CLAIM_END. */
double interp_eval(const struct bc_prog *p, uint32_t pc, interp_lookup_fn fn, void *arg, bool *unknown,
		   uint32_t *end);
/* A fact of the topology for TOPO. */
double interp_topo_fact(const struct interp_topo *t, unsigned fact);

/* cpus.c: cpusets relative to a set of CPUs (the parent's, or all). Each
 * returns 0, or -1 with a reason in err: the result would be empty. */
int interp_cpus_llc(const struct interp_topo *t, double i, struct cpuset *out, char *err);
int interp_cpus_node(const struct interp_topo *t, double i, struct cpuset *out, char *err);
int interp_cpus_range(const struct cpuset *in, double lo, double hi, struct cpuset *out, char *err);
int interp_cpus_part(const struct cpuset *in, double i, double n, double widen, struct cpuset *out,
		     char *err);
int interp_cpus_affinity(const struct interp_topo *t, const struct cpuset *in, unsigned kind,
			 struct cpuset *out, char *err);
int interp_cpus_random(const struct cpuset *in, double n, unsigned seed, struct cpuset *out, char *err);
/* The nth CPU of a set (0-based), or -1. */
int interp_cpus_nth(const struct cpuset *s, unsigned n);

#endif
