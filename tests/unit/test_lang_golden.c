/* Golden tests of the language: the files tests/golden/NAME.test hold cases
 *
 *   %%TEST name
 *   %%DEFINE name=value        (optional, repeatable)
 *   source lines
 *   %%DISASM                   or %%FAIL
 *   the expected disassembly   or the exact error text
 *   %%END
 *
 * Every case that parses must also format idempotently, and its formatted
 * text must compile to the same bytes. KTS_GOLDEN_UPDATE=1 rewrites the
 * expected parts from what the compiler does now (review the diff!). */
#include <glob.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/fmt.h"
#include "grammar/kts.h"
#include "interp/disasm.h"
#include "host/gauntlet/preset.h"
#include "tests/unit/tu.h"

struct gcase {
	char name[96];
	struct sbuf src, want, defs_text;
	struct kts_define defs[8];
	int ndefs, fail;
	int line;
};

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;

	if (!f)
		return NULL;
	FILE *m = open_memstream(&buf, &len);
	int ch;

	while ((ch = fgetc(f)) != EOF)
		fputc(ch, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* Compile; the output is the disassembly or the error text. */
static int run_case(const struct gcase *g, const char *src, size_t len, char **out, uint8_t **bc,
		    size_t *bclen)
{
	size_t olen;
	FILE *m = open_memstream(out, &olen);
	struct kts_opts o = { .defs = g->defs, .ndefs = g->ndefs, .diag = m, .topo_name = preset_check };
	char path[160];
	int n;

	if (strchr(g->name, '/'))
		snprintf(path, sizeof(path), "%s", g->name);
	else
		snprintf(path, sizeof(path), "tests/golden/%s.kts", g->name);
	n = kts_compile_mem(path, src, len, &o, bc, bclen);
	if (!n) {
		struct bc_prog p;
		char err[256];

		if (bc_load(&p, *bc, *bclen, err, sizeof(err)))
			fprintf(m, "verifier: %s\n", err);
		else
			disasm_print(&p, m);
		bc_prog_free(&p);
	}
	fclose(m);
	return n;
}

/* fmt(x) is a fixed point and compiles to x's bytes. */
static void check_fmt(const struct gcase *g, const uint8_t *bc, size_t bclen)
{
	struct src_set s = { 0 };
	struct sbuf f1 = { 0 }, f2 = { 0 };
	char *out = NULL;
	uint8_t *bc2 = NULL;
	size_t bc2len;

	if (fmt_file(&s, src_add(&s, "t.kts", g->src.s, g->src.len), &f1) ||
	    fmt_file(&s, src_add(&s, "t2.kts", f1.s, f1.len), &f2))
		goto out;
	if (strcmp(f1.s, f2.s))
		tu_fail(__FILE__, __LINE__, "golden %s: fmt is not idempotent:\n%s\n---\n%s", g->name, f1.s,
			f2.s);
	if (bc) {
		run_case(g, f1.s, f1.len, &out, &bc2, &bc2len);
		if (!bc2 || bc2len != bclen || memcmp(bc, bc2, bclen))
			tu_fail(__FILE__, __LINE__, "golden %s: formatted source compiles differently:\n%s",
				g->name, f1.s);
	}
out:
	free(out);
	free(bc2);
	sb_free(&f1);
	sb_free(&f2);
	src_free(&s);
}

static void add_define(struct gcase *g, char *line)
{
	char *eq = strchr(line, '=');

	if (!eq || g->ndefs == 8)
		return;
	*eq = 0;
	g->defs[g->ndefs].name = line;
	g->defs[g->ndefs++].value = eq + 1;
}

/* Check one case; append the case, with what it does now, to upd. */
static int check_case(struct gcase *g, struct sbuf *upd)
{
	char *out = NULL;
	uint8_t *bc = NULL;
	size_t bclen = 0;
	int n = run_case(g, g->src.s ? g->src.s : "", g->src.len, &out, &bc, &bclen);
	int ok = 1;

	if (!!n != g->fail || strcmp(out, g->want.s ? g->want.s : "")) {
		tu_fail(__FILE__, __LINE__, "golden %s (line %d): %s; got:\n%s", g->name, g->line,
			!!n != g->fail ? (n ? "fails" : "compiles") : "output differs", out);
		ok = 0;
	}
	check_fmt(g, n ? NULL : bc, bclen);
	sb_printf(upd, "%%%%TEST %s\n%s%s%s%s%%%%END\n", g->name, g->defs_text.s ? g->defs_text.s : "",
		  g->src.s ? g->src.s : "", n ? "%%FAIL\n" : "%%DISASM\n", out);
	free(out);
	free(bc);
	return ok;
}

static int run_file(const char *path, int *ncases)
{
	char *text = slurp(path), *line, *next;
	struct gcase g;
	struct sbuf upd = { 0 };
	int state = 0, lineno = 0, ok = 1;

	if (!text) {
		tu_fail(__FILE__, __LINE__, "cannot read %s", path);
		return 0;
	}
	for (line = text; *line; line = next) {
		next = strchr(line, '\n');
		next = next ? (*next = 0, next + 1) : line + strlen(line);
		lineno++;
		if (!strncmp(line, "%%TEST ", 7)) {
			memset(&g, 0, sizeof(g));
			snprintf(g.name, sizeof(g.name), "%s", line + 7);
			g.line = lineno;
			state = 1;
		} else if (state == 1 && !strncmp(line, "%%DEFINE ", 9)) {
			sb_printf(&g.defs_text, "%s\n", line);
			add_define(&g, line + 9);
		} else if (state == 1 && (!strcmp(line, "%%DISASM") || !strcmp(line, "%%FAIL"))) {
			g.fail = line[2] == 'F';
			state = 2;
		} else if (state && !strcmp(line, "%%END")) {
			ok &= check_case(&g, &upd);
			(*ncases)++;
			sb_free(&g.src);
			sb_free(&g.want);
			sb_free(&g.defs_text);
			state = 0;
		} else if (state) {
			sb_printf(state == 1 ? &g.src : &g.want, "%s\n", line);
		} else {
			sb_printf(&upd, "%s\n", line);
		}
	}
	if (getenv("KTS_GOLDEN_UPDATE")) {
		FILE *f = fopen(path, "w");

		if (f) {
			fputs(upd.s ? upd.s : "", f);
			fclose(f);
		}
	}
	sb_free(&upd);
	free(text);
	return ok;
}

TU_TEST(lang_golden)
{
	glob_t gl;
	int ncases = 0;

	if (glob("tests/golden/*.test", 0, NULL, &gl)) {
		tu_fail(__FILE__, __LINE__, "no tests/golden/*.test (run from the repository root)");
		return;
	}
	for (size_t i = 0; i < gl.gl_pathc; i++)
		run_file(gl.gl_pathv[i], &ncases);
	globfree(&gl);
	TU_CHECK(ncases >= 80);
}

/* Every stdlib scenario compiles, and formats to a fixed point that
 * compiles to the same bytes. */
TU_TEST(lang_stdlib_fmt)
{
	glob_t gl;

	if (glob("stdlib-scenarios/*.kts", 0, NULL, &gl)) {
		tu_fail(__FILE__, __LINE__, "no stdlib-scenarios/*.kts");
		return;
	}
	for (size_t i = 0; i < gl.gl_pathc; i++) {
		struct gcase g = { 0 };
		char *text = slurp(gl.gl_pathv[i]), *out = NULL;
		uint8_t *bc = NULL;
		size_t bclen = 0;

		snprintf(g.name, sizeof(g.name), "%s", gl.gl_pathv[i]);
		sb_puts(&g.src, text ? text : "");
		if (run_case(&g, g.src.s, g.src.len, &out, &bc, &bclen))
			tu_fail(__FILE__, __LINE__, "%s does not compile:\n%s", g.name, out);
		else
			check_fmt(&g, bc, bclen);
		free(out);
		free(bc);
		free(text);
		sb_free(&g.src);
	}
	globfree(&gl);
}
