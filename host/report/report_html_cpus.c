/* The per-CPU timeline: one lane per CPU, grouped by node and LLC as the
 * guest reported them (else as the topology's spelling places them).
 * Samples are binned into at most REPORT_HTML_BINS columns: per column a
 * lane shows the largest nr_running (bars), whether the CPU was mostly busy
 * (background), the longest runnable wait (line) and, once per lane, its
 * peak; step markers, the monitor's first violation, the worst moment of
 * each failed monitor check, worker gaps over the limit and the sched_ext
 * exit are drawn across every lane. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/markup.h"
#include "host/report/report_html.h"
#include "lib/topo.h"

#define LANE_H	16
#define GROUP_H 14
#define TOP	16

struct lane {
	int cpu; /* index into the monitor's cpus */
	int node, llc;
	double y;
};

struct chart {
	const struct report_html_axis *a;
	struct lane lane[TOPO_MAX_CPUS];
	unsigned n;
	double bottom;
	int nr_max;
	double wait_max;
	int *nr;      /* [lane][bin]: largest nr_running, -1 unknown */
	double *wait; /* [lane][bin]: longest runnable wait ms, -1 unknown */
	unsigned *busy, *seen;
};

/* Node and LLC of each CPU: the guest's records, else the spelling. */
static void place(struct chart *c, json_object *res, size_t ncpus)
{
	json_object *topo = report_html_get(res, "cpu_topology", json_type_array);
	size_t nt = report_html_len(topo, TOPO_MAX_CPUS);
	const char *spec = report_html_str(res, "topology");
	struct topo t;
	char err[128];
	bool parsed = spec && !topo_parse(spec, &t, err, sizeof(err)) && topo_ncpus(&t) == ncpus;

	for (unsigned l = 0; l < c->n; l++) {
		struct lane *x = &c->lane[l];

		x->node = 0, x->llc = 0;
		if (parsed) {
			struct topo_place p;

			topo_place(&t, (unsigned)x->cpu, &p);
			x->node = (int)p.node, x->llc = (int)p.llc;
		}
		for (size_t i = 0; i < nt; i++) {
			json_object *e = json_object_array_get_idx(topo, i);
			double cpu = report_html_field(e, "cpu"), node = report_html_field(e, "node"),
			       llc = report_html_field(e, "llc");

			if (cpu == x->cpu && node >= 0 && node < 1024 && llc >= 0 && llc < 1024)
				x->node = (int)node, x->llc = (int)llc;
		}
	}
}

static int lane_cmp(const void *pa, const void *pb)
{
	const struct lane *a = pa, *b = pb;

	return a->node != b->node ? a->node - b->node : a->llc != b->llc ? a->llc - b->llc : a->cpu - b->cpu;
}

/* Bin every CPU's samples; false when out of memory. */
static bool bin(struct chart *c, json_object *cpus)
{
	size_t cells = (size_t)c->n * c->a->bins;

	c->nr = malloc(cells * sizeof(*c->nr)), c->wait = malloc(cells * sizeof(*c->wait));
	c->busy = calloc(cells, sizeof(*c->busy)), c->seen = calloc(cells, sizeof(*c->seen));
	if (!c->nr || !c->wait || !c->busy || !c->seen)
		return false;
	for (size_t i = 0; i < cells; i++)
		c->nr[i] = -1, c->wait[i] = -1;
	c->nr_max = 1, c->wait_max = 0;
	for (unsigned l = 0; l < c->n; l++) {
		json_object *o = json_object_array_get_idx(cpus, (size_t)c->lane[l].cpu);
		json_object *nr = report_html_get(o, "nr_running", json_type_array),
			    *idle = report_html_get(o, "idle", json_type_array),
			    *wait = report_html_get(o, "wait_ms", json_type_array);

		for (size_t i = 0; i < c->a->nsamples; i++) {
			int b = report_html_bin(c->a, i);
			size_t k = (size_t)l * c->a->bins + (size_t)b;
			double v = report_html_at(nr, i), id = report_html_at(idle, i),
			       w = report_html_at(wait, i);

			if (b < 0)
				continue;
			if (v >= 0 && v < 1e6 && (int)v > c->nr[k])
				c->nr[k] = (int)v, c->nr_max = (int)v > c->nr_max ? (int)v : c->nr_max;
			if (!isnan(id))
				c->seen[k]++, c->busy[k] += id == 0;
			if (w >= 0 && w > c->wait[k])
				c->wait[k] = w, c->wait_max = w > c->wait_max ? w : c->wait_max;
		}
	}
	return true;
}

/* Runs of columns where pick holds, as one path of rectangles. */
static void runs(FILE *f, const struct chart *c, unsigned l, const char *cls,
		 bool (*pick)(const struct chart *, size_t))
{
	const struct report_html_axis *a = c->a;
	bool any = false, in = false;
	double x0 = 0;

	for (unsigned b = 0; b <= a->bins; b++) {
		bool on = b < a->bins && pick(c, (size_t)l * a->bins + b);
		double x = report_html_x(a, a->t0 + (a->t1 - a->t0) * b / a->bins);

		if (on && !in) {
			x0 = x, in = true;
			continue;
		}
		if (on || !in)
			continue;
		if (!any)
			fprintf(f, "<path class=\"%s\" d=\"", cls), any = true;
		fprintf(f, "M%.1f %.1fh%.1fv%dh%.1fz", x0, c->lane[l].y, x - x0, LANE_H - 2, x0 - x);
		in = false;
	}
	if (any)
		fputs("\"/>", f);
}

static bool pick_busy(const struct chart *c, size_t k)
{
	return c->seen[k] && c->busy[k] * 2 >= c->seen[k];
}

static bool pick_unknown(const struct chart *c, size_t k)
{
	return !c->seen[k] && c->nr[k] < 0;
}

/* nr_running as a step outline filled from the lane's floor. */
static void nr_path(FILE *f, const struct chart *c, unsigned l)
{
	const struct report_html_axis *a = c->a;
	double floor_y = c->lane[l].y + LANE_H - 2, h = LANE_H - 3;
	int cur = 0;

	fprintf(f, "<path class=\"nr\" d=\"M%.1f %.1f", report_html_x(a, a->t0), floor_y);
	for (unsigned b = 0; b < a->bins; b++) {
		int v = c->nr[(size_t)l * a->bins + b];

		v = v < 0 ? 0 : v;
		if (v != cur)
			fprintf(f, "H%.1fV%.1f", report_html_x(a, a->t0 + (a->t1 - a->t0) * b / a->bins),
				floor_y - h * v / c->nr_max),
				cur = v;
	}
	fprintf(f, "H%.1fV%.1fz\"/>", report_html_x(a, a->t1), floor_y);
}

/* The longest runnable wait as a step line, and its peak. */
static void wait_path(FILE *f, const struct chart *c, unsigned l)
{
	const struct report_html_axis *a = c->a;
	double floor_y = c->lane[l].y + LANE_H - 2, h = LANE_H - 3, cur = -1, peak = 0;
	unsigned at = 0;
	bool any = false;

	if (!(c->wait_max > 0))
		return;
	for (unsigned b = 0; b < a->bins; b++) {
		double w = c->wait[(size_t)l * a->bins + b], x;

		w = w < 0 ? 0 : w;
		if (w > peak)
			peak = w, at = b;
		if (w == cur)
			continue;
		x = report_html_x(a, a->t0 + (a->t1 - a->t0) * b / a->bins);
		fprintf(f, any ? "H%.1fV%.1f" : "<path class=\"wait\" d=\"M%.1f %.1f", x,
			floor_y - h * w / c->wait_max);
		any = true, cur = w;
	}
	if (!any)
		return;
	fprintf(f, "H%.1f\"/>", report_html_x(a, a->t1));
	if (peak > 0) {
		double x = report_html_x(a, a->t0 + (a->t1 - a->t0) * (at + 0.5) / a->bins), y = c->lane[l].y;

		fprintf(f,
			"<path class=\"peak\" d=\"M%.1f %.1fl-3 -4h6z\"><title>CPU %d: longest runnable wait "
			"%.1f ms, %.2f s after the start</title></path>",
			x, y + 4, c->lane[l].cpu, peak,
			(a->t0 + (a->t1 - a->t0) * (at + 0.5) / a->bins) / 1000);
	}
}

static void lanes(FILE *f, struct chart *c, json_object *cpus)
{
	int node = -1, llc = -1, nodes = 0, llcs = 0;

	for (unsigned l = 0; l < c->n; l++)
		if (!l || c->lane[l].node != c->lane[l - 1].node)
			nodes++;
	for (unsigned l = 0; l < c->n; l++) {
		struct lane *x = &c->lane[l];
		json_object *o = json_object_array_get_idx(cpus, (size_t)x->cpu);
		double cpu = report_html_field(o, "cpu");

		if (x->node != node || x->llc != llc) {
			unsigned last = l;

			while (last + 1 < c->n && c->lane[last + 1].node == x->node &&
			       c->lane[last + 1].llc == x->llc)
				last++;
			fprintf(f, "<text class=\"grp\" x=\"2\" y=\"%.1f\">", c->bottom + GROUP_H - 3);
			if (nodes > 1)
				fprintf(f, "node %d, ", x->node);
			fprintf(f, "LLC %d: CPUs %d-%d</text>", llcs++, c->lane[l].cpu, c->lane[last].cpu);
			c->bottom += GROUP_H, node = x->node, llc = x->llc;
		}
		x->y = c->bottom;
		fprintf(f, "<g class=\"lane\" data-cpu=\"%d\"><title>CPU %d (node %d, LLC of CPU %d)</title>",
			x->cpu, x->cpu, x->node, x->llc);
		fprintf(f, "<text x=\"12\" y=\"%.1f\">CPU %g</text>", x->y + LANE_H - 4,
			isnan(cpu) ? x->cpu : cpu);
		runs(f, c, l, "unk", pick_unknown);
		runs(f, c, l, "busy", pick_busy);
		nr_path(f, c, l);
		wait_path(f, c, l);
		fputs("</g>\n", f);
		c->bottom += LANE_H;
	}
}

static double lane_y(const struct chart *c, int cpu)
{
	for (unsigned l = 0; l < c->n; l++)
		if (c->lane[l].cpu == cpu)
			return c->lane[l].y;
	return -1;
}

/* A line across every lane at t, with what it is as its tooltip; a dot on
 * the lane of cpu (-1: none). */
static void across(FILE *f, const struct chart *c, const char *cls, double t, int cpu, const char *what)
{
	double x = report_html_x(c->a, t), y = lane_y(c, cpu);

	fprintf(f, "<g class=\"mark\"><line class=\"%s\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%.1f\"/>",
		cls, x, TOP, x, c->bottom);
	if (y >= 0)
		fprintf(f, "<circle class=\"violdot\" cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\"/>", x,
			y + LANE_H / 2.0);
	fputs("<title>", f);
	markup_esc(f, what);
	fprintf(f, " at %.2f s</title></g>", t / 1000);
}

static void step_marks(FILE *f, const struct chart *c, json_object *res)
{
	json_object *st = report_html_get(res, "steps", json_type_array);
	size_t n = report_html_len(st, REPORT_HTML_MAX_MARKS);

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(st, i);
		const char *name = report_html_str(e, "name");
		double t = report_html_field(e, "t_ms");

		if (isnan(t) || !name || t < c->a->t0 || t > c->a->t1)
			continue;
		across(f, c, "step", t, -1, name);
		fprintf(f, "<text x=\"%.1f\" y=\"%d\">", report_html_x(c->a, t) + 2, TOP - 4);
		markup_esc(f, name);
		fputs("</text>", f);
	}
}

/* Does the result have a failed item called name? */
static bool failed(json_object *res, const char *name)
{
	json_object *it = report_html_get(res, "items", json_type_array);
	size_t n = report_html_len(it, 4096);

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(it, i);
		const char *nm = report_html_str(e, "name"), *out = report_html_str(e, "outcome");

		if (nm && out && !strcmp(nm, name) && !strcmp(out, "FAIL"))
			return true;
	}
	return false;
}

static void moment(FILE *f, const struct chart *c, json_object *e, const char *what)
{
	double t = report_html_field(e, "t_ms"), cpu = report_html_field(e, "cpu");
	const char *fi = report_html_str(e, "finding");
	char buf[200];
	int n;

	if (isnan(t) || !fi)
		return;
	n = snprintf(buf, sizeof(buf), "%s: %.60s", what, fi);
	if (!isnan(cpu) && n > 0 && (size_t)n < sizeof(buf))
		snprintf(buf + n, sizeof(buf) - (size_t)n, " on CPU %.0f", cpu);
	across(f, c, "viol", t, isnan(cpu) ? -1 : (int)cpu, buf);
}

static void violations(FILE *f, const struct chart *c, json_object *res)
{
	json_object *mo = report_html_get(res, "moments", json_type_object);
	json_object *fi = report_html_get(mo, "findings", json_type_array), *w;
	size_t n = report_html_len(fi, 4096), drawn = 0;
	double limit = report_html_field(res, "max_gap_limit_ns");
	char name[96], what[200];

	if ((w = report_html_get(mo, "first_violation", json_type_object)))
		moment(f, c, w, "monitor's first sustained violation"), drawn++;
	for (size_t i = 0; i < n && drawn < REPORT_HTML_MAX_MARKS; i++) {
		json_object *e = json_object_array_get_idx(fi, i);
		const char *x = report_html_str(e, "finding");

		snprintf(name, sizeof(name), "monitor.%s", x ? x : "");
		if (x && report_html_field(e, "window") == -1 && failed(res, name))
			moment(f, c, e, "worst of the failed check"), drawn++;
	}
	w = report_html_get(res, "workers", json_type_array);
	n = report_html_len(w, 65536);
	for (size_t i = 0; i < n && drawn < REPORT_HTML_MAX_MARKS && limit >= 0; i++) {
		json_object *e = json_object_array_get_idx(w, i);
		double gap = report_html_field(e, "max_gap_ms"), t = report_html_field(e, "gap_start_ms"),
		       cpu = report_html_field(e, "gap_cpu"), y;

		if (isnan(gap) || isnan(t) || !(gap * 1e6 > limit))
			continue;
		snprintf(what, sizeof(what), "max_gap: worker %.0f did not run for %.0f ms%s%.0f",
			 report_html_field(e, "id"), gap, isnan(cpu) ? "" : ", then resumed on CPU ",
			 isnan(cpu) ? 0 : cpu);
		across(f, c, "viol", t, -1, what);
		y = isnan(cpu) ? -1 : lane_y(c, (int)cpu);
		if (y >= 0)
			fprintf(f, "<rect class=\"gap\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%d\"/>",
				report_html_x(c->a, t), y,
				report_html_x(c->a, t + gap) - report_html_x(c->a, t), LANE_H - 2);
		drawn++;
	}
}

/* The first sample where sched_ext's exit kind reads an unregistration or
 * an error (64 and up; 0 and 1 are before any scheduler, and a clean exit). */
static void sched_exit(FILE *f, const struct chart *c, json_object *tl)
{
	json_object *ek = report_html_get(tl, "scx_exit_kind", json_type_array);
	size_t n = report_html_len(ek, c->a->nsamples);
	char what[64];

	for (size_t i = 0; i < n; i++) {
		double k = report_html_at(ek, i), t = report_html_at(c->a->t, i);

		if (k >= 64 && !isnan(t)) {
			snprintf(what, sizeof(what), "sched_ext exit: %s (kind %.0f)",
				 k >= 1024 ? "an error" : "unregistered", k);
			across(f, c, "exit", t, -1, what);
			return;
		}
	}
}

static void key(FILE *f, const struct chart *c)
{
	fprintf(f,
		"<p class=\"key\"><span><i class=\"sw k-busy\"></i>busy (curr not idle)</span>"
		"<span><i class=\"sw k-nr\"></i>nr_running (lane height: %d)</span>",
		c->nr_max);
	if (c->wait_max > 0)
		fprintf(f,
			"<span><i class=\"sw k-wait\"></i>longest runnable wait (lane height: %.1f ms), "
			"&#9660; its peak</span>",
			c->wait_max);
	fputs("<span><i class=\"sw k-step\"></i>step</span><span><i class=\"sw k-viol\"></i>violation</span>"
	      "<span><i class=\"sw k-exit\"></i>sched_ext exit</span></p>\n",
	      f);
}

bool report_html_cpus(FILE *f, json_object *res, struct report_html_axis *a, char *why, size_t len)
{
	json_object *mon = report_html_get(res, "monitor", json_type_object);
	json_object *tl = report_html_get(mon, "timeline", json_type_object);
	json_object *cpus = report_html_get(mon, "cpus", json_type_array);
	const char *state = report_html_str(mon, "state");
	size_t ncpus = report_html_len(cpus, TOPO_MAX_CPUS);
	struct chart *c;
	bool ok = false;

	a->t = report_html_get(tl, "t_ms", json_type_array);
	a->nsamples = report_html_len(a->t, 1u << 20);
	if (!mon || !state || strcmp(state, "attached") || !a->nsamples || !ncpus) {
		snprintf(why, len, "%s",
			 !mon ? "the monitor was off"
			 : state && strcmp(state, "attached")
				 ? (report_html_str(mon, "why") ? report_html_str(mon, "why") : state)
				 : "no samples");
		a->t = NULL, a->nsamples = 0;
		return false;
	}
	a->t0 = INFINITY, a->t1 = -INFINITY;
	for (size_t i = 0; i < a->nsamples; i++) {
		double t = report_html_at(a->t, i);

		a->t0 = t < a->t0 ? t : a->t0, a->t1 = t > a->t1 ? t : a->t1;
	}
	if (!(a->t1 >= a->t0) || !isfinite(a->t1 - a->t0)) {
		snprintf(why, len, "the samples carry no times");
		a->t = NULL, a->nsamples = 0;
		return false;
	}
	a->bins = a->nsamples < REPORT_HTML_BINS ? (unsigned)a->nsamples : REPORT_HTML_BINS;
	if (!(c = calloc(1, sizeof(*c)))) {
		snprintf(why, len, "out of memory");
		return false;
	}
	c->a = a, c->n = (unsigned)ncpus;
	for (unsigned l = 0; l < c->n; l++)
		c->lane[l].cpu = (int)l;
	place(c, res, ncpus);
	qsort(c->lane, c->n, sizeof(c->lane[0]), lane_cmp);
	if (bin(c, cpus)) {
		unsigned groups = 0;
		double h;

		for (unsigned l = 0; l < c->n; l++)
			groups += !l || c->lane[l].node != c->lane[l - 1].node ||
				  c->lane[l].llc != c->lane[l - 1].llc;
		h = TOP + c->n * LANE_H + groups * GROUP_H;

		key(f, c);
		fprintf(f, "<svg class=\"cpus\" data-cpus=\"%zu\" viewBox=\"0 0 %d %.0f\" role=\"img\">",
			ncpus, REPORT_HTML_W, h + 14);
		fprintf(f, "<title>per-CPU timeline: %zu CPUs, %zu samples in %u columns</title>", ncpus,
			a->nsamples, a->bins);
		report_html_ticks(f, a, TOP, h);
		c->bottom = TOP;
		lanes(f, c, cpus);
		step_marks(f, c, res);
		violations(f, c, res);
		sched_exit(f, c, tl);
		fputs("</svg>\n", f);
		ok = true;
	} else {
		snprintf(why, len, "out of memory");
	}
	free(c->nr), free(c->wait), free(c->busy), free(c->seen);
	free(c);
	return ok;
}
