/* The verdict matrix of the text and HTML reports: for each scheduler
 * (and kernel) a table of scenario x topology with one cell per variant,
 * the worst verdict of its runs. A variant's name gives its place:
 * scenario (row), topology (column), the rest (scheduler[/kernel]) picks
 * the matrix (its group). */
#ifndef KTS_HOST_REPORT_REPORT_MATRIX_H
#define KTS_HOST_REPORT_REPORT_MATRIX_H

#include "host/report/report_load.h"

struct report_cell {
	const struct report_result *r; /* the first run */
	char row[REPORT_VARIANT_MAX], col[REPORT_VARIANT_MAX], group[REPORT_VARIANT_MAX];
	enum verdict_outcome worst;
	unsigned runs, worst_runs;
};

/* Names in first-seen order, each once. */
struct report_names {
	const char **v;
	unsigned n;
};

/* Add name unless there; -1 when out of memory. */
int report_matrix_name(struct report_names *s, const char *name);
/* One cell per variant of s, in first-seen order (free it); NULL when out
 * of memory. */
struct report_cell *report_matrix_cells(const struct report_set *s, unsigned *n);
const struct report_cell *report_matrix_find(const struct report_cell *c, unsigned n, const char *group,
					     const char *row, const char *col);

#endif
