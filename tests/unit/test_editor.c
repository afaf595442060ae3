/* The editor files (editor/) against the language: their word lists are the
 * lexer's keyword table and the name tables, and the Vim syntax and the
 * TextMate grammar (run through Oniguruma, the engine TextMate and VS Code
 * use) find keywords, numbers and strings exactly where the lexer does, on
 * every standard scenario. */
#include <json-c/json.h>
#include <oniguruma.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grammar/lex.h"
#include "grammar/kts_parse.h"
#include "grammar/kts_lex.h"
#include "interp/bc_tables.h"
#include "tests/unit/tu.h"

#define VIM_SYNTAX "editor/vim/syntax/kts.vim"
#define TM_GRAMMAR "editor/vscode/syntaxes/kts.tmLanguage.json"
#define MAX_WORDS  256

struct words {
	char *w[MAX_WORDS];
	int n;
};

static void words_add(struct words *s, const char *w, size_t len)
{
	if (s->n < MAX_WORDS)
		s->w[s->n++] = strndup(w, len);
}

static void words_free(struct words *s)
{
	for (int i = 0; i < s->n; i++)
		free(s->w[i]);
	s->n = 0;
}

static int words_has(const struct words *s, const char *w)
{
	for (int i = 0; i < s->n; i++)
		if (!strcmp(s->w[i], w))
			return 1;
	return 0;
}

/* Both ways, naming every word that is missing or extra. */
static void words_same(const char *what, const struct words *got, const struct words *want)
{
	for (int i = 0; i < want->n; i++)
		if (!words_has(got, want->w[i]))
			tu_fail(__FILE__, __LINE__, "%s lacks '%s'", what, want->w[i]);
	for (int i = 0; i < got->n; i++)
		if (!words_has(want, got->w[i]))
			tu_fail(__FILE__, __LINE__, "%s has '%s', which the language does not", what,
				got->w[i]);
	if (!want->n)
		tu_fail(__FILE__, __LINE__, "%s: the table is empty", what);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;

	if (!f || getdelim(&buf, &len, '\0', f) < 0) {
		tu_fail(__FILE__, __LINE__, "cannot read %s", path);
		free(buf);
		buf = NULL;
	}
	if (f)
		fclose(f);
	return buf;
}

/* The language's lists, from the tables the compiler uses. */
static void table_words(const char *which, struct words *s)
{
	if (!strcmp(which, "keyword")) {
		for (int i = 0; i < lex_nkeywords; i++)
			words_add(s, lex_keywords[i], strlen(lex_keywords[i]));
	} else if (!strcmp(which, "work")) {
#define X(n, p, g, u) words_add(s, #n, strlen(#n));
		BC_WORKS(X)
#undef X
	} else if (!strcmp(which, "fact")) {
#define X(n, u) words_add(s, #n, strlen(#n));
		BC_TOPOS(X)
#undef X
	} else if (!strcmp(which, "metric")) {
#define X(n, u, a) words_add(s, #n, strlen(#n));
		BC_METRICS(X)
#undef X
#define X(n, u) words_add(s, #n, strlen(#n));
		BC_MONS(X)
#undef X
	}
}

/* lex_keywords (for suggestions and these files) is a second list beside
 * the lexer's table: every word of it is a keyword, and every keyword
 * token's spelling is in it. */
TU_TEST(editor_keyword_list_is_the_lexers)
{
	struct words all = { 0 };
	int nkw = 0;

	table_words("keyword", &all);
	for (int i = 0; i < all.n; i++) {
		int tok = lex_keyword(all.w[i]);

		if (!tok || !lex_token_text(tok) || strcmp(lex_token_text(tok), all.w[i]))
			tu_fail(__FILE__, __LINE__, "lex_keywords has '%s', which the lexer does not know",
				all.w[i]);
		if (i && strcmp(all.w[i - 1], all.w[i]) >= 0)
			tu_fail(__FILE__, __LINE__, "lex_keywords is not sorted at '%s'", all.w[i]);
	}
	/* bison numbers named tokens from 258; the keywords are among them */
	for (int tok = 258; tok < 258 + 512; tok++) {
		const char *t = lex_token_text(tok);

		if (!t || !((t[0] >= 'a' && t[0] <= 'z') || t[0] == '_'))
			continue;
		nkw++;
		if (!words_has(&all, t))
			tu_fail(__FILE__, __LINE__, "the lexer knows '%s' but lex_keywords lacks it", t);
	}
	TU_EQ_INT(nkw, all.n);
	words_free(&all);
}

/* The words of `syn keyword GROUP ...` lines and of `\%(a\|b\)` in
 * `syn match GROUP` lines. */
static void vim_words(const char *text, const char *group, struct words *s)
{
	char kw[64], mt[64];
	const char *l = text;

	snprintf(kw, sizeof(kw), "syn keyword %s ", group);
	snprintf(mt, sizeof(mt), "syn match %s ", group);
	for (; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *e = strchrnul(l, '\n'), *p;

		if (!strncmp(l, kw, strlen(kw))) {
			for (p = l + strlen(kw); p < e;) {
				size_t n = strcspn(p, " \n");

				if (n)
					words_add(s, p, n);
				p += n + 1;
			}
		} else if (!strncmp(l, mt, strlen(mt)) && (p = strstr(l, "\\%(")) && p < e) {
			const char *end = strstr(p, "\\)");

			for (p += 3; end && p < end;) {
				const char *bar = strstr(p, "\\|");
				size_t n = (size_t)((bar && bar < end ? bar : end) - p);

				words_add(s, p, n);
				p += n + 2;
			}
		}
	}
}

TU_TEST(editor_vim_words_are_the_tables)
{
	static const char *const groups[][2] = {
		{ "ktsKeyword", "keyword" },
		{ "ktsWork", "work" },
		{ "ktsFact", "fact" },
		{ "ktsMetric", "metric" },
	};
	char *text = slurp(VIM_SYNTAX);

	for (size_t i = 0; text && i < sizeof(groups) / sizeof(groups[0]); i++) {
		struct words got = { 0 }, want = { 0 };
		char what[96];

		vim_words(text, groups[i][0], &got);
		table_words(groups[i][1], &want);
		snprintf(what, sizeof(what), VIM_SYNTAX " %s", groups[i][0]);
		words_same(what, &got, &want);
		words_free(&got);
		words_free(&want);
	}
	free(text);
}

/* The alternatives of the one group with '|' in a TextMate regex. */
static void tm_alternatives(const char *re, struct words *s)
{
	const char *bar = strchr(re, '|'), *open, *p;
	char buf[64];

	if (!bar)
		return;
	for (open = bar; open > re && *open != '('; open--)
		;
	p = open + (open[1] == '?' && open[2] == ':' ? 3 : 1);
	while (*p && *p != ')') {
		size_t n = 0;

		for (; *p && *p != '|' && *p != ')' && n < sizeof(buf) - 1; p++)
			if (*p != '\\') /* cpu\.max */
				buf[n++] = *p;
		words_add(s, buf, n);
		if (*p == '|')
			p++;
	}
}

static json_object *tm_load(void)
{
	json_object *g = json_object_from_file(TM_GRAMMAR);

	if (!g)
		tu_fail(__FILE__, __LINE__, "%s: %s", TM_GRAMMAR, json_util_get_last_err());
	return g;
}

static const char *tm_str(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static json_object *tm_rule(json_object *g, const char *name)
{
	json_object *repo, *r = NULL;

	if (!json_object_object_get_ex(g, "repository", &repo) || !json_object_object_get_ex(repo, name, &r))
		tu_fail(__FILE__, __LINE__, "%s has no repository rule '%s'", TM_GRAMMAR, name);
	return r;
}

TU_TEST(editor_textmate_words_are_the_tables)
{
	static const char *const rules[] = { "keyword", "work", "fact", "metric" };
	json_object *g = tm_load();

	if (!g)
		return;
	TU_EQ_STR(tm_str(g, "scopeName"), "source.kts");
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++) {
		json_object *r = tm_rule(g, rules[i]);
		struct words got = { 0 }, want = { 0 };
		char what[96];

		if (!r)
			continue;
		tm_alternatives(tm_str(r, "match") ? tm_str(r, "match") : "", &got);
		table_words(rules[i], &want);
		snprintf(what, sizeof(what), TM_GRAMMAR " rule %s", rules[i]);
		words_same(what, &got, &want);
		words_free(&got);
		words_free(&want);
	}
	json_object_put(g);
}

/* A token the lexer or an editor sees: where it starts and what it is
 * ('k' keyword, 'n' number, 's' string). */
struct spot {
	int line, col;
	char kind;
};

struct spots {
	struct spot *v;
	int n, cap;
};

static void spots_add(struct spots *s, int line, int col, char kind)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 256;
		s->v = realloc(s->v, (size_t)s->cap * sizeof(*s->v));
		if (!s->v)
			abort();
	}
	s->v[s->n++] = (struct spot){ line, col, kind };
}

static void lex_spots(const char *path, struct spots *out)
{
	struct src_set src = { .out = stderr };
	int id = src_load(&src, path);
	struct lex_ctx lx = { .src = &src, .file = id, .line = 1, .col = 1 };
	yyscan_t scanner;
	YY_BUFFER_STATE buf;
	KTS_YYSTYPE val;
	struct loc loc;
	int tok;

	if (id < 0) {
		tu_fail(__FILE__, __LINE__, "cannot read %s", path);
		return;
	}
	if (kts_yylex_init_extra(&lx, &scanner))
		abort();
	buf = kts_yy_scan_bytes(src.f[id].text, (int)src.f[id].len, scanner);
	while ((tok = kts_yylex(&val, &loc, scanner)) > 0) {
		const char *t = lex_token_text(tok);

		if (tok == NUMBER || tok == STRING || tok == IDENT)
			ast_free(val.node);
		if (tok == NUMBER || tok == STRING)
			spots_add(out, loc.line, loc.col, tok == NUMBER ? 'n' : 's');
		else if (t && t[0] >= 'a' && t[0] <= 'z')
			spots_add(out, loc.line, loc.col, 'k');
	}
	kts_yy_delete_buffer(buf, scanner);
	kts_yylex_destroy(scanner);
	lex_comments_free(&lx);
	src_free(&src);
}

static void spots_same(const char *file, const char *editor, const struct spots *got,
		       const struct spots *want)
{
	int bad = 0;

	for (int i = 0; i < want->n || i < got->n; i++) {
		const struct spot *w = i < want->n ? &want->v[i] : NULL, *g = i < got->n ? &got->v[i] : NULL;

		if (w && g && w->line == g->line && w->col == g->col && w->kind == g->kind)
			continue;
		tu_fail(__FILE__, __LINE__, "%s: %s sees %c at %d:%d where the lexer sees %c at %d:%d", file,
			editor, g ? g->kind : '-', g ? g->line : 0, g ? g->col : 0, w ? w->kind : '-',
			w ? w->line : 0, w ? w->col : 0);
		if (++bad == 1) /* the rest follows from the first */
			break;
	}
}

/* The examples of doc/language.md (```kts blocks), each written to a file. */
static int doc_examples(char files[][96], int max)
{
	char *doc = slurp("doc/language.md"), *p = doc, *end;
	int n = 0;

	while (p && n < max && (p = strstr(p, "\n```kts\n")) && (end = strstr(p + 8, "\n```\n"))) {
		FILE *f;

		snprintf(files[n], 96, "%s/doc-language.md-example-%d.kts", tu_tmpdir(), n + 1);
		if (!(f = fopen(files[n], "w")) || fwrite(p + 8, 1, (size_t)(end - p - 7), f) == 0 ||
		    fclose(f))
			tu_fail(__FILE__, __LINE__, "cannot write %s", files[n]);
		n++;
		p = end;
	}
	free(doc);
	return n;
}

/* The files both editors are held to: every standard scenario and every
 * example of the language manual. */
static int scenario_files(char files[][96], int max)
{
	FILE *p = popen("ls stdlib-scenarios/*.kts stdlib-scenarios/lib/*.kts", "r");
	int n = 0, docs;

	while (p && n < max && fgets(files[n], 96, p)) {
		files[n][strcspn(files[n], "\n")] = '\0';
		n++;
	}
	if (p)
		pclose(p);
	if (n < 10)
		tu_fail(__FILE__, __LINE__, "found only %d scenarios to tokenize", n);
	docs = doc_examples(files + n, max - n);
	if (docs < 5)
		tu_fail(__FILE__, __LINE__, "found only %d examples in doc/language.md", docs);
	return n + docs;
}

/* Vim, headless, writes "N:LINE:COL:GROUP" where a highlight group starts. */
static const char vim_script[] = "let out = []\n"
				 "for n in range(1, argc())\n"
				 "  exe 'silent buffer' n\n"
				 "  set filetype=kts\n"
				 "  let prev = ''\n"
				 "  for l in range(1, line('$'))\n"
				 "    if prev !=# 'ktsString'\n"
				 "      let prev = ''\n"
				 "    endif\n"
				 "    for c in range(1, col([l, '$']) - 1)\n"
				 "      let g = synIDattr(synID(l, c, 0), 'name')\n"
				 "      if g != prev && g =~# '^kts\\(Keyword\\|Number\\|String\\)$'\n"
				 "        call add(out, n . ':' . l . ':' . c . ':' . g[3])\n"
				 "      endif\n"
				 "      let prev = g\n"
				 "    endfor\n"
				 "  endfor\n"
				 "endfor\n"
				 "call writefile(out, $KTS_SYNOUT)\n"
				 "qa!\n";

TU_TEST(editor_vim_tokens_are_the_lexers)
{
	char files[64][96], script[256], outp[256], cmd[8192], line[128];
	int n = scenario_files(files, 64), len;
	struct spots vim[64] = { 0 };
	FILE *f;

	snprintf(script, sizeof(script), "%s/kts-syn.vim", tu_tmpdir());
	snprintf(outp, sizeof(outp), "%s/kts-syn.out", tu_tmpdir());
	if (!(f = fopen(script, "w")) || fputs(vim_script, f) < 0 || fclose(f)) {
		tu_fail(__FILE__, __LINE__, "cannot write %s", script);
		return;
	}
	if (system("command -v vim >/dev/null")) {
		tu_fail(__FILE__, __LINE__, "vim not found: run 'make deps' (Debian package vim)");
		return;
	}
	len = snprintf(
		cmd, sizeof(cmd),
		"KTS_SYNOUT='%s' vim -N -u NONE -i NONE -n -es --cmd 'set rtp^=editor/vim' -c 'syntax on' "
		"-S '%s'",
		outp, script);
	for (int i = 0; i < n; i++)
		len += snprintf(cmd + len, sizeof(cmd) - (size_t)len, " '%s'", files[i]);
	TU_EQ_INT(system(cmd), 0);
	if (!(f = fopen(outp, "r"))) {
		tu_fail(__FILE__, __LINE__, "vim wrote nothing to %s", outp);
		return;
	}
	while (fgets(line, sizeof(line), f)) {
		int fi, l, c;
		char g;

		if (sscanf(line, "%d:%d:%d:%c", &fi, &l, &c, &g) == 4 && fi >= 1 && fi <= n)
			spots_add(&vim[fi - 1], l, c, g == 'K' ? 'k' : g == 'N' ? 'n' : 's');
	}
	fclose(f);
	for (int i = 0; i < n; i++) {
		struct spots lx = { 0 };

		lex_spots(files[i], &lx);
		spots_same(files[i], "vim", &vim[i], &lx);
		if (!lx.n)
			tu_fail(__FILE__, __LINE__, "%s: the lexer found nothing", files[i]);
		free(lx.v);
		free(vim[i].v);
	}
}

/* A top-level rule of the grammar, compiled. */
struct tm_pat {
	regex_t *re, *end; /* end: a begin/end rule */
	regex_t *inner[4];
	int ninner;
	char kind; /* what its name means to us, or 0 */
};

static regex_t *tm_compile(const char *pat)
{
	OnigErrorInfo ei;
	regex_t *re;
	int r = onig_new(&re, (const OnigUChar *)pat, (const OnigUChar *)pat + strlen(pat), ONIG_OPTION_NONE,
			 ONIG_ENCODING_UTF8, ONIG_SYNTAX_DEFAULT, &ei);

	if (r != ONIG_NORMAL) {
		OnigUChar msg[ONIG_MAX_ERROR_MESSAGE_LEN];

		onig_error_code_to_str(msg, r, &ei);
		tu_fail(__FILE__, __LINE__, "%s: regex /%s/ does not compile: %s", TM_GRAMMAR, pat, msg);
		return NULL;
	}
	return re;
}

static char tm_kind(const char *scope)
{
	if (!scope)
		return 0;
	return !strncmp(scope, "keyword.control.", 16)	  ? 'k'
	       : !strncmp(scope, "constant.numeric.", 17) ? 'n'
	       : !strncmp(scope, "string.quoted.", 14)	  ? 's'
							  : 0;
}

static int tm_patterns(json_object *g, struct tm_pat *p, int max)
{
	json_object *pats, *inner;
	int n = 0;

	if (!json_object_object_get_ex(g, "patterns", &pats))
		return 0;
	for (size_t i = 0; i < json_object_array_length(pats) && n < max; i++) {
		const char *ref = tm_str(json_object_array_get_idx(pats, i), "include");
		json_object *r = ref && ref[0] == '#' ? tm_rule(g, ref + 1) : NULL;
		struct tm_pat *t = &p[n];

		if (!r)
			continue;
		memset(t, 0, sizeof(*t));
		t->kind = tm_kind(tm_str(r, "name"));
		if (tm_str(r, "match")) {
			t->re = tm_compile(tm_str(r, "match"));
		} else if (tm_str(r, "begin") && tm_str(r, "end")) {
			t->re = tm_compile(tm_str(r, "begin"));
			t->end = tm_compile(tm_str(r, "end"));
			if (json_object_object_get_ex(r, "patterns", &inner))
				for (size_t j = 0; j < json_object_array_length(inner) && t->ninner < 4; j++)
					t->inner[t->ninner++] = tm_compile(
						tm_str(json_object_array_get_idx(inner, j), "match"));
		}
		if (t->re)
			n++;
	}
	return n;
}

/* Earliest match of re in s from pos; its start, or -1. */
static int tm_search(regex_t *re, const char *s, int len, int pos, int *end)
{
	OnigRegion *rg = onig_region_new();
	const OnigUChar *u = (const OnigUChar *)s;
	int r = re ? onig_search(re, u, u + len, u + pos, u + len, rg, ONIG_OPTION_NONE) : ONIG_MISMATCH;

	if (r >= 0)
		*end = rg->end[0];
	onig_region_free(rg, 1);
	return r >= 0 ? r : -1;
}

/* Inside begin/end rule r from pos: its own rules and its end compete, the
 * earlier wins; true once the end matched (pos after it), false when the
 * line ended first (the rule goes on on the next line: a raw string). */
static bool tm_inside(struct tm_pat *r, const char *l, int len, int *pos)
{
	while (*pos <= len) {
		int e, se, s = tm_search(r->end, l, len, *pos, &se), ie = 0, is = -1;

		for (int j = 0; j < r->ninner; j++) {
			int x = tm_search(r->inner[j], l, len, *pos, &e);

			if (x >= 0 && (is < 0 || x < is))
				is = x, ie = e;
		}
		if (is >= 0 && (s < 0 || is < s)) {
			*pos = ie > is ? ie : is + 1;
			continue;
		}
		if (s < 0) {
			*pos = len;
			return false;
		}
		*pos = se > s ? se : s + 1;
		return true;
	}
	return false;
}

/* TextMate's rule, one line at a time: the rule that matches first wins, the
 * earlier rule on a tie; inside a begin/end rule its own rules and its end
 * compete the same way, across lines until its end. */
static void tm_spots(struct tm_pat *p, int np, const char *text, struct spots *out)
{
	int lineno = 1, open = -1;

	for (const char *l = text; *l; lineno++) {
		int len = (int)strcspn(l, "\n"), pos = 0;

		if (open >= 0 && tm_inside(&p[open], l, len, &pos))
			open = -1;
		while (open < 0 && pos < len) {
			int best = -1, bstart = len + 1, bend = 0, e;

			for (int i = 0; i < np; i++) {
				int s = tm_search(p[i].re, l, len, pos, &e);

				if (s >= 0 && s < bstart)
					best = i, bstart = s, bend = e;
			}
			if (best < 0)
				break;
			if (p[best].kind)
				spots_add(out, lineno, bstart + 1, p[best].kind);
			pos = bend > bstart ? bend : bstart + 1;
			if (p[best].end && !tm_inside(&p[best], l, len, &pos))
				open = best;
		}
		l += len + (l[len] == '\n');
	}
}

TU_TEST(editor_textmate_tokens_are_the_lexers)
{
	OnigEncoding enc[] = { ONIG_ENCODING_UTF8 };
	char files[64][96];
	struct tm_pat p[16];
	json_object *g = tm_load();
	int n = scenario_files(files, 64), np;

	if (!g)
		return;
	onig_initialize(enc, 1);
	np = tm_patterns(g, p, 16);
	TU_CHECK(np >= 5);
	for (int i = 0; i < n; i++) {
		struct spots tm = { 0 }, lx = { 0 };
		char *text = slurp(files[i]);

		if (text)
			tm_spots(p, np, text, &tm);
		lex_spots(files[i], &lx);
		spots_same(files[i], "the TextMate grammar", &tm, &lx);
		free(text);
		free(tm.v);
		free(lx.v);
	}
	for (int i = 0; i < np; i++) {
		onig_free(p[i].re);
		if (p[i].end)
			onig_free(p[i].end);
		for (int j = 0; j < p[i].ninner; j++)
			if (p[i].inner[j])
				onig_free(p[i].inner[j]);
	}
	onig_end();
	json_object_put(g);
}
