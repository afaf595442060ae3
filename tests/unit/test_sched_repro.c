#include <stdlib.h>

#include "host/sched/sched_repro.h"
#include "lib/scx_kind.h"
#include "tests/unit/tu.h"

TU_TEST(sched_repro_names_from_the_backtrace)
{
	struct sched_rec s = { 0 };
	char dump[] = "qmap: error\n  Backtrace:\n"
		      "    scx_bpf_error_bstr+0x65/0x80\n"
		      "    bpf_prog_6d2c2b5d1b0a1c3e_qmap_enqueue+0x12b/0x1d4\n"
		      "    bpf__sched_ext_ops_enqueue+0x4b/0xa4\n"
		      "    do_enqueue_task+0x1b8/0x2c0\n"
		      "    __schedule+0x7b6/0xb00\n    schedule+0x20/0xb0\n"
		      "    scx_bpf_error_bstr+0x65/0x80\n"
		      "    foo.isra.0+0x1/0x2\n"
		      "    asm_sysvec_apic_timer_interrupt+0x1a/0x20\n"
		      "CPU 0: nr_run=1 flags=0x1 cpu_rel=0 ops_qseq=12 pnt_seq=3\n",
	     err[] = "not+a/backtrace x+0x/0x1 enqueue_task_scx+0x1a2/0x290 at 1+0x2/0x3\n", out[256];

	s.log[SR_DUMP].text = dump;
	s.log[SR_STDERR].text = err;
	TU_EQ_INT(sched_repro_names(&s, out, sizeof(out)), 4);
	TU_EQ_STR(out, "scx_bpf_error_bstr qmap_enqueue do_enqueue_task enqueue_task_scx");
	/* a short buffer keeps whole names only */
	TU_EQ_INT(sched_repro_names(&s, out, 24), 1);
	TU_EQ_STR(out, "scx_bpf_error_bstr");
	s.log[SR_DUMP].text = s.log[SR_STDERR].text = NULL;
	TU_EQ_INT(sched_repro_names(&s, out, sizeof(out)), 0);
	TU_EQ_STR(out, "");
}

TU_TEST(sched_repro_wanted_by_kind)
{
	TU_CHECK(sched_repro_wanted(SCX_ERROR, false));
	TU_CHECK(sched_repro_wanted(SCX_OTHER, false));
	TU_CHECK(!sched_repro_wanted(SCX_STALL, false));
	TU_CHECK(sched_repro_wanted(SCX_STALL, true));
	TU_CHECK(!sched_repro_wanted(SCX_PASS, true));
	TU_CHECK(!sched_repro_wanted(SCX_LOAD, true));
}
