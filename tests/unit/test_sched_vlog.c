#include <stdlib.h>

#include "host/sched/sched_vlog.h"
#include "tests/unit/tu.h"

static const char *collapse(const char *log)
{
	static char out[4096];
	size_t n = sched_vlog_collapse(log, strlen(log), out, sizeof(out));

	TU_EQ_INT(n, strlen(out));
	return out;
}

TU_TEST(sched_vlog_collapse_no_loops)
{
	const char *log = "0: R1=ctx() R10=fp0\n"
			  "0: (b7) r0 = 0                        ; R0_w=0\n"
			  "1: (95) exit\n";

	TU_EQ_STR(collapse(log), log);
	TU_EQ_STR(collapse(""), "");
}

/* Iterations differ only in register states: the last one is shown. */
TU_TEST(sched_vlog_collapse_one_loop)
{
	TU_EQ_STR(collapse("0: (b7) r1 = 0 ; R1_w=0\n"
			   "1: (07) r1 += 1 ; R1_w=1\n2: (a5) if r1 < 0x3 goto pc-2 ; R1_w=1\n"
			   "1: (07) r1 += 1 ; R1_w=2\n2: (a5) if r1 < 0x3 goto pc-2 ; R1_w=2\n"
			   "1: (07) r1 += 1 ; R1_w=3\n2: (a5) if r1 < 0x3 goto pc-2 ; R1_w=3\n"
			   "3: (95) exit\n"),
		  "0: (b7) r1 = 0 ; R1_w=0\n"
		  "3 x the following 2 lines:\n"
		  "  1: (07) r1 += 1 ; R1_w=3\n"
		  "  2: (a5) if r1 < 0x3 goto pc-2 ; R1_w=3\n"
		  "3: (95) exit\n");
}

TU_TEST(sched_vlog_collapse_nested_loops)
{
	char log[2048] = "";

	for (int outer = 0; outer < 3; outer++) {
		sprintf(log + strlen(log), "from 9 to 1: R2=%d\n1: (b7) r1 = 0\n", outer);
		for (int inner = 0; inner < 4; inner++)
			sprintf(log + strlen(log), "2: (07) r1 += 1 ; R1=%d\n3: (a5) if r1 < 4 goto pc-2\n",
				inner);
		strcat(log, "4: (07) r2 += 1\n");
	}
	strcat(log, "5: R0 invalid mem access 'scalar'\n");
	TU_EQ_STR(collapse(log), "3 x the following 6 lines:\n"
				 "  from 9 to 1: R2=2\n"
				 "  1: (b7) r1 = 0\n"
				 "  4 x the following 2 lines:\n"
				 "    2: (07) r1 += 1 ; R1=3\n"
				 "    3: (a5) if r1 < 4 goto pc-2\n"
				 "  4: (07) r2 += 1\n"
				 "5: R0 invalid mem access 'scalar'\n");
}

/* The kernel cut the log (or the buffer ended) inside an iteration. */
TU_TEST(sched_vlog_collapse_cut_mid_iteration)
{
	TU_EQ_STR(collapse("7: (61) r2 = *(u32 *)(r1 +0)\n"
			   "8: (bf) r3 = r2 ; R3=1\n9: (07) r3 += 8 ; R3=9\n10: (2d) if r3 > r4 goto pc+1\n"
			   "8: (bf) r3 = r2 ; R3=2\n9: (07) r3 += 8 ; R3=10\n10: (2d) if r3 > r4 goto pc+1\n"
			   "8: (bf) r3 = r2 ; R3=3\n9: (07) r3 += 8 ; R3=1"),
		  "7: (61) r2 = *(u32 *)(r1 +0)\n"
		  "2 x the following 3 lines:\n"
		  "  8: (bf) r3 = r2 ; R3=2\n"
		  "  9: (07) r3 += 8 ; R3=10\n"
		  "  10: (2d) if r3 > r4 goto pc+1\n"
		  "8: (bf) r3 = r2 ; R3=3\n"
		  "9: (07) r3 += 8 ; R3=1\n");
}

TU_TEST(sched_vlog_collapse_bounds_its_output)
{
	char *log = malloc(600000), out[256];
	size_t n = 0;

	for (int i = 0; i < 20000; i++)
		n += (size_t)sprintf(log + n, "%d: (b7) r%d = %d\n", i, i % 10, i);
	TU_EQ_INT(sched_vlog_collapse(log, n, out, sizeof(out)), strlen(out));
	TU_CHECK(strlen(out) < sizeof(out));
	TU_CHECK(out[strlen(out) - 1] == '\n');
	TU_EQ_INT(sched_vlog_collapse(log, n, out, 0), 0);
	free(log);
}

TU_TEST(sched_vlog_find_takes_the_failed_line)
{
	const char *text = "libbpf: prog 'e': BPF program load failed: Permission denied\n"
			   "ktsrun-verifier: load failed; loading again for the full verifier log\n"
			   "libbpf: prog 'e': BPF program load failed: Permission denied\n"
			   "libbpf: prog 'e': -- BEGIN PROG LOAD LOG --\n0: (95) exit\n"
			   "-- END PROG LOAD LOG --\nafter\n",
		   *log;
	size_t n = sched_vlog_find(text, &log);

	TU_CHECK(log == strstr(text + 1, "libbpf: prog 'e': BPF"));
	TU_CHECK(n > 0 && !strncmp(log + n, "-- END", 6));
	TU_EQ_INT(sched_vlog_find("no log here\n", &log), 0);
	TU_CHECK(log == NULL);
}

TU_TEST(sched_vlog_stats_from_the_hook)
{
	struct sched_vlog_stats s;

	TU_EQ_INT(sched_vlog_stats_parse(
			  "libbpf: x\n"
			  "ktsrun-verifier: prog=qmap_enqueue type=struct_ops verified_insns=412 "
			  "processed=530 states=31 peak_states=31\n"
			  "ktsrun-verifier: prog=bad name type=x\n"
			  "ktsrun-verifier: prog=qmap_init type=struct_ops verified_insns=80 "
			  "processed=-1 states=-1 peak_states=-1\n"
			  "ktsrun-verifier: done\n",
			  &s),
		  2);
	TU_EQ_STR(s.prog[0].name, "qmap_enqueue");
	TU_EQ_STR(s.prog[0].type, "struct_ops");
	TU_EQ_INT(s.prog[0].verified_insns, 412);
	TU_EQ_INT(s.prog[0].processed, 530);
	TU_EQ_INT(s.prog[0].states, 31);
	TU_EQ_INT(s.prog[0].peak_states, 31);
	TU_EQ_INT(s.prog[1].processed, -1);
	TU_CHECK(s.done && !s.reloaded);
	TU_EQ_INT(sched_vlog_stats_parse("ktsrun-verifier: load failed; loading again\n", &s), 0);
	TU_CHECK(!s.done && s.reloaded);
}
