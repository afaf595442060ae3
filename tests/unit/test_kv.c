#include "lib/cpuset.h"
#include "lib/kv.h"
#include "tests/unit/tu.h"

static struct kv kv;

TU_TEST(kv_parses_pairs)
{
	const char *err = NULL;
	const char *t = "cpu=3\nllc=0-3\nempty=\n";
	unsigned long v;

	TU_EQ_INT(kv_parse(&kv, t, strlen(t), &err), 0);
	TU_EQ_INT(kv.n, 3);
	TU_EQ_STR(kv_get(&kv, "llc"), "0-3");
	TU_EQ_STR(kv_get(&kv, "empty"), "");
	TU_CHECK(kv_get(&kv, "nope") == NULL);
	TU_EQ_INT(kv_get_uint(&kv, "cpu", 10, &v), 0);
	TU_EQ_INT(v, 3);
	TU_EQ_INT(kv_get_uint(&kv, "cpu", 2, &v), -1);
	TU_EQ_INT(kv_get_uint(&kv, "llc", 100, &v), -1);
}

TU_TEST(kv_rejects_malformed)
{
	static const struct {
		const char *text;
		size_t len;
		const char *why;
	} bad[] = {
		{ "a=1", 3, "line without newline" },	      { "=1\n", 3, "line without key=value" },
		{ "novalue\n", 8, "line without key=value" }, { "A=1\n", 4, "bad character in key" },
		{ "a=\0\n", 4, "NUL byte in payload" },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		const char *err = NULL;

		TU_EQ_INT(kv_parse(&kv, bad[i].text, bad[i].len, &err), -1);
		TU_EQ_STR(err, bad[i].why);
	}
}

TU_TEST(kv_too_many_keys_and_too_long)
{
	char text[KV_MAX_TEXT + 2];
	const char *err;
	size_t n = 0;

	for (int i = 0; i <= KV_MAX_PAIRS; i++)
		n += (size_t)sprintf(text + n, "k%d=1\n", i);
	TU_EQ_INT(kv_parse(&kv, text, n, &err), -1);
	TU_EQ_STR(err, "too many keys");
	memset(text, 'a', sizeof(text));
	TU_EQ_INT(kv_parse(&kv, text, KV_MAX_TEXT + 1, &err), -1);
	TU_EQ_STR(err, "payload too long");
}

TU_TEST(cpulist_parse_and_format)
{
	struct cpuset s;
	char out[64];

	TU_EQ_INT(cpuset_parse(&s, "0-3,8,10-11\n"), 0);
	TU_EQ_INT(cpuset_count(&s), 7);
	TU_EQ_STR(cpuset_format(&s, out, sizeof(out)), "0-3,8,10-11");
	TU_EQ_INT(cpuset_parse(&s, ""), 0);
	TU_EQ_INT(cpuset_count(&s), 0);
	TU_EQ_STR(cpuset_format(&s, out, sizeof(out)), "");
	TU_EQ_INT(cpuset_parse(&s, "255"), 0);
	TU_CHECK(cpuset_has(&s, 255));
}

TU_TEST(cpulist_rejects_malformed)
{
	static const char *const bad[] = {
		"3-1", "1,", ",1", "1--2", "256", "a", "1 2", "0-", "-1", "1\n\n"
	};
	struct cpuset s;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (cpuset_parse(&s, bad[i]) != -1)
			tu_fail(__FILE__, __LINE__, "cpulist '%s' accepted", bad[i]);
}
