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

const char *run_payload_file(const struct bc_prog *p, const char *cg)
{
	unsigned v[8];
	char path[512];

	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc])) {
		if (interp_decode(p, pc, v) != OP_WORK_FILE)
			continue;
		run_cg_path(p, v[0], path, sizeof(path));
		if (!strcmp(path, cg))
			return p->pool[v[2]].u.s;
	}
	return NULL;
}

int run_payload_rtapp(const struct bc_prog *p, const struct payload_out *o, const struct rtapp_sel *sel,
		      struct payload_vals *vals, char *err, size_t errlen)
{
	const struct payload_tool *t = payload_tool_of(o->prog);
	const char *json = run_payload_file(p, o->cg);

	if (!t || strcmp(t->prefix, "rtapp") || !json)
		return 0; /* rt-app run by exec(): only its output */
	return rtapp_agg_payload(o, json, sel, vals, err, errlen);
}

int run_payload_vals(const struct bc_prog *p, const struct payload_out *o, struct payload_vals *vals,
		     char *err, size_t errlen)
{
	struct payload_user_metric u[16];
	unsigned nu = run_payload_user(p, o->cg, u, 16);
	struct rtapp_sel all = RTAPP_SEL_ALL;

	if (payload_metric_extract(o->prog, o->text ? o->text : "", u, nu, vals, err, errlen))
		return -1;
	return run_payload_rtapp(p, o, &all, vals, err, errlen);
}

bool run_payload_window(const struct run_data *d, unsigned w, uint64_t *t0, uint64_t *t1)
{
	int first = -1;

	*t0 = 0, *t1 = UINT64_MAX;
	for (unsigned i = 0; i < d->nmarks; i++) {
		if (!strncmp(d->mark[i].name, "snapshot", 8))
			continue;
		if (first < 0 && d->mark[i].step == w) {
			first = (int)i, *t0 = d->mark[i].t_ns;
		} else if (first >= 0 && d->mark[i].step != w) {
			*t1 = d->mark[i].t_ns;
			break;
		}
	}
	return first >= 0;
}

/* A worker's value of name: over the run (w < 0) or window w, or over
 * phase ph (>= 0) of its tasks. */
static bool value(const struct run_data *d, const struct bc_prog *p, const struct payload_out *o,
		  const char *name, int w, int ph, double *x)
{
	struct payload_vals vals = { 0 };
	struct rtapp_sel sel = RTAPP_SEL_ALL;
	const struct payload_val *v;
	char err[300];
	int r;

	sel.phase = ph;
	if (ph >= 0)
		r = run_payload_rtapp(p, o, &sel, &vals, err, sizeof(err));
	else if (w < 0)
		r = run_payload_vals(p, o, &vals, err, sizeof(err));
	else
		r = !run_payload_window(d, (unsigned)w, &sel.t0_ns, &sel.t1_ns) ||
		    run_payload_rtapp(p, o, &sel, &vals, err, sizeof(err));
	if (r || !(v = payload_metric_get(&vals, name)))
		return false;
	*x = v->v;
	return true;
}

static double combined(const struct run_data *d, const struct bc_prog *p, unsigned cg, const char *name,
		       int w, int ph)
{
	const struct payload_metric *m = payload_metric_find(name);
	enum payload_agg agg = m ? m->agg : PAYLOAD_MAX;
	double acc = NAN;
	unsigned n = 0;
	char path[512] = "";

	if (cg != BC_ALL)
		run_cg_path(p, cg, path, sizeof(path));
	for (unsigned i = 0; i < d->pay.n; i++) {
		const struct payload_out *o = &d->pay.v[i];
		double x;

		if ((cg != BC_ALL && strcmp(o->cg, path)) || !value(d, p, o, name, w, ph, &x))
			continue;
		acc = !n		   ? x
		      : agg == PAYLOAD_MAX ? fmax(acc, x)
		      : agg == PAYLOAD_MIN ? fmin(acc, x)
					   : acc + x;
		n++;
	}
	return agg == PAYLOAD_MEAN && n ? acc / n : acc;
}

double run_payload_metric(const struct run_data *d, const struct bc_prog *p, unsigned cg, const char *name)
{
	return combined(d, p, cg, name, -1, -1);
}

double run_payload_metric_step(const struct run_data *d, const struct bc_prog *p, unsigned cg,
			       const char *name, unsigned step)
{
	return combined(d, p, cg, name, (int)step + 1, -1); /* window k is step k (1-based) */
}

double run_payload_metric_phase(const struct run_data *d, const struct bc_prog *p, unsigned cg,
				const char *name, unsigned phase)
{
	return combined(d, p, cg, name, -1, (int)phase);
}
