/* SGR escapes for the text reports. */
#include <stdlib.h>
#include <unistd.h>

#include "host/report/report_color.h"

void report_color_init(struct report_color *c, FILE *f)
{
	const char *no = getenv("NO_COLOR");

	c->on = isatty(fileno(f)) && !(no && no[0]);
}

static const char *sgr(const struct report_color *c, const char *s)
{
	return c && c->on ? s : "";
}

const char *report_color_verdict(const struct report_color *c, enum verdict_outcome o)
{
	static const char *const s[] = {
		[V_SKIP] = "\033[2m",	  [V_PASS] = "\033[32m",   [V_INCONCLUSIVE] = "\033[33m",
		[V_ERROR] = "\033[1;35m", [V_FAIL] = "\033[1;31m",
	};

	return sgr(c, s[o]);
}

const char *report_color_bad(const struct report_color *c)
{
	return sgr(c, "\033[1;31m");
}

const char *report_color_good(const struct report_color *c)
{
	return sgr(c, "\033[32m");
}

const char *report_color_dim(const struct report_color *c)
{
	return sgr(c, "\033[2m");
}

const char *report_color_bold(const struct report_color *c)
{
	return sgr(c, "\033[1m");
}

const char *report_color_off(const struct report_color *c)
{
	return sgr(c, "\033[0m");
}
