/* The "payloads" member of a result: each work exec worker's program, how
 * it ended, its metrics and its output's tail (base: the baseline run's). */
#include <json-c/json.h>
#include <string.h>

#include "host/run/run_report.h"
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

static json_object *outs(const struct run_result *r, const struct run_data *d)
{
	json_object *a = json_object_new_array();

	for (unsigned i = 0; d && r->prog && i < d->pay.n; i++) {
		const struct payload_out *o = &d->pay.v[i];
		json_object *e = json_object_new_object();
		char how[160];
		bool failed = payload_rec_failed(o, how, sizeof(how));

		json_object_object_add(e, "worker", json_object_new_int64(o->id));
		json_object_object_add(e, "cgroup", json_object_new_string(o->cg));
		json_object_object_add(e, "program", json_object_new_string(o->prog));
		json_object_object_add(e, "ended", json_object_new_string(how));
		json_object_object_add(e, "failed", json_object_new_boolean(failed));
		json_object_object_add(e, "output_bytes", json_object_new_int64((int64_t)o->size));
		json_object_object_add(e, "metrics", metrics(r, o));
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
