/* The verdict matrix both reports draw: one cell per variant, placed by
 * its name's parts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/report_matrix.h"

int report_matrix_name(struct report_names *s, const char *name)
{
	const char **grown;

	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->v[i], name))
			return 0;
	if (!(grown = realloc(s->v, (s->n + 1) * sizeof(*grown))))
		return -1;
	s->v = grown;
	s->v[s->n++] = name;
	return 0;
}

static void split(struct report_cell *c, const char *variant)
{
	const char *s1 = strchr(variant, '/'), *s2 = s1 ? strchr(s1 + 1, '/') : NULL;

	if (!s2) { /* not ours: the whole name is the row */
		snprintf(c->row, sizeof(c->row), "%s", variant);
		snprintf(c->col, sizeof(c->col), "-");
		snprintf(c->group, sizeof(c->group), "-");
		return;
	}
	snprintf(c->row, sizeof(c->row), "%.*s", (int)(s1 - variant), variant);
	snprintf(c->col, sizeof(c->col), "%.*s", (int)(s2 - s1 - 1), s1 + 1);
	snprintf(c->group, sizeof(c->group), "%s", s2 + 1);
}

/* One cell per variant, with the worst verdict of its runs. */
struct report_cell *report_matrix_cells(const struct report_set *s, unsigned *n)
{
	struct report_cell *c = calloc(s->n + 1, sizeof(*c));

	*n = 0;
	for (unsigned i = 0; c && i < s->n; i++) {
		const struct report_result *r = &s->res[i];
		unsigned k = 0;

		while (k < *n && strcmp(c[k].r->variant, r->variant))
			k++;
		if (k == *n) {
			c[k].r = r, c[k].worst = r->verdict;
			split(&c[k], r->variant);
			(*n)++;
		}
		if (r->verdict > c[k].worst)
			c[k].worst = r->verdict, c[k].worst_runs = 0;
		c[k].worst_runs += r->verdict == c[k].worst;
		c[k].runs++;
	}
	return c;
}

const struct report_cell *report_matrix_find(const struct report_cell *c, unsigned n, const char *group,
					     const char *row, const char *col)
{
	for (unsigned i = 0; i < n; i++)
		if (!strcmp(c[i].group, group) && !strcmp(c[i].row, row) && !strcmp(c[i].col, col))
			return &c[i];
	return NULL;
}
