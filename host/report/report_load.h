/* Result files of `ktsrun run --json` read back for compare and report:
 * every result checked for the shape doc/verdicts.md gives, named by its
 * variant (doc/reports.md). Everything in a file is untrusted input. */
#ifndef KTS_HOST_REPORT_REPORT_LOAD_H
#define KTS_HOST_REPORT_REPORT_LOAD_H

#include <stdbool.h>
#include <stddef.h>

#include "host/report/report_metric.h"
#include "host/run/verdict.h"

#define REPORT_VARIANT_MAX 512
#define REPORT_MAX_RESULTS 10000 /* in all the files of a command */
#define REPORT_MAX_CGROUPS 256	 /* per result */

struct report_item {
	const char *name, *detail;
	bool claim;
	enum verdict_outcome out;
	double value, limit; /* NaN: null */
};

struct report_cgroup {
	const char *name;
	double m[REPORT_M_COUNT]; /* NaN: null or absent; the shares computed */
};

/* Strings point into the file's JSON tree, alive as long as the set. */
struct report_result {
	const char *file; /* the result file it came from */
	unsigned index;	  /* its place in that file's "results" */
	char variant[REPORT_VARIANT_MAX];
	const char *scenario, *topology, *scheduler, *kernel, *accel, *reason;
	char sched[128];   /* the scheduler part of the variant name */
	char defines[256]; /* the run's -D, "NAME=VALUE NAME=VALUE", or "" */
	enum verdict_outcome verdict;
	const char *sched_kind, *sched_msg; /* scheduler_result, or NULL */
	struct report_item *item;
	unsigned nitems;
	struct report_cgroup *cg;
	unsigned ncg;
	struct json_object *json; /* the whole result, for what only the HTML report reads */
};

struct report_set {
	struct report_result *res;
	unsigned n;
	struct json_object **tree; /* one per file read */
	unsigned ntree;
};

/* Add every result of the file at path to s. 0, or -1 with one line in
 * err that names the file and says what to do (s is unchanged then). */
int report_load_file(struct report_set *s, const char *path, char *err, size_t len);
void report_load_free(struct report_set *s);
/* report_load_name.c, within the module: name r by its variant (given: a
 * name the result carries, or NULL); then add the kernel where results of
 * one file need it to be told apart. -1 when out of memory. */
void report_load_name(struct report_result *r, const char *given);
int report_load_kernels(struct report_result *r, unsigned n);
/* Is the run emulated (accel "tcg")? Unknown counts as emulated: its
 * gates are the wider ones. */
bool report_load_emulated(const struct report_result *r);

#endif
