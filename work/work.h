/* Work types: what a worker does in its loop.
 *
 * The language looks a type up by name (work_type_find), sets parameters by
 * name (work_args_set, range-checked) and checks the worker count against
 * the type's group (work_check_workers). doc/worktypes.md describes every
 * type; `work_types()` lists them for `ktsrun list`-style output. */
#ifndef KTS_WORK_WORK_H
#define KTS_WORK_WORK_H

#include <stddef.h>
#include <stdint.h>

#define WORK_MAX_PARAMS 6
#define WORK_MAX_PHASES 8
#define WORK_MAX_ARGV	32 /* exec: argv[0] (the program) and its arguments */

struct work_ctx;

struct work_param {
	const char *name;
	int64_t def, min, max;
	const char *unit; /* "loops", "us", "KiB", ... */
	const char *help;
};

enum work_flags {
	WT_PIPES = 1u << 0,	/* needs one inbound pipe per worker, made before fork */
	WT_WAKES = 1u << 1,	/* measures wake latency */
	WT_FORK_ONLY = 1u << 2, /* needs its own process (moves itself between cgroups) */
	WT_WHOLE = 1u << 3,	/* all workers of the set form one group */
	WT_PHASES = 1u << 4,	/* runs phases of other types, so cannot be a phase */
	WT_ARGV = 1u << 5,	/* runs a program: the spec's argv (work exec) */
};

struct work_type {
	const char *name;
	const char *summary; /* one line */
	const char *unit;    /* what one work unit is */
	const char *aux;     /* meaning of the aux counter, or NULL */
	unsigned group;	     /* workers per group: 1 = independent */
	int group_param;     /* index of the parameter that sets the group size, or -1 */
	unsigned min_workers;
	unsigned flags;
	unsigned nparams;
	struct work_param param[WORK_MAX_PARAMS];
	int (*run)(struct work_ctx *c);
};

struct work_args {
	int64_t v[WORK_MAX_PARAMS];
};

struct work_phase {
	const struct work_type *type;
	struct work_args args;
	uint32_t ms;
};

/* A work type with its arguments; `sequence` also carries its phases and
 * `exec` its program's argv (NULL-terminated; the strings outlive the set). */
struct work_spec {
	const struct work_type *type;
	struct work_args args;
	unsigned nphases;
	struct work_phase phase[WORK_MAX_PHASES];
	unsigned argc;
	const char *argv[WORK_MAX_ARGV + 1];
	/* exec: a file written to the program's working directory before it
	 * starts (rtapp: its JSON), or NULL */
	const char *file_name, *file_text;
};

const struct work_type *work_types(size_t *n);
const struct work_type *work_type_find(const char *name);
int work_param_index(const struct work_type *t, const char *name);

/* spec = type with every parameter at its default. */
void work_spec_init(struct work_spec *s, const struct work_type *t);
/* Set a parameter by name: 0, or -1 with err naming the parameter and range. */
int work_args_set(const struct work_type *t, struct work_args *a, const char *name, int64_t v, char *err,
		  size_t errlen);
/* Parse "name=value,name=value" (the form worktest and tests use). */
int work_args_parse(const struct work_type *t, struct work_args *a, const char *text, char *err,
		    size_t errlen);
/* Add a phase to a sequence: only independent types (group 1). */
int work_spec_add_phase(struct work_spec *s, const struct work_type *t, const struct work_args *a,
			uint32_t ms, char *err, size_t errlen);
/* Workers per group for these arguments. */
unsigned work_group_size(const struct work_type *t, const struct work_args *a);
/* Does a set of n workers fit the type's grouping? 0, or -1 with err. */
int work_check_workers(const struct work_spec *s, unsigned n, int threads, char *err, size_t errlen);

#endif
