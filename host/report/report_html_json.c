/* Reading the untrusted JSON of a result for drawing: a member is used only
 * when it has the type asked for, a number only when finite. */
#include <math.h>

#include "host/report/report_html.h"

json_object *report_html_get(json_object *o, const char *key, json_type t)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, t))
		return NULL;
	return v;
}

const char *report_html_str(json_object *o, const char *key)
{
	json_object *v = report_html_get(o, key, json_type_string);

	return v ? json_object_get_string(v) : NULL;
}

double report_html_num(json_object *o)
{
	double v;

	if (!o || !(json_object_is_type(o, json_type_double) || json_object_is_type(o, json_type_int)))
		return NAN;
	v = json_object_get_double(o);
	return isfinite(v) ? v : NAN;
}

double report_html_at(json_object *arr, size_t i)
{
	return arr && i < json_object_array_length(arr) ? report_html_num(json_object_array_get_idx(arr, i))
							: NAN;
}

double report_html_field(json_object *o, const char *key)
{
	json_object *v;

	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, key, &v))
		return NAN;
	return report_html_num(v);
}

size_t report_html_len(json_object *arr, size_t max)
{
	size_t n;

	if (!arr || !json_object_is_type(arr, json_type_array))
		return 0;
	n = json_object_array_length(arr);
	return n < max ? n : max;
}

const char *report_html_vclass(enum verdict_outcome o)
{
	static const char *const c[] = { [V_SKIP] = "skip",
					 [V_PASS] = "pass",
					 [V_INCONCLUSIVE] = "inconc",
					 [V_ERROR] = "error",
					 [V_FAIL] = "fail" };

	return o <= V_FAIL ? c[o] : "skip";
}
