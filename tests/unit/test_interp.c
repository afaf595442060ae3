/* The interpreter through the recording fake runtime: the exact calls each
 * op makes, the timeline, and every error path. INTERP_DUMP=src prints the
 * log of any scenario (interp_dump). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/emit.h"
#include "grammar/kts.h"
#include "tests/unit/fake_rt.h"
#include "tests/unit/tu.h"

static struct fake_rt f;
static char why[512];

static enum interp_status run_failing(const char *src, const char *fail_on)
{
	f.fail_on = fail_on;
	return fake_run(src, &f, why, sizeof(why));
}

static enum interp_status run(const char *src)
{
	return run_failing(src, NULL);
}

/* The log must contain these lines, in this order, each right after the other. */
#define HAS(lines) TU_CHECK(strstr(f.log, lines) != NULL || (fprintf(stderr, "%s", f.log), 0))

TU_TEST(interp_dump)
{
	const char *src = getenv("INTERP_DUMP");

	if (src)
		printf("status %d why=%s\n%s", run(src), why, f.log);
}

TU_TEST(interp_timeline)
{
	TU_EQ_INT(run("scenario s { duration 10s\n settle 1s\n cgroup a { workers 2 work spin }\n"
		      "step 1/4 { freeze a }\n step 2s { unfreeze a } }"),
		  INTERP_DONE);
	TU_EQ_STR(f.log,
		  "create 0 a parent=-1 flags=0\nstart 0 spin n=2\ngo t=1000ms\nmark 0 start t=1000ms\n"
		  "mark 1 step 1 t=2000ms\nfreeze 0 1 t=2000ms\nmark 1 held t=2000ms\n"
		  "mark 2 step 2 t=4500ms\nfreeze 0 0 t=4500ms\nmark 2 held t=4500ms\nmark 3 end "
		  "t=12000ms\nfinish t=12000ms\n");
}

TU_TEST(interp_repeat_and_wait)
{
	TU_EQ_INT(run("scenario s { duration 3s\n cgroup a { workers 1 work spin }\n"
		      "step 100% every 1s { sigstop a; wait 100ms; sigcont a } }"),
		  INTERP_DONE);
	HAS("signal 0 stop t=1000ms\nsignal 0 cont t=1100ms\nmark 1 held t=1100ms\nsignal 0 stop "
	    "t=2000ms\nsignal 0 cont t=2100ms\n"
	    "signal 0 stop t=3000ms\nsignal 0 cont t=3100ms\nmark 2 end t=4000ms\n");
}

TU_TEST(interp_cgroup_settings)
{
	TU_EQ_INT(
		run("scenario s { cgroup a { workers 3 work bursty(burst = 1ms, sleep = 2ms)\n"
		    " mems node(0)\n nice 5\n policy fifo(10)\n cpu.weight 200\n cpu.max 50ms per 100ms\n"
		    " memory.max 512M\n memory.high 256M\n memory.low 64M\n pids.max 100\n comm \"hog\" } }"),
		INTERP_DONE);
	HAS("create 0 a parent=-1 flags=0\nset 0 mems 0\nset 0 nice 5 0\nset 0 policy 3 10\n"
	    "set 0 weight 200 0\nset 0 cpu_max 50000000 100000000\nset 0 memory 0 536870912\n"
	    "set 0 memory 1 268435456\nset 0 memory 2 67108864\nset 0 pids 100 0\nset 0 comm hog\n"
	    "start 0 bursty n=3 burst=1e+06 sleep=2e+06\ngo");
}

TU_TEST(interp_cpusets)
{
	TU_EQ_INT(run("scenario s {\n cgroup a { workers 1 work spin cpuset llc(1) }\n"
		      " cgroup b { workers 1 work spin cpuset node(0) }\n"
		      " cgroup c { workers 1 work spin cpuset range(0%, 50%) }\n"
		      " cgroup d { workers 1 work spin cpuset disjoint(1 of 2) }\n"
		      " cgroup e { workers 1 work spin cpuset overlap(0 of 2, 50%) }\n"
		      " cgroup g { workers 1 work spin cpuset \"0,3\" } }"),
		  INTERP_DONE);
	HAS("set 0 cpus 2-3\n");
	HAS("set 1 cpus 0-3\n");
	HAS("set 2 cpus 0-1\n");
	HAS("set 3 cpus 2-3\n");
	HAS("set 4 cpus 0-2\n");
	HAS("set 5 cpus 0,3\n");
}

TU_TEST(interp_affinity)
{
	TU_EQ_INT(run("scenario s {\n cgroup a { workers 1 work spin affinity same_llc cpuset llc(1) }\n"
		      " cgroup b { workers 1 work spin affinity cross_llc }\n"
		      " cgroup c { workers 1 work spin affinity same_node }\n"
		      " cgroup d { workers 1 work spin affinity inherit }\n"
		      " cgroup e { workers 1 work spin affinity random(2) }\n"
		      " cgroup g { workers 1 work spin affinity \"1\" } }"),
		  INTERP_DONE);
	HAS("set 0 cpus 2-3\nset 0 affinity 2-3\n"); /* the LLC of its CPUs, set later */
	HAS("set 1 affinity 0,2\n");
	HAS("set 2 affinity 0-3\n");
	HAS("set 3 affinity -\n");
	HAS("set 5 affinity 1\n");
	TU_CHECK(strstr(f.log, "set 4 affinity ") != NULL);
}

TU_TEST(interp_workers_share_and_nesting)
{
	TU_EQ_INT(run("scenario s { cgroup o { cpuset llc(0)\n cgroup i { workers 100% work yield } }\n"
		      " cgroup w { workers 50% work spin } }"),
		  INTERP_DONE);
	HAS("create 0 o parent=-1 flags=0\nset 0 cpus 0-1\ncreate 1 o.i parent=0 flags=0\nstart 1 yield "
	    "n=2\n");
	HAS("create 2 w parent=-1 flags=0\nstart 2 spin n=2\ngo");
}

TU_TEST(interp_sequence_phases)
{
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work sequence(spin for 10ms, "
		      "bursty(burst = 1ms) for 20ms) } }"),
		  INTERP_DONE);
	HAS("start 0 sequence n=1 [spin 10ms] [bursty 20ms burst=1e+06]\n");
}

TU_TEST(interp_backdrop_flag)
{
	TU_EQ_INT(run("scenario s { backdrop { cgroup n { workers 1 work spin } }\n"
		      " cgroup a { workers 1 work spin } }"),
		  INTERP_DONE);
	HAS("create 0 n parent=-1 flags=1\n");
}

TU_TEST(interp_step_ops)
{
	TU_EQ_INT(run("scenario s { duration 4s\n cgroup a { workers 2 work spin }\n"
		      " cgroup b { workers 2 work yield }\n"
		      " step 1/2 { add cgroup c { workers 1 work spin }\n cpuset a = llc(0)\n"
		      "  mems a = \"0\"\n affinity b = same_llc\n set a cpu.weight = 50\n set b nice = 3\n"
		      "  spawn 2 in a\n stop 1 in b\n snapshot \"shaped\"\n swap_cpusets a b\n move c to a\n"
		      "  sysctl kernel.sched_rr_timeslice_ms = 100\n write \"/sys/kernel/x\" = 5\n"
		      "  read \"/proc/sys/kernel/y\" }\n"
		      " step 1/2 { clear_cpuset b\n stop c\n remove c } }"),
		  INTERP_DONE);
	HAS("mark 1 step 1 t=1000ms\ncreate 2 c parent=-1 flags=2\nstart 2 spin n=1\ngo t=1000ms\n"
	    "set 0 cpus 0-1\nset 0 mems 0\nset 1 affinity 0-1\nset 0 weight 50 0\nset 1 nice 3 0\n"
	    "spawn 0 n=2\nstop 1 n=1\nsnapshot shaped\nset 0 cpus_clear\nset 1 cpus 0-1\nmove 2 0\n"
	    "write /proc/sys/kernel/sched_rr_timeslice_ms 100\nwrite /sys/kernel/x 5\n"
	    "read /proc/sys/kernel/y\nmark 1 held t=1000ms\nmark 2 step 2 t=3000ms\nset 1 cpus_clear\n"
	    "stop 2 all\nremove 2\nmark 2 held t=3000ms\n"
	    "mark 3 end t=5000ms\nfinish");
}

TU_TEST(interp_scheduler_ops)
{
	TU_EQ_INT(run("scenario s { scheduler scx_simple \"-v\"\n cgroup a { workers 1 work spin }\n"
		      " step 1/4 { scheduler detach }\n step 1/4 { scheduler attach }\n"
		      " step 1/4 { scheduler restart }\n step 1/4 { scheduler replace scx_central } }"),
		  INTERP_DONE);
	HAS("sched SCHED scx_simple -v\ncreate 0 a");
	HAS("sched SCHED_DETACH - -\n");
	HAS("sched SCHED_ATTACH - -\n");
	HAS("sched SCHED_RESTART - -\n");
	HAS("sched SCHED_REPLACE scx_central \n");
}

TU_TEST(interp_requires_skip)
{
	TU_EQ_INT(run("scenario s { requires llcs >= 4\n cgroup a { workers 1 work spin } }"), INTERP_SKIP);
	TU_EQ_STR(why, "requires llcs >= 4");
	TU_EQ_STR(f.log, "");
	TU_EQ_INT(run("scenario s { requires llcs >= 2 and cpus == 4\n cgroup a { workers 1 work spin } }"),
		  INTERP_DONE);
}

static const char every_op[] =
	"scenario s { scheduler x\n cgroup a { workers 2 work spin cpuset llc(0) nice 1 }\n"
	" cgroup b { workers 2 work spin }\n"
	" step 1/2 { add cgroup c { workers 1 work spin }\n freeze a\n sigstop b\n spawn 1 in a\n"
	"  stop 1 in a\n move c to b\n snapshot \"x\"\n write \"/sys/k\" = 1\n read \"/sys/k\"\n"
	"  scheduler restart\n mems a = node(0)\n affinity a = \"0\"\n set a cpu.weight = 5\n"
	"  set a policy = batch\n set a cpu.max = 10ms\n set a memory.max = 1M\n set a pids.max = 9\n"
	"  set a comm = \"x\"\n clear_cpuset a }\n step 1/2 { remove c } }";

/* Every runtime op failing in turn: an error naming the op, finish still runs. */
TU_TEST(interp_runtime_errors)
{
	static const char *const ops[] = { "sched",  "create",	 "cpus",     "nice",	   "start",
					   "go",     "mark",	 "freeze",   "signal",	   "spawn",
					   "stop",   "move",	 "snapshot", "write",	   "read",
					   "mems",   "affinity", "weight",   "policy",	   "cpu_max",
					   "memory", "pids",	 "comm",     "cpus_clear", "remove" };

	TU_EQ_INT(run(every_op), INTERP_DONE);
	for (size_t i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		TU_EQ_INT(run_failing(every_op, ops[i]), INTERP_ERROR);
		if (!strstr(why, "injected failure"))
			tu_fail(__FILE__, __LINE__, "%s: why = %s", ops[i], why);
		if (strcmp(ops[i], "finish") && !strstr(f.log, "finish"))
			tu_fail(__FILE__, __LINE__, "%s: finish did not run", ops[i]);
	}
	run_failing(every_op, "freeze");
	TU_EQ_STR(why, "step 1: FREEZE: injected failure");
	run_failing(every_op, "sched");
	TU_EQ_STR(why, "scheduler: injected failure");
	run_failing(every_op, "nice");
	TU_EQ_STR(why, "setup: NICE: injected failure");
	TU_EQ_INT(run_failing(every_op, "finish"), INTERP_ERROR);
	TU_EQ_STR(why, "end: injected failure");
}

TU_TEST(interp_topology_errors)
{
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work spin cpuset llc(2) } }"), INTERP_ERROR);
	TU_EQ_STR(why, "setup: CPUSET_LLC: LLC 2 does not exist: the topology has 2");
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work spin cpuset node(1) } }"), INTERP_ERROR);
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work spin cpuset \"0-7\" } }"), INTERP_ERROR);
	TU_EQ_STR(why, "setup: CPUSET_LIST: CPU 4 is not in this machine (CPUs 0-3)");
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work spin affinity random(9) } }"), INTERP_ERROR);
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work spin mems \"3\" } }"), INTERP_ERROR);
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work spin cpuset disjoint(3 of 4) } }"),
		  INTERP_DONE); /* one CPU each */
	TU_EQ_INT(run("scenario s { cgroup a { workers 1 work spin cpuset disjoint(1 of 8) } }"),
		  INTERP_ERROR); /* half a CPU each */
	TU_EQ_STR(why, "setup: CPUSET_DISJOINT: the cpuset part leaves no CPU");
	TU_EQ_INT(run("scenario s { cgroup a { workers 1000 work spin } }"), INTERP_ERROR);
	TU_EQ_STR(why, "setup: CG_END: 1000 workers: at most 512 per cgroup");
}

/* A hand-built program with values the compiler would refuse but the
 * verifier lets through: the interpreter refuses each, with no crash. */
static enum interp_status odd(enum bc_op op, double a, double b)
{
	struct emit w = { 0 };
	struct bc_prog p;
	struct interp_topo t;
	uint8_t *buf;
	size_t len;
	char err[256];
	enum interp_status st = INTERP_ERROR;

	emit_op(&w, OP_SCENARIO, emit_str(&w, "o"), emit_str(&w, ""));
	emit_op(&w, OP_CG_BEGIN, 0, BC_ROOT, emit_str(&w, "a"), 0);
	emit_op(&w, OP_WORKERS, 0, emit_num(&w, 1));
	if (op == OP_CPUSET_RANGE || op == OP_CPUSET_DISJOINT || op == OP_CPU_MAX)
		emit_op(&w, op, 0, emit_num(&w, a), emit_num(&w, b));
	else if (op == OP_POLICY)
		emit_op(&w, op, 0, (unsigned)a, emit_num(&w, b));
	else
		emit_op(&w, op, 0, emit_num(&w, a));
	emit_op(&w, OP_CG_END, 0);
	emit_op(&w, OP_END);
	if (emit_finish(&w, &buf, &len) == 0 && bc_load(&p, buf, len, err, sizeof(err)) == 0) {
		memset(&f, 0, sizeof(f));
		fake_topo(&t, 0);
		st = interp_run(&p, &t, &fake_rt_ops, &f, why, sizeof(why));
		bc_prog_free(&p);
	} else {
		tu_fail(__FILE__, __LINE__, "odd program did not load: %s", err);
	}
	free(buf);
	emit_free(&w);
	return st;
}

TU_TEST(interp_odd_values)
{
	TU_EQ_INT(odd(OP_NICE, 1000, 0), INTERP_ERROR);
	TU_EQ_STR(why, "setup: NICE: nice 1000 is out of range -20..19");
	TU_EQ_INT(odd(OP_NICE, 0.5, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_WORKERS, -3, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_WORKERS, 1e18, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_WORKERS_SHARE, 1e9, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_WORKERS_SHARE, -1, 0), INTERP_DONE); /* a negative share is no share */
	TU_EQ_INT(odd(OP_CPU_WEIGHT, 0, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_PIDS_MAX, -1, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_CPU_MAX, 1e6, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_POLICY, BC_POL_fifo, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_POLICY, BC_POL_batch, 5), INTERP_ERROR);
	TU_EQ_INT(odd(OP_CPUSET_LLC, -1, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_CPUSET_LLC, 1e300, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_CPUSET_NODE, 0.5, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_CPUSET_RANGE, 0.9, 0.1), INTERP_ERROR);
	TU_EQ_INT(odd(OP_CPUSET_RANGE, -5, 5), INTERP_DONE); /* clamped to 0%..100% */
	TU_EQ_INT(odd(OP_CPUSET_DISJOINT, 0, 0), INTERP_ERROR);
	TU_EQ_INT(odd(OP_CPUSET_DISJOINT, 2, 2), INTERP_ERROR);
	TU_EQ_INT(odd(OP_AFFINITY_RANDOM, 0, 0), INTERP_ERROR);
}

/* Mutate every number of a program that uses every op to odd values: the
 * verifier takes some, refuses others; none may crash the interpreter. */
TU_TEST(interp_mutated_numbers)
{
	static const double vals[] = { -1, 0, 0.5, 3, 1e6, 1e18, -1e18, 65535 };
	struct kts_opts o = { 0 };
	struct interp_topo t;
	uint8_t *b;
	size_t len;
	unsigned loaded = 0, runs = 0;

	TU_EQ_INT(kts_compile_mem("m.kts", every_op, strlen(every_op), &o, &b, &len), 0);
	fake_topo(&t, 1);
	for (uint32_t off = BC_HDR_LEN; off + 9 <= len; off++) {
		if (b[off] != BC_K_INT && b[off] != BC_K_FLOAT)
			continue;
		for (size_t k = 0; k < sizeof(vals) / sizeof(vals[0]); k++) {
			uint8_t *m = malloc(len);
			struct bc_prog p;
			char err[256];
			uint32_t crc;

			memcpy(m, b, len);
			m[off] = BC_K_FLOAT;
			memcpy(m + off + 1, &vals[k], 8); /* the host is little endian too */
			crc = bc_crc32(m + BC_HDR_LEN, len - BC_HDR_LEN);
			memcpy(m + 44, &crc, 4);
			if (bc_load(&p, m, len, err, sizeof(err)) == 0) {
				loaded++;
				memset(&f, 0, sizeof(f));
				runs += interp_run(&p, &t, &fake_rt_ops, &f, why, sizeof(why)) != INTERP_DONE;
				bc_prog_free(&p);
			}
			free(m);
		}
	}
	TU_CHECK(loaded > 0);
	TU_CHECK(runs > 0); /* some odd values were refused at run time */
	free(b);
}
