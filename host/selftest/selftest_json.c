/* The JSON file of ktsrun selftest (schema in doc/schedulers.md), json-c. */
#include "host/selftest/selftest_json.h"

#include <errno.h>
#include <json-c/json.h>
#include <string.h>

#include "host/run/run_report.h"
#include "host/util/log.h"

int selftest_json_write(const char *path, const struct selftest_rec *s, const char *kernel,
			const char *outcome)
{
	json_object *o = json_object_new_object(), *a = json_object_new_array();
	int rc = 0;

	json_object_object_add(o, "kernel", json_object_new_string(kernel));
	json_object_object_add(o, "outcome", json_object_new_string(outcome));
	json_object_object_add(o, "passed", json_object_new_int((int)s->count[ST_PASS]));
	json_object_object_add(o, "skipped", json_object_new_int((int)s->count[ST_SKIP]));
	json_object_object_add(o, "failed", json_object_new_int((int)s->count[ST_FAIL]));
	for (unsigned i = 0; i < s->n; i++) {
		json_object *e = json_object_new_object();

		json_object_object_add(e, "name", json_object_new_string(s->t[i].name));
		json_object_object_add(e, "result",
				       json_object_new_string(selftest_out_result_name(s->t[i].result)));
		json_object_object_add(e, "seconds", json_object_new_double((double)s->t[i].ms / 1e3));
		json_object_object_add(e, "reason", json_object_new_string(s->t[i].reason));
		json_object_array_add(a, e);
	}
	json_object_object_add(o, "tests", a);
	if (run_json_write(path, o)) {
		rc = -1;
	}
	json_object_put(o);
	return rc;
}
