/* From the language's work parameters (ns, bytes, counts) to work/'s own
 * (us, KiB, group sizes). A parameter work/ has no counterpart for is an
 * error naming it, never silently dropped. */
#include "guest/runtime.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* work/ name and value of bytecode parameter i of type t, or NULL. */
static const char *param_of(const struct work_type *t, unsigned i, double v, int64_t *out)
{
	static const struct {
		unsigned wp;
		const char *name;
		double div, add;
	} map[] = {
		{ BC_WP_burst, "burst_us", 1000, 0 },	  { BC_WP_sleep, "sleep_us", 1000, 0 },
		{ BC_WP_interval, "period_us", 1000, 0 }, { BC_WP_interval, "interval_us", 1000, 0 },
		{ BC_WP_hold, "hold_us", 1000, 0 },	  { BC_WP_size, "kib", 1024, 0 },
		{ BC_WP_size, "msg_bytes", 1, 0 },	  { BC_WP_stride, "stride", 1, 0 },
		{ BC_WP_fanout, "size", 1, 1 },		  { BC_WP_depth, "length", 1, 0 },
		{ BC_WP_count, "count", 1, 0 },
	};

	for (size_t k = 0; k < sizeof(map) / sizeof(map[0]); k++)
		if (map[k].wp == i && work_param_index(t, map[k].name) >= 0) {
			*out = (int64_t)llround(v / map[k].div + map[k].add);
			return map[k].name;
		}
	return NULL;
}

static int set_args(const struct work_type *t, const struct interp_args *a, struct work_args *out, char *err,
		    size_t errlen)
{
	for (unsigned i = 0; i < BC_WP_COUNT; i++) {
		const char *name;
		int64_t v;

		if (!a->has[i])
			continue;
		if (!(name = param_of(t, i, a->v[i], &v))) {
			snprintf(err, errlen, "work %s: parameter %s is not supported by the guest runtime",
				 t->name, bc_enum_name(BC_E_WPARAM, i));
			return -1;
		}
		if (work_args_set(t, out, name, v, err, errlen))
			return -1;
	}
	return 0;
}

static const struct work_type *find(unsigned type, char *err, size_t errlen)
{
	const char *name = bc_enum_name(BC_E_WORK, type);
	const struct work_type *t = name ? work_type_find(name) : NULL;

	if (!t)
		snprintf(err, errlen, "work type %s is not in the guest runtime", name ? name : "?");
	return t;
}

int runtime_work_spec(const struct interp_work *w, struct work_spec *s, char *err, size_t errlen)
{
	const struct work_type *t = find(w->type, err, errlen);

	if (!t)
		return -1;
	work_spec_init(s, t);
	if (set_args(t, &w->args, &s->args, err, errlen))
		return -1;
	if (w->argc > WORK_MAX_ARGV) {
		snprintf(err, errlen, "work %s: %u arguments, at most %d", t->name, w->argc, WORK_MAX_ARGV);
		return -1;
	}
	for (unsigned i = 0; i < w->argc; i++)
		s->argv[i] = w->argv[i];
	s->argc = w->argc;
	s->file_name = w->file_name, s->file_text = w->file_text;
	for (unsigned i = 0; i < w->nphases; i++) {
		const struct work_type *pt = find(w->phase[i].type, err, errlen);
		struct work_spec ps;
		uint64_t ms = w->phase[i].ns / 1000000;

		if (!pt)
			return -1;
		work_spec_init(&ps, pt);
		if (set_args(pt, &w->phase[i].args, &ps.args, err, errlen) ||
		    work_spec_add_phase(s, pt, &ps.args, (uint32_t)(ms ? ms : 1), err, errlen))
			return -1;
	}
	return 0;
}
