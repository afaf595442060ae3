/* The manual's examples are tests: every ```kts block of doc/language.md
 * compiles (as a file in stdlib-scenarios/, for its includes), every
 * ```kts-error block fails with exactly the text of the block after it;
 * and doc/bytecode.md documents every opcode. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grammar/kts.h"
#include "interp/bc.h"
#include "tests/unit/tu.h"

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	FILE *m;
	int ch;

	if (!f)
		return NULL;
	m = open_memstream(&buf, &len);
	while ((ch = fgetc(f)) != EOF)
		fputc(ch, m);
	fclose(m);
	fclose(f);
	return buf;
}

/* The fenced block opening at *p (after its ``` line); advances *p. */
static char *block(char **p)
{
	char *end = strstr(*p, "\n```\n");
	char *b;

	if (!end)
		return NULL;
	b = strndup(*p, (size_t)(end - *p) + 1);
	*p = end + 5;
	return b;
}

static char *compile(const char *src, int *nerr)
{
	char *out = NULL;
	size_t olen;
	FILE *m = open_memstream(&out, &olen);
	struct kts_opts o = { .diag = m };
	uint8_t *bc;
	size_t len;

	if (chdir("stdlib-scenarios"))
		tu_fail(__FILE__, __LINE__, "no stdlib-scenarios/");
	*nerr = kts_compile_mem("example.kts", src, strlen(src), &o, &bc, &len);
	if (chdir(".."))
		abort();
	fclose(m);
	free(bc);
	return out;
}

TU_TEST(lang_doc_examples)
{
	char *doc = slurp("doc/language.md"), *p = doc;
	int good = 0, bad = 0;

	if (!doc) {
		tu_fail(__FILE__, __LINE__, "cannot read doc/language.md");
		return;
	}
	while ((p = strstr(p, "\n```kts"))) {
		int is_err = !strncmp(p, "\n```kts-error\n", 14), nerr;
		char *src, *want = NULL, *out;

		p = strchr(p + 1, '\n') + 1;
		src = block(&p);
		if (is_err && !strncmp(p, "```\n", 4)) {
			p += 4;
			want = block(&p);
		}
		out = src ? compile(src, &nerr) : NULL;
		if (!src || (is_err && !want)) {
			tu_fail(__FILE__, __LINE__, "unterminated example in doc/language.md");
		} else if (!is_err && nerr) {
			tu_fail(__FILE__, __LINE__, "doc example does not compile:\n%s%s", src, out);
		} else if (is_err && (!nerr || strcmp(out, want))) {
			tu_fail(__FILE__, __LINE__, "doc error example:\n%sgives:\n%sdoc says:\n%s", src, out,
				want);
		}
		good += !is_err;
		bad += is_err;
		free(src);
		free(want);
		free(out);
	}
	TU_CHECK(good >= 10);
	TU_CHECK(bad >= 5);
	free(doc);
}

TU_TEST(lang_doc_bytecode_ops)
{
	char *doc = slurp("doc/bytecode.md");
	char name[40];

	if (!doc) {
		tu_fail(__FILE__, __LINE__, "cannot read doc/bytecode.md");
		return;
	}
	for (int op = 0; op < OP_COUNT; op++) {
		snprintf(name, sizeof(name), "`%s`", bc_ops[op].name);
		if (!strstr(doc, name))
			tu_fail(__FILE__, __LINE__, "doc/bytecode.md does not document %s", name);
	}
	free(doc);
}
