/* Work rates per cgroup on the timeline's axis: how many CPUs ran each
 * cgroup's workers (the monitor's curr pid per sample against the workers'
 * pids; at the timeline's columns), and the work units a second each
 * cgroup's workers made in each window (the guest's snapshots at step
 * markers: one level per step). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/markup.h"
#include "host/report/report_html.h"
#include "lib/topo.h"

#define MAX_SETS    8 /* lines drawn; more cgroups are named, not drawn */
#define MAX_WORKERS 4096
#define PANEL_H	    90
#define PANEL_TOP   14

struct sets {
	const char *name[MAX_SETS];
	unsigned n;
	int pid[MAX_WORKERS], set[MAX_WORKERS];
	unsigned nw;
	bool more;
};

static int set_of(struct sets *s, const char *name)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->name[i], name))
			return (int)i;
	if (s->n == MAX_SETS) {
		s->more = true;
		return -1;
	}
	s->name[s->n] = name;
	return (int)s->n++;
}

static void sets_read(struct sets *s, json_object *res)
{
	json_object *w = report_html_get(res, "workers", json_type_array);
	size_t n = report_html_len(w, MAX_WORKERS);

	for (size_t i = 0; i < n; i++) {
		json_object *e = json_object_array_get_idx(w, i);
		const char *name = report_html_str(e, "set");
		double pid = report_html_field(e, "pid");
		int k = name ? set_of(s, name) : -1;

		if (k >= 0 && pid > 0 && pid < 1e9)
			s->pid[s->nw] = (int)pid, s->set[s->nw++] = k;
	}
}

static int set_of_pid(const struct sets *s, double pid)
{
	for (unsigned i = 0; pid > 0 && i < s->nw; i++)
		if (s->pid[i] == (int)pid)
			return s->set[i];
	return -1;
}

static void legend(FILE *f, const struct sets *s)
{
	fputs("<p class=\"key\">", f);
	for (unsigned i = 0; i < s->n; i++) {
		fprintf(f, "<span><i class=\"sw c%u\"></i>", i);
		markup_esc(f, s->name[i]);
		fputs("</span>", f);
	}
	if (s->more)
		fputs("<span>(more cgroups than drawn)</span>", f);
	fputs("</p>\n", f);
}

static void frame(FILE *f, const struct report_html_axis *a, const char *title, double ymax, const char *unit)
{
	fprintf(f, "<svg class=\"rates\" viewBox=\"0 0 %d %d\" role=\"img\"><title>", REPORT_HTML_W,
		PANEL_TOP + PANEL_H + 14);
	markup_esc(f, title);
	fputs("</title>", f);
	report_html_ticks(f, a, PANEL_TOP, PANEL_TOP + PANEL_H);
	fprintf(f, "<text x=\"2\" y=\"10\">");
	markup_esc(f, title);
	fprintf(f, "</text><text x=\"2\" y=\"%d\">%.4g %s</text><text x=\"2\" y=\"%d\">0</text>",
		PANEL_TOP + 10, ymax, unit, PANEL_TOP + PANEL_H);
	fprintf(f, "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>", REPORT_HTML_LABEL,
		PANEL_TOP + PANEL_H, REPORT_HTML_W - 10, PANEL_TOP + PANEL_H);
}

static double y_of(double v, double ymax)
{
	return PANEL_TOP + PANEL_H - (ymax > 0 ? PANEL_H * (v > ymax ? 1 : v / ymax) : 0);
}

/* CPUs running each set's workers, averaged over the samples of a column. */
static void occupancy(FILE *f, const struct sets *s, json_object *res, const struct report_html_axis *a)
{
	json_object *cpus = report_html_get(report_html_get(res, "monitor", json_type_object), "cpus",
					    json_type_array);
	size_t ncpus = report_html_len(cpus, TOPO_MAX_CPUS);
	double *sum = calloc((size_t)a->bins * MAX_SETS, sizeof(*sum));
	unsigned *cnt = calloc(a->bins, sizeof(*cnt));

	if (!sum || !cnt || !ncpus || !s->nw)
		goto out;
	for (size_t i = 0; i < a->nsamples; i++) {
		int b = report_html_bin(a, i);

		if (b < 0)
			continue;
		cnt[b]++;
		for (size_t c = 0; c < ncpus; c++) {
			json_object *pids = report_html_get(json_object_array_get_idx(cpus, c), "curr_pid",
							    json_type_array);
			int k = set_of_pid(s, report_html_at(pids, i));

			if (k >= 0)
				sum[(size_t)b * MAX_SETS + (size_t)k] += 1;
		}
	}
	frame(f, a, "CPUs running each cgroup's workers (monitor samples)", (double)ncpus, "CPUs");
	for (unsigned k = 0; k < s->n; k++) {
		bool first = true;

		fprintf(f, "<path class=\"line c%u\" d=\"", k);
		for (unsigned b = 0; b < a->bins; b++) {
			if (!cnt[b])
				continue;
			fprintf(f, "%s%.1f %.1f", first ? "M" : "L",
				report_html_x(a, a->t0 + (a->t1 - a->t0) * (b + 0.5) / a->bins),
				y_of(sum[(size_t)b * MAX_SETS + k] / cnt[b], (double)ncpus));
			first = false;
		}
		fputs("\"/>", f);
	}
	fputs("</svg>\n", f);
out:
	free(sum), free(cnt);
}

/* Work units a second of set name in window e, with its span; NaN if unknown. */
static double rate(json_object *e, const char *name, double *t0, double *t1)
{
	json_object *st = report_html_get(report_html_get(e, "sets", json_type_object), name,
					  json_type_object);
	double u = report_html_field(st, "work_units");

	*t0 = report_html_field(e, "t0_ms"), *t1 = report_html_field(e, "t1_ms");
	return isnan(*t0) || isnan(*t1) || !(*t1 > *t0) ? NAN : u / ((*t1 - *t0) / 1000);
}

/* Work units a second per window: one level per set and window. */
static void per_window(FILE *f, const struct sets *s, json_object *res, const struct report_html_axis *a)
{
	json_object *w = report_html_get(res, "windows", json_type_array);
	size_t n = report_html_len(w, 4096);
	double ymax = 0, t0, t1, r;

	for (unsigned k = 0; k < s->n; k++)
		for (size_t i = 0; i < n; i++)
			if ((r = rate(json_object_array_get_idx(w, i), s->name[k], &t0, &t1)) > ymax)
				ymax = r;
	frame(f, a, "work units a second per cgroup, per step (guest snapshots)", ymax, "/s");
	for (unsigned k = 0; k < s->n; k++) {
		bool first = true;

		fprintf(f, "<path class=\"line c%u\" d=\"", k);
		for (size_t i = 0; i < n; i++) {
			if (isnan(r = rate(json_object_array_get_idx(w, i), s->name[k], &t0, &t1)))
				continue;
			fprintf(f, "%s%.1f %.1fH%.1f", first ? "M" : "L", report_html_x(a, t0), y_of(r, ymax),
				report_html_x(a, t1));
			first = false;
		}
		fputs("\"/>", f);
	}
	fputs("</svg>\n", f);
}

void report_html_rates(FILE *f, json_object *res, const struct report_html_axis *a0)
{
	struct sets *s = calloc(1, sizeof(*s));
	struct report_html_axis a = *a0;
	json_object *w = report_html_get(res, "windows", json_type_array);
	size_t n = report_html_len(w, 4096);

	if (!s)
		return;
	sets_read(s, res);
	if (!s->n || !n)
		goto out;
	if (!a.nsamples) { /* no samples: the windows give the axis */
		a.t0 = 0, a.t1 = 0, a.bins = 1;
		for (size_t i = 0; i < n; i++) {
			double t1 = report_html_field(json_object_array_get_idx(w, i), "t1_ms");

			a.t1 = t1 > a.t1 && t1 < 1e12 ? t1 : a.t1;
		}
	}
	legend(f, s);
	if (a.nsamples)
		occupancy(f, s, res, &a);
	per_window(f, s, res, &a);
out:
	free(s);
}
