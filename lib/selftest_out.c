/* Parsing the sched_ext selftest runner's output (lib/selftest_out.h). The runner
 * runs in the guest under test, so its output is read defensively. */
#include "lib/selftest_out.h"

#include <stdio.h>
#include <string.h>

int selftest_out_name_ok(const char *s, size_t n)
{
	if (!n || n >= ST_NAME_MAX)
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		      (s[i] >= '0' && s[i] <= '9') || s[i] == '_' || s[i] == '-'))
			return 0;
	return 1;
}

const char *selftest_out_result_name(int r)
{
	return r == ST_PASS ? "pass" : r == ST_SKIP ? "skip" : r == ST_FAIL ? "fail" : "?";
}

int selftest_out_result_parse(const char *s)
{
	for (int r = ST_PASS; r <= ST_FAIL; r++)
		if (!strcmp(s, selftest_out_result_name(r)))
			return r;
	return -1;
}

/* The next line of [p, end) as [*ls, *le); returns the start of the one after. */
static const char *line(const char *p, const char *end, const char **ls, const char **le)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	*ls = p;
	*le = nl ? nl : end;
	return nl ? nl + 1 : end;
}

static int starts(const char *ls, const char *le, const char *word)
{
	size_t n = strlen(word);

	return (size_t)(le - ls) >= n && !memcmp(ls, word, n);
}

int selftest_out_list(const char *out, size_t n, char (*names)[ST_NAME_MAX], unsigned max)
{
	const char *p = out, *end = out + n, *ls, *le;
	unsigned count = 0;

	while (p < end) {
		p = line(p, end, &ls, &le);
		if (!starts(ls, le, "TEST: "))
			continue;
		ls += 6;
		if (!selftest_out_name_ok(ls, (size_t)(le - ls)) || count >= max)
			return -1;
		memcpy(names[count], ls, (size_t)(le - ls));
		names[count++][le - ls] = '\0';
	}
	return (int)count;
}

/* "ok N NAME # [SKIP ]" or "not ok N NAME # ": the status, or -1. */
static int result_line(const char *ls, const char *le, const char *name)
{
	size_t nl = strlen(name);
	int st = ST_PASS;

	if (starts(ls, le, "not ok ")) {
		st = ST_FAIL;
		ls += 7;
	} else if (starts(ls, le, "ok ")) {
		ls += 3;
	} else {
		return -1;
	}
	if (ls == le || *ls < '0' || *ls > '9')
		return -1;
	while (ls < le && *ls >= '0' && *ls <= '9')
		ls++;
	if (le - ls < (long)nl + 3 || ls[0] != ' ' || memcmp(ls + 1, name, nl) ||
	    memcmp(ls + 1 + nl, " #", 2))
		return -1;
	ls += nl + 3;
	if (st == ST_PASS && starts(ls, le, " SKIP"))
		st = ST_SKIP;
	return st;
}

int selftest_out_status(const char *out, size_t n, const char *name)
{
	const char *p = out, *end = out + n, *ls, *le;
	int st;

	while (p < end) {
		p = line(p, end, &ls, &le);
		if ((st = result_line(ls, le, name)) >= 0)
			return st;
	}
	return -1;
}

/* [from, to) trimmed of white space into buf. */
static void put(const char *from, const char *to, char *buf, size_t len)
{
	while (from < to && (*from == ' ' || *from == '\n' || *from == '\t' || *from == '\r'))
		from++;
	while (to > from && (to[-1] == ' ' || to[-1] == '\n' || to[-1] == '\t' || to[-1] == '\r'))
		to--;
	snprintf(buf, len, "%.*s", (int)(to - from), from);
}

/* The OUTPUT section of test name: between its "OUTPUT:" and result lines. */
static int section(const char *out, size_t n, const char *name, const char **s, const char **e)
{
	const char *p = out, *end = out + n, *ls, *le;
	int in_test = 0;

	*s = NULL;
	while (p < end) {
		p = line(p, end, &ls, &le);
		if (starts(ls, le, "TEST: "))
			in_test = (size_t)(le - ls) == 6 + strlen(name) &&
				  !memcmp(ls + 6, name, strlen(name));
		else if (in_test && !*s && starts(ls, le, "OUTPUT:"))
			*s = p;
		else if (in_test && *s && result_line(ls, le, name) >= 0)
			return *e = ls, 0;
	}
	return -1;
}

void selftest_out_reason(const char *out, size_t on, const char *err, size_t en, const char *name, char *buf,
			 size_t len)
{
	const char *p = err, *end = err + en, *ls, *le, *s, *e;

	buf[0] = '\0';
	if (!len)
		return;
	while (p < end) {
		p = line(p, end, &ls, &le);
		if (starts(ls, le, "ERR: ")) {
			put(ls, end, buf, len);
			return;
		}
	}
	put(err, end, buf, len);
	if (buf[0]) {
		if (en >= len) /* keep the end, where the error usually is */
			put(end - (len - 1), end, buf, len);
		return;
	}
	if (section(out, on, name, &s, &e) == 0)
		put(s, e, buf, len);
}
