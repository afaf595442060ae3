/* Payload metrics of a run: each work exec output through its tool's
 * extractor and the scenario's `metric` lines for its cgroup, combined
 * over a cgroup's workers as lib/payload.h says (max, sum or mean). */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "host/run/run_data.h"
#include "lib/payload.h"

/* The scenario's `metric` lines for the cgroup the guest calls cg. */
unsigned run_payload_user(const struct bc_prog *p, const char *cg, struct payload_user_metric *u,
			  unsigned max)
{
	unsigned v[8], n = 0;
	char path[512];

	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc])) {
		if (interp_decode(p, pc, v) != OP_WORK_METRIC || n == max)
			continue;
		run_cg_path(p, v[0], path, sizeof(path));
		if (!strcmp(path, cg))
			u[n].name = p->pool[v[1]].u.s, u[n].regex = p->pool[v[2]].u.s, n++;
	}
	return n;
}

int run_payload_vals(const struct bc_prog *p, const struct payload_out *o, struct payload_vals *vals,
		     char *err, size_t errlen)
{
	struct payload_user_metric u[16];
	unsigned nu = run_payload_user(p, o->cg, u, 16);

	return payload_metric_extract(o->prog, o->text ? o->text : "", u, nu, vals, err, errlen);
}

double run_payload_metric(const struct run_data *d, const struct bc_prog *p, unsigned cg, const char *name)
{
	const struct payload_metric *m = payload_metric_find(name);
	enum payload_agg agg = m ? m->agg : PAYLOAD_MAX;
	double acc = NAN;
	unsigned n = 0;
	char path[512] = "", err[200];

	if (cg != BC_ALL)
		run_cg_path(p, cg, path, sizeof(path));
	for (unsigned i = 0; i < d->pay.n; i++) {
		const struct payload_out *o = &d->pay.v[i];
		struct payload_vals vals;
		const struct payload_val *x;

		if ((cg != BC_ALL && strcmp(o->cg, path)) ||
		    run_payload_vals(p, o, &vals, err, sizeof(err)) || !(x = payload_metric_get(&vals, name)))
			continue;
		acc = !n ? x->v : agg == PAYLOAD_MAX ? fmax(acc, x->v) : acc + x->v;
		n++;
	}
	return agg == PAYLOAD_MEAN && n ? acc / n : acc;
}
