#include "work/work.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "work/work_impl.h"

const struct work_type *work_type_find(const char *name)
{
	size_t n;
	const struct work_type *t = work_types(&n);

	for (size_t i = 0; i < n; i++)
		if (!strcmp(t[i].name, name))
			return &t[i];
	return NULL;
}

int work_param_index(const struct work_type *t, const char *name)
{
	for (unsigned i = 0; i < t->nparams; i++)
		if (!strcmp(t->param[i].name, name))
			return (int)i;
	return -1;
}

void work_spec_init(struct work_spec *s, const struct work_type *t)
{
	memset(s, 0, sizeof(*s));
	s->type = t;
	for (unsigned i = 0; i < t->nparams; i++)
		s->args.v[i] = t->param[i].def;
}

int work_args_set(const struct work_type *t, struct work_args *a, const char *name, int64_t v, char *err,
		  size_t errlen)
{
	int i = work_param_index(t, name);
	const struct work_param *p;

	if (i < 0) {
		snprintf(err, errlen, "work %s has no parameter '%s'", t->name, name);
		return -1;
	}
	p = &t->param[i];
	if (v < p->min || v > p->max) {
		snprintf(err, errlen, "work %s: %s = %" PRId64 " is outside %" PRId64 "..%" PRId64 " %s",
			 t->name, name, v, p->min, p->max, p->unit);
		return -1;
	}
	a->v[i] = v;
	return 0;
}

int work_args_parse(const struct work_type *t, struct work_args *a, const char *text, char *err,
		    size_t errlen)
{
	char buf[256], *save = NULL;

	if (strlen(text) >= sizeof(buf)) {
		snprintf(err, errlen, "work %s: argument text too long", t->name);
		return -1;
	}
	strcpy(buf, text);
	for (char *kv = strtok_r(buf, ",", &save); kv; kv = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(kv, '='), *end;
		long long v;

		if (!eq) {
			snprintf(err, errlen, "work %s: '%s' is not name=value", t->name, kv);
			return -1;
		}
		*eq = '\0';
		errno = 0;
		v = strtoll(eq + 1, &end, 10);
		if (errno || end == eq + 1 || *end) {
			snprintf(err, errlen, "work %s: %s = '%s' is not an integer", t->name, kv, eq + 1);
			return -1;
		}
		if (work_args_set(t, a, kv, v, err, errlen))
			return -1;
	}
	return 0;
}

int work_spec_add_phase(struct work_spec *s, const struct work_type *t, const struct work_args *a,
			uint32_t ms, char *err, size_t errlen)
{
	if (s->nphases == WORK_MAX_PHASES) {
		snprintf(err, errlen, "sequence: more than %d phases", WORK_MAX_PHASES);
		return -1;
	}
	if (t->group != 1 || (t->flags & WT_PHASES) || (t->flags & WT_PIPES)) {
		snprintf(err, errlen, "sequence: %s works in groups; a phase must be an independent type",
			 t->name);
		return -1;
	}
	if (ms == 0) {
		snprintf(err, errlen, "sequence: phase %s has zero length", t->name);
		return -1;
	}
	s->phase[s->nphases++] = (struct work_phase){ .type = t, .args = *a, .ms = ms };
	return 0;
}

unsigned work_group_size(const struct work_type *t, const struct work_args *a)
{
	if (t->group_param >= 0)
		return (unsigned)a->v[t->group_param];
	return t->group;
}

int work_check_workers(const struct work_spec *s, unsigned n, int threads, char *err, size_t errlen)
{
	const struct work_type *t = s->type;
	unsigned g = work_group_size(t, &s->args);

	if (n == 0 || n > WORK_MAX_WORKERS) {
		snprintf(err, errlen, "work %s: %u workers; expected 1..%d", t->name, n, WORK_MAX_WORKERS);
		return -1;
	}
	if (n < t->min_workers) {
		snprintf(err, errlen, "work %s needs at least %u workers, got %u", t->name, t->min_workers,
			 n);
		return -1;
	}
	if (g > 1 && n % g) {
		snprintf(err, errlen, "work %s runs in groups of %u; %u workers is not a multiple of %u",
			 t->name, g, n, g);
		return -1;
	}
	if (threads && (t->flags & WT_FORK_ONLY)) {
		snprintf(err, errlen, "work %s %s: it needs fork mode, not threads", t->name,
			 t->flags & WT_ARGV ? "runs a program" : "moves its own process between cgroups");
		return -1;
	}
	if ((t->flags & WT_ARGV) && (!s->argc || !s->argv[0] || !s->argv[0][0])) {
		snprintf(err, errlen, "work %s needs a program: exec(\"hackbench\", \"-g\", \"4\")", t->name);
		return -1;
	}
	for (unsigned i = 0; i < s->nphases; i++)
		if (threads && (s->phase[i].type->flags & WT_FORK_ONLY)) {
			snprintf(err, errlen, "sequence phase %s needs fork mode, not threads",
				 s->phase[i].type->name);
			return -1;
		}
	return 0;
}
