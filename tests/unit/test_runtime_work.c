/* The language's work parameters (interp/bc_tables.h) against the guest
 * runtime's (work/work_table.c), through the mapping the guest uses
 * (guest/runtime_work.c): every parameter the language accepts must reach an
 * work/ parameter of the matching kind and change it, so the tables cannot
 * drift apart again. */
#include <stdbool.h>
#include <string.h>

#include "guest/runtime.h"
#include "interp/bc.h"
#include "tests/unit/tu.h"

static const unsigned lang_params[] = {
#define X(n, p, g, u) p,
	BC_WORKS(X)
#undef X
};

static const char lang_units[] = {
#define X(n, u) u,
	BC_WPARAMS(X)
#undef X
};

/* work/ units a language unit may become: durations, sizes, counts. */
static int unit_fits(char lang, const char *rt)
{
	static const char *const d[] = { "us", "ms", NULL }, *const z[] = { "KiB", "bytes", NULL },
				 *const n[] = { "workers", "children", NULL };
	const char *const *ok = lang == 'd' ? d : lang == 'z' ? z : n;

	for (; *ok; ok++)
		if (!strcmp(*ok, rt))
			return 1;
	return 0;
}

/* Values a scenario would write, in the language's units (ns, bytes, count). */
static const double *tries(char unit)
{
	static const double d[] = { 3e6, 20e3, 0 }, z[] = { 8192, 128, 0 }, n[] = { 3, 5, 0 };

	return unit == 'd' ? d : unit == 'z' ? z : n;
}

/* Apply language parameter wp = v to type ti; the work/ parameter it changed,
 * -1 if it was accepted but changed nothing, -2 if refused. */
static int applied(unsigned ti, unsigned wp, double v, const struct work_type *t, char *err, size_t errlen)
{
	struct interp_work w = { .set = true, .type = ti };
	struct work_spec s, def;

	w.args.has[wp] = true;
	w.args.v[wp] = v;
	if (runtime_work_spec(&w, &s, err, errlen))
		return -2;
	work_spec_init(&def, t);
	for (unsigned j = 0; j < t->nparams; j++)
		if (s.args.v[j] != def.args.v[j])
			return (int)j;
	return -1;
}

TU_TEST(runtime_work_language_and_runtime_tables_agree)
{
	size_t n;

	work_types(&n);
	TU_EQ_INT(n, BC_WORK_COUNT);
	for (unsigned ti = 0; ti < BC_WORK_COUNT; ti++) {
		const char *name = bc_enum_name(BC_E_WORK, ti);
		const struct work_type *t = work_type_find(name);

		if (!t) {
			tu_fail(__FILE__, __LINE__, "language work %s is not in work/", name);
			continue;
		}
		for (unsigned wp = 0; wp < BC_WP_COUNT; wp++) {
			const double *v = tries(lang_units[wp]);
			char err[300] = "";
			int j = -2;

			if (!(lang_params[ti] & (1u << wp)))
				continue;
			for (; *v && j < 0; v++)
				j = applied(ti, wp, *v, t, err, sizeof(err));
			if (j < 0)
				tu_fail(__FILE__, __LINE__, "work %s(%s): %s", name,
					bc_enum_name(BC_E_WPARAM, wp),
					j == -1 ? "accepted but changes nothing in work/" : err);
			else if (!unit_fits(lang_units[wp], t->param[j].unit))
				tu_fail(__FILE__, __LINE__, "work %s(%s) ('%c') became %s in %s", name,
					bc_enum_name(BC_E_WPARAM, wp), lang_units[wp], t->param[j].name,
					t->param[j].unit);
		}
	}
}

/* A parameter the language does not allow for a type is refused, not dropped. */
TU_TEST(runtime_work_refuses_a_parameter_without_counterpart)
{
	struct interp_work w = { .set = true, .type = BC_WORK_spin };
	struct work_spec s;
	char err[300];

	w.args.has[BC_WP_hold] = true;
	w.args.v[BC_WP_hold] = 1e6;
	TU_EQ_INT(runtime_work_spec(&w, &s, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "parameter hold is not supported") != NULL);
}

/* The verdict's fairness spread trusts the table's units fact: every type
 * has one, and a type whose workers have roles (groups, pipes, phases)
 * cannot claim comparable units. */
TU_TEST(runtime_work_every_type_says_whether_its_units_compare)
{
	for (unsigned ti = 0; ti < BC_WORK_COUNT; ti++) {
		const char *name = bc_enum_name(BC_E_WORK, ti);
		const struct work_type *t = work_type_find(name);
		bool roles = t && (t->group != 1 || (t->flags & (WT_PIPES | WT_PHASES | WT_WHOLE)));

		if (bc_work_units[ti] != BC_UNITS_SAME && bc_work_units[ti] != BC_UNITS_ROLES)
			tu_fail(__FILE__, __LINE__, "work %s has no units fact in BC_WORKS", name);
		else if (roles && bc_work_units[ti] != BC_UNITS_ROLES)
			tu_fail(__FILE__, __LINE__,
				"work %s has workers with roles but claims comparable units", name);
	}
}
