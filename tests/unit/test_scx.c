#include <stdlib.h>

#include "work/scx.h"
#include "tests/unit/tu.h"

TU_TEST(scx_klog_enable_disable_error)
{
	struct scx_klog k = { 0 };

	TU_EQ_INT(scx_klog_line(&k, "6,512,8123456,-;sched_ext: BPF scheduler \"qmap\" enabled"), 1);
	TU_CHECK(k.enabled);
	TU_EQ_STR(k.ops, "qmap");
	TU_EQ_INT(scx_klog_line(&k,
				"3,513,9123456,-;sched_ext: BPF scheduler \"qmap\" disabled (scx_bpf_error)"),
		  1);
	TU_EQ_STR(k.reason, "scx_bpf_error");
	TU_EQ_INT(scx_klog_line(&k, "3,514,9123457,-;sched_ext: qmap: qmap_enqueue: test_error_cnt reached"),
		  1);
	TU_EQ_STR(k.msg, "qmap_enqueue: test_error_cnt reached");
	/* a second message line does not replace the first */
	TU_EQ_INT(scx_klog_line(&k, "3,515,9,-;sched_ext: qmap: later"), 0);
	TU_EQ_STR(k.msg, "qmap_enqueue: test_error_cnt reached");
}

TU_TEST(scx_klog_stall_task_from_console_text)
{
	struct scx_klog k = { 0 };

	scx_klog_line(&k, "[   12.345678] sched_ext: BPF scheduler \"qmap\" disabled (runnable task stall)");
	scx_klog_line(&k, "[   12.345700] sched_ext: qmap: spin[93] failed to run for 5.872s");
	TU_EQ_STR(k.reason, "runnable task stall");
	TU_EQ_STR(k.task, "spin[93]");
	TU_EQ_STR(k.stall_for, "5.872s");
}

TU_TEST(scx_klog_ignores_other_and_hostile_lines)
{
	struct scx_klog k = { 0 };
	char big[2048];

	TU_EQ_INT(scx_klog_line(&k, "6,1,2,-;sched_ext: BPF scheduler not yet used"), 0);
	TU_EQ_INT(scx_klog_line(&k, "sched_ext: BPF scheduler \"unterminated enabled"), 0);
	TU_EQ_INT(scx_klog_line(&k, "ktsrun-init: sched_ext: BPF scheduler \"x\" enabled"), 0);
	TU_EQ_INT(scx_klog_line(&k, ""), 0);
	TU_EQ_INT(scx_klog_line(&k, "6,1,2,-;"), 0);
	/* an over-long name is cut, never overflows */
	memset(big, 'a', sizeof(big));
	memcpy(big, "sched_ext: BPF scheduler \"", 26);
	strcpy(big + 1800, "\" enabled");
	TU_EQ_INT(scx_klog_line(&k, big), 1);
	TU_EQ_INT(strlen(k.ops), sizeof(k.ops) - 1);
	/* a message line before any disable is not an exit message */
	struct scx_klog k2 = { 0 };
	TU_EQ_INT(scx_klog_line(&k2, "sched_ext: : x"), 0);
	TU_EQ_STR(k2.msg, "");
}

static enum scx_kind classify_lines(const char *const *lines, bool stop_asked, bool left_early, char *why,
				    size_t len)
{
	struct scx_run r = {
		.enabled = true, .stop_asked = stop_asked, .left_early = left_early, .exit_code = 0
	};

	for (; *lines; lines++)
		scx_klog_line(&r.klog, *lines);
	return scx_classify(&r, why, len);
}

TU_TEST(scx_classify_each_kind)
{
	char why[512];
	const char *pass[] = { "sched_ext: BPF scheduler \"simple\" enabled",
			       "sched_ext: BPF scheduler \"simple\" disabled (unregistered from user space)",
			       NULL };
	const char *err[] = { "sched_ext: BPF scheduler \"q\" disabled (scx_bpf_error)", "sched_ext: q: boom",
			      NULL };
	const char *stall[] = { "sched_ext: BPF scheduler \"q\" disabled (runnable task stall)",
				"sched_ext: q: kworker/0:1[12] failed to run for 6.001s", NULL };
	const char *bpf[] = { "sched_ext: BPF scheduler \"q\" disabled (unregistered from BPF)", NULL };
	const char *sysrq[] = { "sched_ext: BPF scheduler \"q\" disabled (disabled by sysrq-S)", NULL };

	TU_EQ_INT(classify_lines(pass, true, false, why, sizeof(why)), SCX_PASS);
	TU_EQ_INT(classify_lines(pass, false, true, why, sizeof(why)), SCX_EXIT);
	TU_EQ_INT(classify_lines(err, false, true, why, sizeof(why)), SCX_ERROR);
	TU_EQ_STR(why, "scx_bpf_error: boom");
	TU_EQ_INT(classify_lines(stall, false, true, why, sizeof(why)), SCX_STALL);
	TU_EQ_STR(why, "watchdog: runnable task stall: kworker/0:1[12] did not run for 6.001s");
	TU_EQ_INT(classify_lines(bpf, false, true, why, sizeof(why)), SCX_EXIT);
	TU_EQ_INT(classify_lines(sysrq, false, true, why, sizeof(why)), SCX_OTHER);
}

TU_TEST(scx_classify_load_and_process_faults)
{
	char why[512];
	struct scx_run r = { .exit_code = 1 };

	snprintf(r.exit_line, sizeof(r.exit_line), "EXIT: x");
	TU_EQ_INT(scx_classify(&r, why, sizeof(why)), SCX_LOAD);
	TU_CHECK(strstr(why, "exit 1") != NULL);
	r = (struct scx_run){ .ops_mismatch = true, .exit_code = -1 };
	TU_EQ_INT(scx_classify(&r, why, sizeof(why)), SCX_LOAD);
	/* enabled, the process died, the kernel said nothing: other */
	r = (struct scx_run){ .enabled = true, .left_early = true, .exit_signal = 11, .exit_code = -1 };
	TU_EQ_INT(scx_classify(&r, why, sizeof(why)), SCX_OTHER);
	/* a clean unregister, but it needed SIGKILL */
	r = (struct scx_run){ .enabled = true, .stop_asked = true, .killed = true, .exit_signal = 9 };
	scx_klog_line(&r.klog, "sched_ext: BPF scheduler \"s\" disabled (unregistered from user space)");
	TU_EQ_INT(scx_classify(&r, why, sizeof(why)), SCX_OTHER);
	/* stopped, and a non-zero exit */
	r = (struct scx_run){ .enabled = true, .stop_asked = true, .exit_code = 3 };
	scx_klog_line(&r.klog, "sched_ext: BPF scheduler \"s\" disabled (unregistered from user space)");
	TU_EQ_INT(scx_classify(&r, why, sizeof(why)), SCX_OTHER);
}

TU_TEST(scx_exit_line_takes_the_last)
{
	char out[64];

	scx_exit_line("EXIT: first\nnoise EXIT: no\nEXIT: unregistered from user space\n", out, sizeof(out));
	TU_EQ_STR(out, "EXIT: unregistered from user space");
	scx_exit_line("nothing here", out, sizeof(out));
	TU_EQ_STR(out, "");
}

TU_TEST(scx_verifier_collapses_repeats)
{
	const char *log = "libbpf: prog 'e': BPF program load failed: Permission denied\n"
			  "libbpf: prog 'e': -- BEGIN PROG LOAD LOG --\n"
			  "0: (b7) r1 = 0\n"
			  "1: loop a\n2: loop b\n1: loop a\n2: loop b\n1: loop a\n2: loop b\n"
			  "5: R0 invalid mem access 'map_value_or_null'\n"
			  "-- END PROG LOAD LOG --\nlibbpf: other\n";
	char out[1024];
	size_t n = scx_verifier_excerpt(log, out, sizeof(out), 0);

	TU_EQ_INT(n, strlen(out));
	TU_EQ_STR(out, "libbpf: prog 'e': BPF program load failed: Permission denied\n"
		       "0: (b7) r1 = 0\n1: loop a\n2: loop b\n"
		       "... (the 2 lines above repeat 2 more times)\n"
		       "5: R0 invalid mem access 'map_value_or_null'\n");
	TU_EQ_INT(scx_verifier_excerpt("no log at all", out, sizeof(out), 10), 0);
}

TU_TEST(scx_verifier_keeps_the_tail_and_bounds)
{
	char *log = malloc(200000), out[512];
	size_t n = 0;

	n += (size_t)sprintf(log, "x BPF program load failed: E\n-- BEGIN PROG LOAD LOG --\n");
	for (int i = 0; i < 6000; i++)
		n += (size_t)sprintf(log + n, "%d: distinct line\n", i);
	strcpy(log + n, "the reason\n");
	/* no END marker: everything to the end counts */
	n = scx_verifier_excerpt(log, out, sizeof(out), 3);
	TU_CHECK(n < sizeof(out));
	TU_CHECK(strstr(out, "x BPF program load failed: E\n... (") == out);
	TU_CHECK(strstr(out, "earlier lines left out") != NULL);
	TU_CHECK(strstr(out, "the reason\n") != NULL);
	/* a tiny buffer is never overrun */
	TU_EQ_INT(scx_verifier_excerpt(log, out, 8, 3), 0);
	free(log);
}

TU_TEST(scx_dump_from_uei_and_trace)
{
	char out[256];

	scx_dump_excerpt(
		"x\nDEBUG DUMP\n=====\n\nqmap[1] triggered exit kind 1025:\n  err\n\n=====\n\nEXIT: e\n", out,
		sizeof(out));
	TU_EQ_STR(out, "qmap[1] triggered exit kind 1025:\n  err\n");
	scx_dump_excerpt(
		"  kw-1 [000] ..... 1.0: sched_ext_dump: CPU states\n  kw-1 [000] 1.1: sched_ext_dump: \n",
		out, sizeof(out));
	TU_EQ_STR(out, "CPU states\n\n");
	TU_EQ_INT(scx_dump_excerpt("nothing", out, sizeof(out)), 0);
}
