/* Reading result files back: strict JSON, the shape of run_json.c checked
 * field by field, the variant name of each result (doc/reports.md). */
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/report/report_load.h"
#include "host/run/run_report.h"
#include "host/util/log.h"

#define MAX_FILE_BYTES (256u << 20)

static const char what_to_do[] = "give a file written by 'ktsrun run --json'";

/* The whole file, NUL-terminated; NULL after saying why. */
static char *slurp(const char *path, size_t *n, char *err, size_t len)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	struct stat st;
	long size = 0;

	if (!f) {
		errf(err, len, "%s: cannot read: %s", path, strerror(errno));
		return NULL;
	}
	if (fstat(fileno(f), &st) || !S_ISREG(st.st_mode)) {
		errf(err, len, "%s: cannot read: not a regular file; %s", path, what_to_do);
	} else if ((size = (long)st.st_size) < 0) {
		errf(err, len, "%s: cannot read: bad size", path);
	} else if ((unsigned long)size > MAX_FILE_BYTES) {
		errf(err, len, "%s: %ld bytes, more than a result file can be (%u MiB)", path, size,
		     MAX_FILE_BYTES >> 20);
	} else if (!(buf = malloc((size_t)size + 1))) {
		errf(err, len, "%s: out of memory", path);
	} else if (fread(buf, 1, (size_t)size, f) != (size_t)size) {
		errf(err, len, "%s: cannot read: %s", path, strerror(errno ? errno : EIO));
		free(buf), buf = NULL;
	} else {
		buf[size] = '\0';
		*n = (size_t)size;
	}
	fclose(f);
	return buf;
}

static json_object *parse(const char *path, char *err, size_t len)
{
	struct json_tokener *tok = json_tokener_new_ex(64);
	json_object *root = NULL;
	size_t n = 0, end;
	char *buf;

	if (!tok)
		return errf(err, len, "%s: out of memory", path), NULL;
	if (!(buf = slurp(path, &n, err, len))) {
		json_tokener_free(tok);
		return NULL;
	}
	if (!n) {
		errf(err, len, "%s: empty; %s", path, what_to_do);
		json_tokener_free(tok);
		free(buf);
		return NULL;
	}
	json_tokener_set_flags(tok, JSON_TOKENER_STRICT);
	root = json_tokener_parse_ex(tok, buf, (int)n);
	end = json_tokener_get_parse_end(tok);
	while (root && end < n && buf[end] && strchr(" \t\r\n", buf[end]))
		end++;
	if (!root || end < n) {
		errf(err, len, "%s: not JSON (%s at byte %zu); %s", path,
		     root ? "text after the end"
		     : json_tokener_get_error(tok) == json_tokener_continue
			     ? "it ends early"
			     : json_tokener_error_desc(json_tokener_get_error(tok)),
		     end, what_to_do);
		json_object_put(root), root = NULL;
	}
	json_tokener_free(tok);
	free(buf);
	return root;
}

/* Member key of o as a string: 0, 1 absent or null (*out NULL), -1 wrong type. */
static int str(json_object *o, const char *key, const char **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 1;
	if (!json_object_is_type(v, json_type_string))
		return -1;
	*out = json_object_get_string(v);
	return 0;
}

/* A number or null (NaN); -1 for anything else. */
static int num(json_object *o, const char *key, double *out)
{
	json_object *v;

	*out = NAN;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return -1;
	*out = json_object_get_double(v);
	return isfinite(*out) ? 0 : -1;
}

static int outcome(const char *s, enum verdict_outcome *o)
{
	for (int i = V_SKIP; s && i <= V_FAIL; i++)
		if (!strcmp(s, verdict_name((enum verdict_outcome)i))) {
			*o = (enum verdict_outcome)i;
			return 0;
		}
	return -1;
}

static json_object *array(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_array) ? v : NULL;
}

/* An optional list: 0 absent or null (*out NULL), 1 a list, -1 anything else. */
static int opt_array(json_object *o, const char *key, json_object **out)
{
	json_object *v;

	*out = NULL;
	if (!json_object_object_get_ex(o, key, &v) || !v)
		return 0;
	*out = v;
	return json_object_is_type(v, json_type_array) ? 1 : -1;
}

/* Where a bad field is: "result 3 (steady) item 2". */
struct at {
	const char *path;
	unsigned idx;
	const char *scenario;
	char *err;
	size_t len;
};

__attribute__((format(printf, 2, 3))) static int bad(const struct at *a, const char *fmt, ...)
{
	char what[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	return errf(a->err, a->len, "%s: result %u%s%s%s: %s; not a ktsrun result, %s", a->path, a->idx + 1,
		    a->scenario ? " (" : "", a->scenario ? a->scenario : "", a->scenario ? ")" : "", what,
		    what_to_do);
}

static int items(struct report_result *r, json_object *o, const struct at *a)
{
	json_object *it;
	/* the gauntlet's variants skipped before a boot have none */
	int has = opt_array(o, "items", &it);
	size_t n = has > 0 ? json_object_array_length(it) : 0;

	if (has < 0)
		return bad(a, "\"items\" is not a list");
	if (n > VERDICT_MAX_ITEMS)
		return bad(a, "%zu items, more than a run has (%d)", n, VERDICT_MAX_ITEMS);
	if (n && !(r->item = calloc(n, sizeof(*r->item))))
		return bad(a, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(it, i);
		struct report_item *x = &r->item[i];
		const char *kind, *out;

		if (!json_object_is_type(e, json_type_object) || str(e, "kind", &kind) ||
		    str(e, "name", &x->name) || str(e, "outcome", &out) || outcome(out, &x->out) ||
		    num(e, "value", &x->value) || num(e, "limit", &x->limit) ||
		    str(e, "detail", &x->detail) < 0)
			return bad(a, "item %zu lacks kind, name, outcome, value or limit", i + 1);
		x->claim = !strcmp(kind, "claim");
		r->nitems++;
	}
	return 0;
}

/* A cgroup's share of the top-level cgroups' sum; NaN with fewer than two
 * of them (a share of 1 says nothing) or when one is not measured. */
static void share(struct report_result *r, unsigned from, unsigned to)
{
	double sum = 0;
	unsigned top = 0;

	for (unsigned c = 0; c < r->ncg; c++)
		if (!strchr(r->cg[c].name, '/'))
			sum += r->cg[c].m[from], top++;
	for (unsigned c = 0; c < r->ncg; c++)
		r->cg[c].m[to] = top >= 2 && sum > 0 ? r->cg[c].m[from] / sum : NAN;
}

static void shares(struct report_result *r)
{
	share(r, BC_M_work_units, REPORT_M_work_units_share);
	share(r, BC_M_cpu_time, REPORT_M_cpu_time_share);
}

static int cgroups(struct report_result *r, json_object *o, const struct at *a)
{
	json_object *cg;
	int has = opt_array(o, "cgroups", &cg);
	size_t n = has > 0 ? json_object_array_length(cg) : 0;

	if (has < 0)
		return bad(a, "\"cgroups\" is not a list");
	if (n > REPORT_MAX_CGROUPS)
		return bad(a, "%zu cgroups, more than ktsrun handles (%d)", n, REPORT_MAX_CGROUPS);
	if (n && !(r->cg = calloc(n, sizeof(*r->cg))))
		return bad(a, "out of memory");
	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(cg, i);
		struct report_cgroup *c = &r->cg[i];

		if (!json_object_is_type(e, json_type_object) || str(e, "name", &c->name) || !c->name[0])
			return bad(a, "cgroup %zu has no name", i + 1);
		/* keys this ktsrun does not know are a newer metric: left out */
		for (unsigned m = 0; m < BC_M_COUNT; m++)
			if (num(e, bc_enum_name(BC_E_METRIC, m), &c->m[m]))
				return bad(a, "cgroup %s: %s is not a number", c->name,
					   bc_enum_name(BC_E_METRIC, m));
		r->ncg++;
	}
	shares(r);
	return 0;
}

/* "defines": { NAME: VALUE } as "NAME=VALUE ..."; absent in older files. */
static int defines(struct report_result *r, json_object *o, const struct at *a)
{
	json_object *d;
	size_t n = 0;

	if (!json_object_object_get_ex(o, "defines", &d) || !d)
		return 0;
	if (!json_object_is_type(d, json_type_object))
		return bad(a, "\"defines\" is not an object");
	json_object_object_foreach(d, k, v)
	{
		if (!json_object_is_type(v, json_type_string))
			return bad(a, "-D %s is not a string", k);
		n += (size_t)snprintf(r->defines + n, n < sizeof(r->defines) ? sizeof(r->defines) - n : 0,
				      "%s%s=%s", n ? " " : "", k, json_object_get_string(v));
		if (n >= sizeof(r->defines))
			return bad(a, "\"defines\" longer than %zu characters", sizeof(r->defines) - 1);
	}
	return 0;
}

static int result(struct report_result *r, json_object *o, const struct at *a0)
{
	struct at a = *a0;
	const char *v, *gauntlet;
	json_object *sr;

	if (!json_object_is_type(o, json_type_object))
		return bad(&a, "not an object");
	if (str(o, "scenario", &r->scenario) || !r->scenario[0])
		return bad(&a, "no \"scenario\"");
	a.scenario = r->scenario;
	if (str(o, "verdict", &v) || outcome(v, &r->verdict))
		return bad(&a, "no verdict of PASS, FAIL, INCONCLUSIVE, ERROR or SKIP");
	if (str(o, "scheduler", &r->scheduler))
		return bad(&a, "no \"scheduler\"");
	if (str(o, "topology", &r->topology) < 0 || str(o, "accel", &r->accel) < 0 ||
	    str(o, "reason", &r->reason) < 0 || str(o, "kernel", &r->kernel) < 0 ||
	    str(o, "variant", &gauntlet) < 0)
		return bad(&a, "topology, accel, reason, kernel or variant is not a string");
	if (json_object_object_get_ex(o, "scheduler_result", &sr) && sr) {
		if (!json_object_is_type(sr, json_type_object) || str(sr, "kind", &r->sched_kind) ||
		    str(sr, "message", &r->sched_msg) < 0)
			return bad(&a, "scheduler_result has no kind");
	}
	if (items(r, o, &a) || cgroups(r, o, &a) || defines(r, o, &a))
		return -1;
	report_load_name(r, gauntlet);
	r->json = o;
	return 0;
}

static void free_results(struct report_result *r, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		free(r[i].item);
		free(r[i].cg);
	}
}

int report_load_file(struct report_set *s, const char *path, char *err, size_t len)
{
	json_object *root = parse(path, err, len), *res, *ver, **tree;
	struct report_result *grown;
	struct at a = { path, 0, NULL, err, len };
	size_t n;

	if (!root)
		return -1;
	if (!json_object_is_type(root, json_type_object) || !(res = array(root, "results"))) {
		json_object_put(root);
		return errf(err, len, "%s: not a ktsrun result (no \"results\" list); %s", path, what_to_do);
	}
	/* files from before the field are schema 1: the same shape */
	if (json_object_object_get_ex(root, "schema_version", &ver) &&
	    (!json_object_is_type(ver, json_type_int) || json_object_get_int64(ver) != RUN_JSON_SCHEMA)) {
		errf(err, len,
		     "%s: result schema %s, this ktsrun reads schema %d; use the ktsrun that wrote it", path,
		     json_object_get_string(ver), RUN_JSON_SCHEMA);
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(res);
	if (n > REPORT_MAX_RESULTS || s->n + n > REPORT_MAX_RESULTS) {
		json_object_put(root);
		return errf(err, len, "%s: more than %d results in all", path, REPORT_MAX_RESULTS);
	}
	grown = realloc(s->res, (s->n + n + 1) * sizeof(*s->res));
	tree = grown ? realloc(s->tree, (s->ntree + 1) * sizeof(*s->tree)) : NULL;
	if (grown)
		s->res = grown;
	if (!tree) {
		json_object_put(root);
		return errf(err, len, "%s: out of memory", path);
	}
	s->tree = tree;
	memset(s->res + s->n, 0, n * sizeof(*s->res));
	for (a.idx = 0; a.idx < n; a.idx++) {
		struct report_result *r = &s->res[s->n + a.idx];

		r->file = path, r->index = a.idx;
		if (result(r, json_object_array_get_idx(res, a.idx), &a)) {
			free_results(s->res + s->n, a.idx + 1);
			json_object_put(root);
			return -1;
		}
	}
	if (report_load_kernels(s->res + s->n, (unsigned)n)) {
		free_results(s->res + s->n, (unsigned)n);
		json_object_put(root);
		return errf(err, len, "%s: out of memory", path);
	}
	s->n += (unsigned)n;
	s->tree[s->ntree++] = root;
	return 0;
}

void report_load_free(struct report_set *s)
{
	free_results(s->res, s->n);
	for (unsigned i = 0; i < s->ntree; i++)
		json_object_put(s->tree[i]);
	free(s->res);
	free(s->tree);
	memset(s, 0, sizeof(*s));
}

bool report_load_emulated(const struct report_result *r)
{
	return !r->accel || strcmp(r->accel, "kvm");
}
