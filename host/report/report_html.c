/* The HTML report: head with its policy and stylesheet, the verdict
 * matrices (report_matrix.c), then a section per run (report_html_run.c). */
#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "host/report/markup.h"
#include "host/report/report_html.h"
#include "host/report/report_matrix.h"
#include "host/util/log.h"

/* The only stylesheet; its SHA-256 goes in the policy, so no other style
 * (and no script, image, font or connection at all) is allowed. */
static const char css[] =
	"body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222}"
	"h1{font-size:1.5em}h2{font-size:1.25em;margin-top:1.5em}h3{font-size:1.1em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:left;vertical-align:top}"
	"td.num{text-align:right;font-variant-numeric:tabular-nums}"
	"table.matrix td{text-align:center}table.matrix a{color:inherit;text-decoration:none;display:block}"
	".v-pass{background:#c8e6c9;color:#1b5e20}.v-fail{background:#ffcdd2;color:#b71c1c;font-weight:bold}"
	".v-error{background:#f8bbd0;color:#880e4f;font-weight:bold}.v-inconc{background:#fff3c4;color:#"
	"7a5c00}"
	".v-skip{background:#eee;color:#666}td.none{color:#bbb}"
	".badge{padding:1px 6px;border-radius:3px}"
	"section.run{border-top:2px solid #ddd;margin-top:2em}"
	".meta{color:#555}pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:12px}"
	"svg{width:100%;max-width:1200px;height:auto;display:block}"
	"svg text{font:10px sans-serif;fill:#333}svg .grp{font-weight:bold}"
	".busy{fill:#cfe3f7}.unk{fill:#e6e6e6}.nr{fill:#1f5f9e}.wait{fill:none;stroke:#e65100;stroke-width:1}"
	".peak{fill:#e65100}.ticks line{stroke:#eee}.ticks text{fill:#888}"
	".step{stroke:#444;stroke-dasharray:4 3}.viol{stroke:#d50000;stroke-width:1.5}.violdot{fill:#d50000}"
	".gap{fill:#d50000;opacity:.35}.exit{stroke:#8e24aa;stroke-width:1.5}"
	".axis{stroke:#999}.line{fill:none;stroke-width:1.5}"
	".c0{stroke:#1f77b4;background:#1f77b4}.c1{stroke:#ff7f0e;background:#ff7f0e}"
	".c2{stroke:#2ca02c;background:#2ca02c}.c3{stroke:#9467bd;background:#9467bd}"
	".c4{stroke:#8c564b;background:#8c564b}.c5{stroke:#e377c2;background:#e377c2}"
	".c6{stroke:#7f7f7f;background:#7f7f7f}.c7{stroke:#17becf;background:#17becf}"
	".sw{display:inline-block;width:1em;height:.6em;margin:0 .3em 0 1em}"
	".key span{margin-right:1em}.key .k-busy{background:#cfe3f7}.key .k-nr{background:#1f5f9e}"
	".key .k-wait{background:#e65100}.key .k-step{background:#444}.key .k-viol{background:#d50000}"
	".key .k-exit{background:#8e24aa}";

/* 'sha256-BASE64' of the stylesheet into out (at least 56 bytes). */
static int css_hash(char *out, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned mdlen = 0;

	if (len < 52 || !EVP_Digest(css, strlen(css), md, &mdlen, EVP_sha256(), NULL) || mdlen != 32)
		return -1;
	memcpy(out, "sha256-", 7);
	EVP_EncodeBlock((unsigned char *)out + 7, md, 32); /* 44 characters and a NUL */
	return 0;
}

static void head(FILE *f, const struct report_set *s, const char *hash)
{
	fprintf(f,
		"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"/>\n"
		"<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src '%s'; "
		"base-uri 'none'; form-action 'none'\"/>\n"
		"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
		"<title>ktsrun report: %u run%s</title>\n<style>%s</style></head>\n<body>\n"
		"<h1>ktsrun report</h1>\n<p class=\"meta\">",
		hash, s->n, s->n == 1 ? "" : "s", css);
	for (unsigned k = 0, last = ~0u; k < s->n; k++)
		if (k == 0 || strcmp(s->res[k].file, s->res[last].file)) {
			fputs(k ? ", " : "from ", f);
			markup_esc(f, s->res[k].file);
			last = k;
		}
	fputs("</p>\n", f);
}

static unsigned run_index(const struct report_set *s, const struct report_result *r)
{
	return (unsigned)(r - s->res);
}

static void cell(FILE *f, const struct report_set *s, const struct report_cell *x)
{
	const char *v = x->worst == V_INCONCLUSIVE ? "INCONC" : verdict_name(x->worst);

	fprintf(f, "<td class=\"cell v-%s\"><a href=\"#r%u\" title=\"", report_html_vclass(x->worst),
		run_index(s, x->r));
	markup_esc(f, x->r->variant);
	if (x->r->reason && x->r->reason[0]) {
		fputs(": ", f);
		markup_esc(f, x->r->reason);
	}
	fprintf(f, "\">%s", v);
	if (x->worst_runs < x->runs)
		fprintf(f, " %u/%u", x->worst_runs, x->runs);
	fputs("</a></td>", f);
}

static int matrix(FILE *f, const struct report_set *s, const struct report_cell *c, unsigned n,
		  const char *group)
{
	struct report_names rows = { 0 }, cols = { 0 };
	unsigned count[V_FAIL + 1] = { 0 }, variants = 0;
	int rc = 0;

	for (unsigned i = 0; i < n && !rc; i++)
		if (!strcmp(c[i].group, group)) {
			rc = report_matrix_name(&rows, c[i].row) || report_matrix_name(&cols, c[i].col);
			count[c[i].worst]++, variants++;
		}
	if (rc)
		goto out;
	fputs("<h2>", f);
	markup_esc(f, group);
	fprintf(f, "</h2>\n<p>%u variant%s: %u pass, %u fail, %u error, %u inconclusive, %u skip</p>\n",
		variants, variants == 1 ? "" : "s", count[V_PASS], count[V_FAIL], count[V_ERROR],
		count[V_INCONCLUSIVE], count[V_SKIP]);
	fputs("<table class=\"matrix\"><tr><th>scenario</th>", f);
	for (unsigned j = 0; j < cols.n; j++) {
		fputs("<th>", f);
		markup_esc(f, cols.v[j]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (unsigned i = 0; i < rows.n; i++) {
		fputs("<tr><th>", f);
		markup_esc(f, rows.v[i]);
		fputs("</th>", f);
		for (unsigned j = 0; j < cols.n; j++) {
			const struct report_cell *x = report_matrix_find(c, n, group, rows.v[i], cols.v[j]);

			if (x)
				cell(f, s, x);
			else
				fputs("<td class=\"none\">-</td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
out:
	free(rows.v), free(cols.v);
	return rc;
}

/* Links to every run that did not pass or skip. */
static void failures(FILE *f, const struct report_set *s)
{
	bool any = false;

	for (unsigned i = 0; i < s->n; i++) {
		const struct report_result *r = &s->res[i];

		if (r->verdict == V_PASS || r->verdict == V_SKIP)
			continue;
		fprintf(f, "%s<li><span class=\"badge v-%s\">%s</span> <a href=\"#r%u\">",
			any ? "" : "<h2>Not passed</h2>\n<ul>\n", report_html_vclass(r->verdict),
			verdict_name(r->verdict), i);
		markup_esc(f, r->variant);
		fputs("</a>", f);
		if (r->reason && r->reason[0]) {
			fputs(": ", f);
			markup_esc(f, r->reason);
		}
		fputs("</li>\n", f);
		any = true;
	}
	fputs(any ? "</ul>\n" : "<p>Every variant passed or was skipped.</p>\n", f);
}

int report_html_write(FILE *f, const struct report_set *s)
{
	struct report_names groups = { 0 };
	char hash[64];
	unsigned n;
	struct report_cell *c;
	int rc = 0;

	if (css_hash(hash, sizeof(hash))) {
		log_err("report --html: SHA-256 of the stylesheet failed (libcrypto)");
		return -1;
	}
	if (!(c = report_matrix_cells(s, &n))) {
		log_err("out of memory");
		return -1;
	}
	for (unsigned i = 0; i < n && !rc; i++)
		rc = report_matrix_name(&groups, c[i].group);
	head(f, s, hash);
	for (unsigned g = 0; g < groups.n && !rc; g++)
		rc = matrix(f, s, c, n, groups.v[g]);
	if (!rc) {
		failures(f, s);
		for (unsigned i = 0; i < s->n; i++)
			report_html_run(f, &s->res[i], i);
		fputs("</body></html>\n", f);
	}
	if (rc)
		log_err("out of memory");
	free(groups.v);
	free(c);
	return rc;
}
