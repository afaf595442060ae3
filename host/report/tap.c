#include "host/report/tap.h"

/* One line of text, control characters replaced; stops at a newline. */
static const char *line(FILE *f, const char *s)
{
	for (; *s && *s != '\n'; s++)
		fputc((unsigned char)*s < 0x20 && *s != '\t' ? '?' : *s, f);
	return *s ? s + 1 : s;
}

static void block(FILE *f, const char *key, const char *text)
{
	fprintf(f, "  %s: |\n", key);
	while (*text) {
		fputs("    ", f);
		text = line(f, text);
		fputc('\n', f);
	}
}

void tap_write(FILE *f, const struct report_case *c, size_t n)
{
	fprintf(f, "TAP version 13\n1..%zu\n", n);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "%s %zu - ",
			c[i].kind == REPORT_FAIL || c[i].kind == REPORT_ERROR ? "not ok" : "ok", i + 1);
		line(f, c[i].name);
		if (c[i].kind == REPORT_SKIP) {
			fputs(" # SKIP ", f);
			line(f, c[i].message ? c[i].message : "");
		}
		fputc('\n', f);
		if (c[i].kind != REPORT_FAIL && c[i].kind != REPORT_ERROR)
			continue;
		fputs("  ---\n  verdict: ", f);
		line(f, c[i].type);
		fprintf(f, "\n  duration_ms: %.0f\n", c[i].time_s * 1000);
		block(f, "reason", c[i].message ? c[i].message : "");
		if (c[i].text)
			block(f, "output", c[i].text);
		fputs("  ...\n", f);
	}
}
