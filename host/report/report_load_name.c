/* Variant names: scenario/topology/scheduler[/kernel] (doc/reports.md). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/report_load.h"

/* Copy a part of a variant name: '/' and blanks become '_', so a name
 * splits on '/' and reads as one word. */
static size_t part(char *out, size_t len, const char *s)
{
	size_t o = 0;

	for (; *s && o + 1 < len; s++)
		out[o++] = (*s == '/' || *s == ' ' || *s == '\t') ? '_' : *s;
	out[o] = '\0';
	return o;
}

/* The scheduler part: "eevdf" for the default, else the name as given
 * with a path cut to its file name, then ':' and the arguments. */
static void sched_part(char *out, size_t len, const char *spec)
{
	const char *colon = strchr(spec, ':'), *name = spec, *slash;

	if (!strncmp(spec, "default", 7)) {
		snprintf(out, len, "eevdf");
		return;
	}
	while ((slash = strchr(name, '/')) && (!colon || slash < colon))
		name = slash + 1;
	part(out, len, name);
}

void report_load_name(struct report_result *r, const char *given)
{
	size_t n;

	sched_part(r->sched, sizeof(r->sched), r->scheduler);
	if (given && given[0]) {
		snprintf(r->variant, sizeof(r->variant), "%s", given);
		return;
	}
	/* a scenario that did not compile is named by its file: a path */
	n = part(r->variant, sizeof(r->variant), r->scenario);
	snprintf(r->variant + n, sizeof(r->variant) - n, "/%s/%s", r->topology ? r->topology : "-", r->sched);
}

static int by_variant(const void *x, const void *y)
{
	const struct report_result *a = *(const struct report_result *const *)x,
				   *b = *(const struct report_result *const *)y;

	return strcmp(a->variant, b->variant);
}

/* The kernel joins a variant's name only where the file holds the same
 * scenario, topology and scheduler under more than one kernel: results of
 * last week's kernel still match this week's. */
int report_load_kernels(struct report_result *r, unsigned n)
{
	struct report_result **by = malloc((n + 1) * sizeof(*by));
	bool *more = calloc(n + 1, 1);

	if (!by || !more) {
		free(by), free(more);
		return -1;
	}
	for (unsigned i = 0; i < n; i++)
		by[i] = &r[i];
	qsort(by, n, sizeof(*by), by_variant);
	for (unsigned i = 0, j; i < n; i = j) {
		const char *k0 = by[i]->kernel;
		bool mixed = false;

		for (j = i + 1; j < n && !strcmp(by[i]->variant, by[j]->variant); j++) {
			if (k0 && by[j]->kernel && strcmp(k0, by[j]->kernel))
				mixed = true;
			k0 = k0 ? k0 : by[j]->kernel;
		}
		for (unsigned k = i; k < j; k++)
			more[by[k] - r] = mixed && by[k]->kernel;
	}
	for (unsigned i = 0; i < n; i++)
		if (more[i]) {
			size_t l = strlen(r[i].variant);

			snprintf(r[i].variant + l, sizeof(r[i].variant) - l, "/%s", r[i].kernel);
		}
	free(by), free(more);
	return 0;
}
