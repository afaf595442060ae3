/* The "payloads" member of a result: each work exec worker's program, how
 * it ended, its metrics and its output's tail (base: the baseline run's). */
#include <json-c/json.h>
#include <string.h>

#include "host/run/run_report.h"
#include "lib/payload.h"
#include "lib/proto.h"

#define JSON_TAIL 4096 /* bytes of output kept in the file */

static json_object *metrics(const struct run_result *r, const struct payload_out *o)
{
	json_object *m = json_object_new_object();
	struct payload_vals v;
	char err[300];

	if (run_payload_vals(r->prog, o, &v, err, sizeof(err)))
		return m;
	for (unsigned i = 0; i < v.n; i++)
		json_object_object_add(m, v.v[i].name, json_object_new_double(v.v[i].v));
	return m;
}

static json_object *vals_obj(const struct payload_vals *v)
{
	json_object *m = json_object_new_object();

	for (unsigned i = 0; i < v->n; i++)
		json_object_object_add(m, v->v[i].name, json_object_new_double(v->v[i].v));
	return m;
}

/* rt-app's metrics per window (settle, then each step) and per phase of
 * each task; NULL for other programs. */
static json_object *rtapp(const struct run_result *r, const struct run_data *d, const struct payload_out *o)
{
	const char *json = run_payload_file(r->prog, o->cg);
	json_object *x, *win, *ph;
	struct rtapp_desc desc;
	char err[300];

	if (!json || !payload_tool_of(o->prog) || strcmp(payload_tool_of(o->prog)->prefix, "rtapp") ||
	    rtapp_json_desc(json, &desc, err, sizeof(err)))
		return NULL;
	x = json_object_new_object(), win = json_object_new_array(), ph = json_object_new_array();
	for (unsigned w = 0; w < run_windows(d, r->prog->nsteps); w++) {
		struct rtapp_sel sel = RTAPP_SEL_ALL;
		struct payload_vals v = { 0 };
		json_object *e;

		if (!run_payload_window(d, w, &sel.t0_ns, &sel.t1_ns) ||
		    run_payload_rtapp(r->prog, o, &sel, &v, err, sizeof(err)))
			continue;
		e = json_object_new_object();
		json_object_object_add(e, "window", json_object_new_int((int)w));
		json_object_object_add(e, "metrics", vals_obj(&v));
		json_object_array_add(win, e);
	}
	for (unsigned t = 0; t < desc.ntask; t++)
		for (unsigned k = 0; k < desc.task[t].nphase; k++) {
			struct rtapp_sel sel = { 0, UINT64_MAX, desc.task[t].name, (int)k };
			struct payload_vals v = { 0 };
			json_object *e;

			if (run_payload_rtapp(r->prog, o, &sel, &v, err, sizeof(err)))
				continue;
			e = json_object_new_object();
			json_object_object_add(e, "task", json_object_new_string(desc.task[t].name));
			json_object_object_add(e, "phase", json_object_new_int((int)k));
			json_object_object_add(e, "name", json_object_new_string(desc.task[t].phase[k]));
			json_object_object_add(e, "metrics", vals_obj(&v));
			json_object_array_add(ph, e);
		}
	json_object_object_add(x, "windows", win);
	json_object_object_add(x, "phases", ph);
	return x;
}

static json_object *outs(const struct run_result *r, const struct run_data *d)
{
	json_object *a = json_object_new_array();

	for (unsigned i = 0; d && r->prog && i < d->pay.n; i++) {
		const struct payload_out *o = &d->pay.v[i];
		json_object *e = json_object_new_object(), *x;
		char how[160];
		bool failed = payload_rec_failed(o, how, sizeof(how));

		json_object_object_add(e, "worker", json_object_new_int64(o->id));
		json_object_object_add(e, "cgroup", json_object_new_string(o->cg));
		json_object_object_add(e, "program", json_object_new_string(o->prog));
		json_object_object_add(e, "ended", json_object_new_string(how));
		json_object_object_add(e, "failed", json_object_new_boolean(failed));
		json_object_object_add(e, "output_bytes", json_object_new_int64((int64_t)o->size));
		json_object_object_add(e, "metrics", metrics(r, o));
		if ((x = rtapp(r, d, o)))
			json_object_object_add(e, "rtapp", x);
		json_object_object_add(e, "output_tail",
				       json_object_new_string(o->len > JSON_TAIL
								      ? o->text + o->len - JSON_TAIL
							      : o->text ? o->text
									: ""));
		json_object_array_add(a, e);
	}
	return a;
}

json_object *run_json_payload(const struct run_result *r, bool base)
{
	return outs(r, base ? r->base : r->data);
}
