#include "host/report/junit.h"
#include "host/report/markup.h"

#include <stdint.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

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
	markup_esc(f, c->classname);
	fputs("\" name=\"", f);
	markup_esc(f, c->name);
	fprintf(f, "\" time=\"%.3f\"", c->time_s);
	if (c->kind == REPORT_PASS) {
		fputs("/>\n", f);
		return;
	}
	fprintf(f, ">\n      <%s message=\"", tag[c->kind]);
	markup_esc(f, c->message);
	fputs("\"", f);
	if (c->kind == REPORT_SKIP) {
		fputs("/>\n    </testcase>\n", f);
		return;
	}
	fputs(" type=\"", f);
	markup_esc(f, c->type);
	fputs("\">", f);
	markup_esc(f, c->text ? c->text : c->message);
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
	markup_esc(f, suite);
	fprintf(f, "\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\">\n", n, fail,
		err, skip, secs);
	fputs("  <testsuite name=\"", f);
	markup_esc(f, suite);
	fprintf(f,
		"\" tests=\"%zu\" failures=\"%u\" errors=\"%u\" skipped=\"%u\" time=\"%.3f\" "
		"timestamp=\"%s\" "
		"hostname=\"",
		n, fail, err, skip, secs, stamp);
	markup_esc(f, host);
	fputs("\">\n", f);
	for (size_t i = 0; i < n; i++)
		one(f, &c[i]);
	fputs("  </testsuite>\n</testsuites>\n", f);
}
