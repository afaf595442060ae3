/* The time axis a run's charts share: ms from the start marker mapped to
 * the plot's x, samples binned into columns, seconds ticked. */
#include <math.h>

#include "host/report/report_html.h"

double report_html_x(const struct report_html_axis *a, double t_ms)
{
	double w = REPORT_HTML_W - REPORT_HTML_LABEL - 10, span = a->t1 > a->t0 ? a->t1 - a->t0 : 1;
	double x = (t_ms - a->t0) / span;

	x = !(x >= 0) ? 0 : x > 1 ? 1 : x; /* NaN too: the file's times are not trusted */
	return REPORT_HTML_LABEL + x * w;
}

int report_html_bin(const struct report_html_axis *a, size_t i)
{
	double t = report_html_at(a->t, i), span = a->t1 > a->t0 ? a->t1 - a->t0 : 1;
	int b;

	if (isnan(t))
		return -1;
	t = (t - a->t0) / span * a->bins;
	b = !(t >= 0) ? 0 : t >= a->bins ? (int)a->bins - 1 : (int)t;
	return b;
}

/* Seconds at a step of 1, 2 or 5 times a power of ten: about 10 ticks. */
void report_html_ticks(FILE *f, const struct report_html_axis *a, double top, double bottom)
{
	static const double mant[] = { 1, 2, 5 };
	double span = (a->t1 - a->t0) / 1000, step = 0;

	if (!(span > 0) || span > 1e7)
		return;
	for (double p = 1e-3; !step; p *= 10)
		for (unsigned k = 0; k < 3 && !step; k++)
			if (span / (mant[k] * p) <= 12)
				step = mant[k] * p;
	fprintf(f, "<g class=\"ticks\">");
	for (double s = ceil(a->t0 / 1000 / step) * step; s <= a->t1 / 1000 + 1e-9; s += step) {
		double x = report_html_x(a, s * 1000);

		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x, top, x, bottom);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\">%g s</text>", x, bottom + 11, fabs(s) < 1e-9 ? 0 : s);
	}
	fprintf(f, "</g>");
}
