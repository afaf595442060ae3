/* ktsrun report without --html: for each scheduler (and kernel) a matrix
 * of scenario x topology with the verdict of each variant, then what
 * failed in each variant that did not pass. doc/reports.md. */
#ifndef KTS_HOST_REPORT_REPORT_TEXT_H
#define KTS_HOST_REPORT_REPORT_TEXT_H

#include <stdio.h>

#include "host/report/report_color.h"
#include "host/report/report_load.h"

/* width: of the terminal, to cut a wide matrix into slices (0: no limit).
 * 0, or -1 when out of memory (said). */
int report_text_print(FILE *f, const struct report_set *s, unsigned width, const struct report_color *col);

#endif
