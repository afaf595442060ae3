/* The formatter's layout: where comments, blank lines and one-line blocks
 * end up (the golden tests check idempotence; this checks the layout). */
#include <stdlib.h>
#include <string.h>

#include "grammar/fmt.h"
#include "tests/unit/tu.h"

static const char messy[] = "# head\n"
			    "scenario s { # trailing on header\n"
			    "    cgroup a { workers 1 work spin } # after cgroup\n"
			    "\n"
			    "\n"
			    "    # before step\n"
			    "    step 1/2 {\n"
			    "        wait 1ms # in step\n"
			    "        # last in step\n"
			    "    }\n"
			    "    expect {\n"
			    "        a.max_gap <= # split claim\n"
			    "            5ms\n"
			    "    }\n"
			    "    # before close\n"
			    "}\n"
			    "# tail\n";

static const char canonical[] = "# head\n"
				"scenario s {\n"
				"    # trailing on header\n"
				"    cgroup a {\n"
				"        workers 1\n"
				"        work spin\n"
				"    } # after cgroup\n"
				"\n"
				"    # before step\n"
				"    step 1/2 {\n"
				"        wait 1ms # in step\n"
				"        # last in step\n"
				"    }\n"
				"    expect {\n"
				"        a.max_gap <= 5ms\n"
				"        # split claim\n"
				"    }\n"
				"    # before close\n"
				"}\n"
				"# tail\n";

static char *fmt(const char *text)
{
	struct src_set s = { 0 };
	struct sbuf out = { 0 };

	if (fmt_file(&s, src_add(&s, "t.kts", text, strlen(text)), &out))
		sb_puts(&out, "(does not parse)");
	src_free(&s);
	return out.s;
}

TU_TEST(lang_fmt_layout)
{
	char *a = fmt(messy), *b = fmt(canonical);

	TU_EQ_STR(a, canonical);
	TU_EQ_STR(b, canonical);
	free(a);
	free(b);
}

TU_TEST(lang_fmt_refuses_syntax_errors)
{
	char *a = fmt("scenario s {\n    cgroup a {\n}\n");

	TU_EQ_STR(a, "(does not parse)");
	free(a);
}

/* A statement over 100 columns breaks after the commas of its argument
 * list, filling each line up to 100, aligned past the '('; a comma inside
 * a string is not a break, and the result formats to itself. */
TU_TEST(lang_fmt_wraps_long_argument_lists)
{
	static const char in[] = "scenario s {\n"
				 "    cgroup a { workers 1 work exec(\"stress-ng\", \"--cpu\", \"1\", "
				 "\"--switch\", \"1\", \"a, b, c, d\", "
				 "\"--metrics-brief\", \"-t\", \"6\") } # why\n"
				 "}\n";
	static const char want[] =
		"scenario s {\n"
		"    cgroup a {\n"
		"        workers 1\n"
		"        work exec(\"stress-ng\", \"--cpu\", \"1\", \"--switch\", \"1\", \"a, b, c, d\", "
		"\"--metrics-brief\", \"-t\",\n"
		"                  \"6\")\n"
		"    } # why\n"
		"}\n";
	char *a = fmt(in), *b = fmt(want);

	TU_EQ_STR(a, want);
	TU_EQ_STR(b, want);
	free(a);
	free(b);
}

/* A raw string is kept as written: no break inside it, whatever its commas
 * and quotes (formatting never changes the bytecode). */
TU_TEST(lang_fmt_keeps_raw_strings_whole)
{
	static const char in[] =
		"scenario s {\n"
		"    cgroup a {\n"
		"        workers 1\n"
		"        work rtapp(`{\"tasks\": {\"t\": {\"run\": 2000, \"timer\": {\"ref\": \"a\", "
		"\"period\": 10000}}}, \"global\": {\"duration\": 2}}`)\n"
		"    }\n"
		"}\n";
	char *a = fmt(in);

	TU_EQ_STR(a, in);
	free(a);
}
