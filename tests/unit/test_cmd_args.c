/* Option values of the command line: each kind accepts exactly its form. */
#include <stdlib.h>

#include "host/cmd/cmd_args.h"
#include "tests/unit/tu.h"

TU_TEST(cmd_args_uint_digits_only_and_bounded)
{
	unsigned v = 7;

	TU_EQ_INT(cmd_args_uint("--mem", "512", 128, 3072, &v), 0);
	TU_EQ_INT(v, 512);
	TU_EQ_INT(cmd_args_uint("--mem", "3072", 128, 3072, &v), 0);
	TU_EQ_INT(cmd_args_uint("--mem", "3073", 128, 3072, &v), -1);
	TU_EQ_INT(cmd_args_uint("--mem", "127", 128, 3072, &v), -1);
	TU_EQ_INT(v, 3072); /* untouched by a refusal */
	TU_EQ_INT(cmd_args_uint("--mem", "", 0, 10, &v), -1);
	TU_EQ_INT(cmd_args_uint("--mem", "-1", 0, 10, &v), -1);
	TU_EQ_INT(cmd_args_uint("--mem", " 5", 0, 10, &v), -1);
	TU_EQ_INT(cmd_args_uint("--mem", "+5", 0, 10, &v), -1);
	TU_EQ_INT(cmd_args_uint("--mem", "0x5", 0, 10, &v), -1);
	TU_EQ_INT(cmd_args_uint("--mem", "99999999999999999999999", 0, 4294967295u, &v), -1);
	TU_EQ_INT(cmd_args_uint("--mem", "4294967295", 0, 4294967295u, &v), 0);
	TU_EQ_INT(v, 4294967295u);
}

TU_TEST(cmd_args_num_plain_decimals)
{
	double d = 0;

	TU_EQ_INT(cmd_args_num("--spread", "12.5", 0, 100, &d), 0);
	TU_CHECK(d == 12.5);
	TU_EQ_INT(cmd_args_num("--spread", "0", 0, 100, &d), 0);
	TU_EQ_INT(cmd_args_num("--spread", "inf", 0, 1e300, &d), -1);
	TU_EQ_INT(cmd_args_num("--spread", "nan", 0, 100, &d), -1);
	TU_EQ_INT(cmd_args_num("--spread", "1e3", 0, 1e9, &d), -1);
	TU_EQ_INT(cmd_args_num("--spread", "0x10", 0, 100, &d), -1);
	TU_EQ_INT(cmd_args_num("--spread", ".5", 0, 100, &d), -1);
	TU_EQ_INT(cmd_args_num("--spread", "1.2.3", 0, 100, &d), -1);
	TU_EQ_INT(cmd_args_num("--spread", "100.01", 0, 100, &d), -1);
	TU_EQ_INT(cmd_args_num("--spread", "-1", -5, 100, &d), -1);
}

TU_TEST(cmd_args_define_names_once_on_one_line)
{
	struct kts_define defs[2];
	char a[] = "waiters=8", b[] = "_x1=\"a b\"", c[] = "waiters=9", d[] = "1x=2", e[] = "=2",
	     f[] = "n=1\nscenario t {}", g[] = "noequals", h[] = "y=1";
	int n = 0;

	TU_EQ_INT(cmd_args_define(a, defs, &n, 2), 0);
	TU_EQ_STR(defs[0].name, "waiters");
	TU_EQ_STR(defs[0].value, "8");
	TU_EQ_INT(cmd_args_define(b, defs, &n, 2), 0);
	TU_EQ_STR(defs[1].value, "\"a b\"");
	TU_EQ_INT(cmd_args_define(c, defs, &n, 2), -1); /* given twice */
	TU_EQ_INT(cmd_args_define(d, defs, &n, 2), -1);
	TU_EQ_INT(cmd_args_define(e, defs, &n, 2), -1);
	TU_EQ_INT(cmd_args_define(f, defs, &n, 2), -1);
	TU_EQ_INT(cmd_args_define(g, defs, &n, 2), -1);
	TU_EQ_INT(cmd_args_define(h, defs, &n, 2), -1); /* more than max */
	TU_EQ_INT(n, 2);
}

TU_TEST(cmd_args_fault_whole_names_only)
{
	TU_EQ_INT(cmd_args_fault("--fault", "none"), 0);
	TU_EQ_INT(cmd_args_fault("--fault", "panic"), 0);
	TU_EQ_INT(cmd_args_fault("--fault", "panic_step"), 0);
	TU_EQ_INT(cmd_args_fault("--fault", "pani"), -1);
	TU_EQ_INT(cmd_args_fault("--fault", "step"), -1);
	TU_EQ_INT(cmd_args_fault("--fault", "panic, hang"), -1);
	TU_EQ_INT(cmd_args_fault("--fault", "panic ktsrun.mode=run"), -1);
	TU_EQ_INT(cmd_args_fault("--fault", ""), -1);
}

TU_TEST(cmd_args_out_path_checked_before_the_run)
{
	char p[512];

	snprintf(p, sizeof(p), "%s/r.json", tu_tmpdir());
	TU_EQ_INT(cmd_args_out_path("--json", p), 0);
	TU_EQ_INT(cmd_args_out_path("--json", "r.json"), 0);
	TU_EQ_INT(cmd_args_out_path("--json", tu_tmpdir()), -1);
	snprintf(p, sizeof(p), "%s/missing/r.json", tu_tmpdir());
	TU_EQ_INT(cmd_args_out_path("--json", p), -1);
	TU_EQ_INT(cmd_args_out_path("--json", "dir/"), -1);
	TU_EQ_INT(cmd_args_out_path("--json", ""), -1);
}
