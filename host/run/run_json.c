/* The JSON result file (schema in doc/verdicts.md), written with json-c. */
#include <errno.h>
#include <json-c/json.h>
#include <math.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/fs.h"
#include "host/util/log.h"
#include "host/run/run_report.h"
#include "lib/scx_kind.h"

static json_object *num(double v)
{
	return isfinite(v) ? json_object_new_double(v) : NULL; /* null: not measured */
}

json_object *run_json_cgroups(const struct bc_prog *p, const struct run_data *d)
{
	json_object *a = json_object_new_array();

	for (unsigned cg = 0; p && d && cg < p->ncgroups; cg++) {
		json_object *o = json_object_new_object();
		char path[256];

		run_cg_path(p, cg, path, sizeof(path));
		json_object_object_add(o, "name", json_object_new_string(path));
		for (unsigned m = 0; m < BC_M_COUNT; m++)
			json_object_object_add(o, bc_enum_name(BC_E_METRIC, m),
					       num(run_metric(d, p, cg, m, BC_NONE, BC_NONE)));
		json_object_array_add(a, o);
	}
	return a;
}

/* How the scheduler ended; null under the default scheduler or without a result. */
static json_object *sched_result(const struct run_result *r)
{
	const struct sched_rec *s = r->data ? &r->data->sr : NULL;
	json_object *o;

	if (!r->sched || !s || !s->result)
		return NULL;
	o = json_object_new_object();
	json_object_object_add(o, "kind", json_object_new_string(scx_kind_name(s->kind)));
	json_object_object_add(o, "why", json_object_new_string(s->why));
	json_object_object_add(o, "message", json_object_new_string(s->msg));
	json_object_object_add(o, "task", json_object_new_string(s->task));
	json_object_object_add(o, "load_ms", s->load_ms >= 0 ? json_object_new_int64(s->load_ms) : NULL);
	return o;
}

static json_object *defines(const struct run_result *r)
{
	json_object *o = json_object_new_object();

	for (int i = 0; i < r->ndefs; i++)
		json_object_object_add(o, r->defs[i].name, json_object_new_string(r->defs[i].value));
	return o;
}

json_object *run_json_result(const struct run_result *r)
{
	json_object *o = json_object_new_object(), *it = json_object_new_array();

	json_object_object_add(
		o, "scenario",
		json_object_new_string(r->meta.name && r->meta.name[0] ? r->meta.name : r->file));
	json_object_object_add(o, "file", json_object_new_string(r->file));
	json_object_object_add(o, "verdict", json_object_new_string(verdict_name(r->v.out)));
	json_object_object_add(o, "reason", json_object_new_string(r->v.reason));
	json_object_object_add(o, "topology", r->topo ? json_object_new_string(r->topo) : NULL);
	json_object_object_add(o, "accel", r->accel ? json_object_new_string(r->accel) : NULL);
	json_object_object_add(o, "kernel", r->kernel[0] ? json_object_new_string(r->kernel) : NULL);
	json_object_object_add(o, "scheduler",
			       json_object_new_string(r->sched ? r->sched : "default (EEVDF)"));
	json_object_object_add(o, "kernel_args", json_object_new_string(r->kargs));
	json_object_object_add(o, "defines", defines(r));
	json_object_object_add(o, "scheduler_result", sched_result(r));
	json_object_object_add(o, "wall_s", json_object_new_double(r->wall_s));
	json_object_object_add(o, "max_gap_limit_ns", num(r->v.th.max_gap_ns));
	json_object_object_add(o, "spread_limit", num(r->v.th.spread));
	for (unsigned i = 0; i < r->v.nitems; i++) {
		const struct verdict_item *x = &r->v.item[i];
		json_object *e = json_object_new_object();

		json_object_object_add(e, "kind", json_object_new_string(x->claim ? "claim" : "check"));
		json_object_object_add(e, "name", json_object_new_string(x->name));
		json_object_object_add(e, "outcome", json_object_new_string(verdict_name(x->out)));
		json_object_object_add(e, "value", num(x->value));
		json_object_object_add(e, "limit", num(x->limit));
		json_object_object_add(e, "detail", json_object_new_string(x->detail));
		json_object_array_add(it, e);
	}
	json_object_object_add(o, "items", it);
	json_object_object_add(o, "cgroups", run_json_cgroups(r->prog, r->data));
	json_object_object_add(o, "monitor", run_json_mon(r));
	run_json_view(o, r);
	json_object_object_add(o, "payloads", run_json_payload(r, false));
	json_object_object_add(o, "baseline_payloads", run_json_payload(r, true));
	return o;
}

int run_json_write(const char *path, json_object *all)
{
	size_t len;
	const char *text = json_object_to_json_string_length(all, JSON_C_TO_STRING_PRETTY, &len);
	char why[PATH_MAX + 200], *line = text ? malloc(len + 2) : NULL;
	int rc;

	if (!line) {
		log_err("--json %s: out of memory", path);
		return -1;
	}
	memcpy(line, text, len);
	line[len++] = '\n';
	/* atomic: a full disk leaves the old file, not half a result */
	rc = fs_write_atomic(path, line, len);
	if (rc)
		log_err("%s", fs_write_error(path, errno, len, NULL, why, sizeof(why)));
	free(line);
	return rc;
}
