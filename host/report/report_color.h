/* Colour for the text reports: only on a terminal, never when NO_COLOR is
 * set to anything (no-color.org). */
#ifndef KTS_HOST_REPORT_REPORT_COLOR_H
#define KTS_HOST_REPORT_REPORT_COLOR_H

#include <stdbool.h>
#include <stdio.h>

#include "host/run/verdict.h"

struct report_color {
	bool on;
};

/* Colour for output to f, decided from f and the environment. */
void report_color_init(struct report_color *c, FILE *f);
/* Escape sequences, or "" when colour is off. */
const char *report_color_verdict(const struct report_color *c, enum verdict_outcome o);
const char *report_color_bad(const struct report_color *c);
const char *report_color_good(const struct report_color *c);
const char *report_color_dim(const struct report_color *c);
const char *report_color_bold(const struct report_color *c);
const char *report_color_off(const struct report_color *c);

#endif
