#include "host/report/junit.h"

#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Length of a valid UTF-8 sequence at s (1 to 4), or 0. XML 1.0 also
 * excludes the surrogates and U+FFFE/U+FFFF; so do we. */
static size_t utf8_len(const unsigned char *s)
{
	uint32_t c;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	n = s[0] >= 0xf0 && s[0] <= 0xf4 ? 4 : s[0] >= 0xe0 ? 3 : s[0] >= 0xc2 && s[0] < 0xe0 ? 2 : 0;
	if (!n)
		return 0;
	c = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff) || c == 0xfffe || c == 0xffff)
		return 0;
	return n;
}

void junit_escape(FILE *f, const char *str)
{
	const unsigned char *s = (const unsigned char *)(str ? str : "");

	while (*s) {
		size_t n = utf8_len(s);

		if (*s == '&')
			fputs("&amp;", f);
		else if (*s == '<')
			fputs("&lt;", f);
		else if (*s == '>')
			fputs("&gt;", f);
		else if (*s == '"')
			fputs("&quot;", f);
		else if (*s == '\'')
			fputs("&apos;", f);
		else if (*s == '\n' || *s == '\t')
			fputc(*s, f);
		else if (*s == '\r')
			;		  /* console lines end in CR LF; the LF is enough */
		else if (*s < 0x20 || !n) /* a C0 control, or not UTF-8 */
			fputs("\xef\xbf\xbd", f);
		else
			fwrite(s, 1, n, f);
		s += n ? n : 1;
	}
}

static void counts(const struct report_case *c, size_t n, unsigned *fail, unsigned *err, unsigned *skip,
		   double *secs)
{
	*fail = *err = *skip = 0, *secs = 0;
	for (size_t i = 0; i < n; i++) {
		*fail += c[i].kind == REPORT_FAIL;
		*err += c[i].kind == REPORT_ERROR;
		*skip += c[i].kind == REPORT_SKIP;
		*secs += c[i].time_s;
	}
}

static void one(FILE *f, const struct report_case *c)
{
	static const char *const tag[] = { "", "failure", "error", "skipped" };

	fputs("    <testcase classname=\"", f);
	junit_escape(f, c->classname);
	fputs("\" name=\"", f);
	junit_escape(f, c->name);
	fprintf(f, "\" time=\"%.3f\"", c->time_s);
	if (c->kind == REPORT_PASS) {
		fputs("/>\n", f);
		return;
	}
	fprintf(f, ">\n      <%s message=\"", tag[c->kind]);
	junit_escape(f, c->message);
	fputs("\"", f);
	if (c->kind == REPORT_SKIP) {
		fputs("/>\n    </testcase>\n", f);
		return;
	}
	fputs(" type=\"", f);
	junit_escape(f, c->type);
	fputs("\">", f);
	junit_escape(f, c->text ? c->text : c->message);
	fprintf(f, "</%s>\n    </testcase>\n", tag[c->kind]);
}

void junit_write(FILE *f, const char *suite, const struct report_case *c, size_t n)
{
	unsigned fail, err, skip;
	double secs;
	char stamp[32], host[256] = "localhost";
	time_t now = time(NULL);
	struct tm tm;

	counts(c, n, &fail, &err, &skip, &secs);
	strftime(stamp, sizeof(stamp), "%Y-%m-%dT%H:%M:%S", gmtime_r(&now, &tm));
	gethostname(host, sizeof(host) - 1);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"", f);
	junit_escape(f, suite);
	fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n", n, fail,
		err, skip, secs);
	fputs("  <testsuite name=\"", f);
	junit_escape(f, suite);
	fprintf(f,
		"\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\" "
		"timestamp=\"%s\" "
		"hostname=\"",
		n, fail, err, skip, secs, stamp);
	junit_escape(f, host);
	fputs("\">\n", f);
	for (size_t i = 0; i < n; i++)
		one(f, &c[i]);
	fputs("  </testsuite>\n</testsuites>\n", f);
}
