/* kconfig_check: the fragment-versus-.config comparison that accepts or
 * refuses a built kernel. */
#include "host/boot/embed.h"
#include "host/kernel/kconfig_check.h"
#include "tests/unit/tu.h"

static int check(const char *frag, const char *cfg, char *msg, size_t len)
{
	return kconfig_check(frag, strlen(frag), cfg, strlen(cfg), msg, len);
}

TU_TEST(kconfig_all_present)
{
	char msg[256];
	const char *frag = "# comment\n\nCONFIG_A=y\nCONFIG_B=m\nCONFIG_N=64\n"
			   "CONFIG_S=\"-ktsrun\"\n# CONFIG_OFF is not set\nCONFIG_H=0x10\n";
	const char *cfg = "#\n# Automatically generated\n#\nCONFIG_B=m\nCONFIG_A=y\n"
			  "CONFIG_N=64\nCONFIG_S=\"-ktsrun\"\n# CONFIG_OFF is not set\n"
			  "CONFIG_H=0x10\nCONFIG_OTHER=y\n";

	TU_EQ_INT(check(frag, cfg, msg, sizeof(msg)), 0);
	TU_EQ_STR(msg, "");
}

TU_TEST(kconfig_missing_and_not_set)
{
	char msg[256];

	TU_EQ_INT(check("CONFIG_SCHED_CLASS_EXT=y\nCONFIG_BPF=y\n", "# CONFIG_SCHED_CLASS_EXT is not set\n",
			msg, sizeof(msg)),
		  2);
	TU_EQ_STR(msg, "CONFIG_SCHED_CLASS_EXT=y (got: not set); CONFIG_BPF=y (got: absent)");
}

TU_TEST(kconfig_different_value)
{
	char msg[256];

	TU_EQ_INT(check("CONFIG_A=y\nCONFIG_NR=64\nCONFIG_S=\"x\"\n",
			"CONFIG_A=m\nCONFIG_NR=8\nCONFIG_S=\"y\"\n", msg, sizeof(msg)),
		  3);
	TU_EQ_STR(msg, "CONFIG_A=y (got: m); CONFIG_NR=64 (got: 8); CONFIG_S=\"x\" (got: \"y\")");
}

TU_TEST(kconfig_wanted_off)
{
	char msg[256];

	/* "n" is met by "not set", "=n" and absence; refused when set */
	TU_EQ_INT(check("# CONFIG_A is not set\nCONFIG_B=n\n# CONFIG_C is not set\n",
			"CONFIG_B=n\n# CONFIG_A is not set\n", msg, sizeof(msg)),
		  0);
	TU_EQ_INT(check("# CONFIG_A is not set\n", "CONFIG_A=y\n", msg, sizeof(msg)), 1);
	TU_EQ_STR(msg, "CONFIG_A=n (got: y)");
}

TU_TEST(kconfig_quoted_strings)
{
	char msg[256];

	TU_EQ_INT(check("CONFIG_S=\"a \\\"q\\\" b\"\n", "CONFIG_S=\"a \\\"q\\\" b\"\n", msg, sizeof(msg)), 0);
	TU_EQ_INT(check("CONFIG_S=\"\"\n", "CONFIG_S=\"\"\n", msg, sizeof(msg)), 0);
	/* a string is not the same as the bare word */
	TU_EQ_INT(check("CONFIG_S=\"y\"\n", "CONFIG_S=y\n", msg, sizeof(msg)), 1);
	/* a prefix is not equal */
	TU_EQ_INT(check("CONFIG_S=\"abc\"\n", "CONFIG_S=\"ab\"\n", msg, sizeof(msg)), 1);
	/* an unterminated or trailing-junk string in the fragment is malformed */
	TU_EQ_INT(check("CONFIG_S=\"abc\n", "", msg, sizeof(msg)), -1);
	TU_EQ_INT(check("CONFIG_S=\"a\"b\n", "", msg, sizeof(msg)), -1);
	TU_EQ_INT(check("CONFIG_S=\"a\\\"\n", "", msg, sizeof(msg)), -1);
}

TU_TEST(kconfig_crlf_and_blanks)
{
	char msg[256];

	TU_EQ_INT(check("CONFIG_A=y\r\n  CONFIG_B=64  \r\n# CONFIG_C is not set\r\n",
			"CONFIG_A=y\r\nCONFIG_B=64\r\nCONFIG_C=y\r\n", msg, sizeof(msg)),
		  1);
	TU_EQ_STR(msg, "CONFIG_C=n (got: y)");
	/* no newline at the end of either text */
	TU_EQ_INT(check("CONFIG_A=y", "CONFIG_A=y", msg, sizeof(msg)), 0);
	TU_EQ_INT(check("", "", msg, sizeof(msg)), 0);
}

TU_TEST(kconfig_malformed_fragment)
{
	char msg[256];

	TU_EQ_INT(check("CONFIG_A=y\nCONFIG_B\n", "CONFIG_A=y\n", msg, sizeof(msg)), -1);
	TU_EQ_STR(msg, "fragment line 2: expected CONFIG_NAME=VALUE or '# CONFIG_NAME is not set'");
	TU_EQ_INT(check("CONFIG_=y\n", "", msg, sizeof(msg)), -1);
	TU_EQ_INT(check("CONFIG_A=\n", "", msg, sizeof(msg)), -1);
	TU_EQ_INT(check("CONFIG_A-B=y\n", "", msg, sizeof(msg)), -1);
	TU_EQ_INT(check("A=y\n", "", msg, sizeof(msg)), -1);
	TU_EQ_INT(check("CONFIG_A=y\nx\n", "", msg, sizeof(msg)), -1);
	TU_EQ_STR(msg, "fragment line 2: expected CONFIG_NAME=VALUE or '# CONFIG_NAME is not set'");
	/* comments that only look like "not set" lines are comments */
	TU_EQ_INT(check("# CONFIG_ is not set\n# CONFIG_A is unset\n#CONFIG_B=y\n", "", msg, sizeof(msg)), 0);
	/* an embedded NUL makes the line malformed, not truncated */
	TU_EQ_INT(kconfig_check("CONFIG_A=y\0junk\n", 16, "", 0, msg, sizeof(msg)), -1);
}

TU_TEST(kconfig_malformed_config_lines_skipped)
{
	char msg[256];

	TU_EQ_INT(check("CONFIG_A=y\n", "garbage\nCONFIG_A\nCONFIG_A=y\n=y\n\0x", msg, sizeof(msg)), 0);
	TU_EQ_INT(kconfig_check("CONFIG_A=y\n", 11, "CONFIG_A=y\0\n", 12, msg, sizeof(msg)), 1);
	TU_EQ_STR(msg, "CONFIG_A=y (got: absent)");
}

TU_TEST(kconfig_duplicates)
{
	char msg[256];

	/* in the .config the last line wins, as kconfig reads it */
	TU_EQ_INT(check("CONFIG_A=y\n", "CONFIG_A=y\n# CONFIG_A is not set\n", msg, sizeof(msg)), 1);
	TU_EQ_STR(msg, "CONFIG_A=y (got: not set)");
	TU_EQ_INT(check("CONFIG_A=y\n", "CONFIG_A=m\nCONFIG_A=y\n", msg, sizeof(msg)), 0);
	/* the same line twice in the fragment is harmless and reported once */
	TU_EQ_INT(check("CONFIG_A=y\nCONFIG_A=y\n", "", msg, sizeof(msg)), 1);
	TU_EQ_STR(msg, "CONFIG_A=y (got: absent)");
	/* conflicting values in the fragment are a fragment bug */
	TU_EQ_INT(check("CONFIG_A=y\nCONFIG_B=y\n# CONFIG_A is not set\n", "", msg, sizeof(msg)), -1);
	TU_EQ_STR(msg, "fragment sets CONFIG_A twice with different values (lines 1 and 3)");
}

TU_TEST(kconfig_message_truncated)
{
	char msg[40];

	TU_EQ_INT(check("CONFIG_AAAA=y\nCONFIG_BBBB=y\nCONFIG_CCCC=y\nCONFIG_DDDD=y\n", "", msg, sizeof(msg)),
		  4);
	TU_EQ_INT(strlen(msg), sizeof(msg) - 1);
	TU_CHECK(!strcmp(msg + strlen(msg) - 3, "..."));
	TU_CHECK(!strncmp(msg, "CONFIG_AAAA=y (got: absent); ", 29));
	TU_EQ_INT(check("CONFIG_A=y\n", "", NULL, 0), 1);
}

/* The shipped fragment parses, and a .config equal to it passes. */
TU_TEST(kconfig_embedded_fragment_self_consistent)
{
	const char *f = (const char *)embed_kconfig;
	size_t n = EMBED_SIZE(embed_kconfig);
	char msg[512];
	int r;

	r = kconfig_check(f, n, f, n, msg, sizeof(msg));
	TU_EQ_INT(r, 0);
	r = kconfig_check(f, n, "", 0, msg, sizeof(msg));
	TU_CHECK(r > 50);
	TU_CHECK(strstr(msg, "CONFIG_64BIT=y (got: absent)") == msg);
}
