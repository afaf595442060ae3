/* The formatter: one statement a line, blocks indented by four spaces,
 * one space around operators, comments kept where they were (own-line
 * comments before the statement that follows them, trailing comments at
 * the end of their line), at most one blank line kept between statements. */
#include "grammar/fmt.h"

#include <stdlib.h>
#include <string.h>

#include "grammar/lex.h"
#include "grammar/parse.h"
#include "grammar/kts_parse.h"

struct fctx {
	struct sbuf *out;
	const struct src_file *f;
	const struct comment *cm;
	int ncm, ci;
	unsigned last_end; /* source offset of the last thing printed */
	int indent;
	bool block_start; /* nothing printed yet in the current block */
};

static void item(struct fctx *x, const struct node *n);

static void indent(struct fctx *x)
{
	for (int i = 0; i < x->indent; i++)
		sb_puts(x->out, "    ");
}

/* Keep one blank line where the source had at least one. */
static void blank_line(struct fctx *x, unsigned off)
{
	int nl = 0;

	if (x->block_start)
		return;
	for (unsigned i = x->last_end; i < off && i < x->f->len; i++) {
		char ch = x->f->text[i];

		if (ch == '\n')
			nl++;
		else if (ch == '#')
			break;
		else if (ch != ' ' && ch != '\t' && ch != '\r' && ch != ';')
			nl = 0;
	}
	if (nl >= 2)
		sb_puts(x->out, "\n");
}

/* Own-line comments that come before offset off. */
static void comments_before(struct fctx *x, unsigned off)
{
	while (x->ci < x->ncm && x->cm[x->ci].loc.off < off) {
		const struct comment *c = &x->cm[x->ci++];

		blank_line(x, c->loc.off);
		indent(x);
		sb_printf(x->out, "%s\n", c->text);
		x->last_end = c->loc.eoff;
		x->block_start = false;
	}
}

/* Only blanks and ';' between offsets a and b? */
static bool blank_between(const struct fctx *x, unsigned a, unsigned b)
{
	for (unsigned i = a; i < b && i < x->f->len; i++)
		if (!strchr(" \t\r;", x->f->text[i]))
			return false;
	return true;
}

/* A comment right after the statement on its last line. */
static void trailing_comment(struct fctx *x, const struct node *n)
{
	if (x->ci < x->ncm && !x->cm[x->ci].own_line && x->cm[x->ci].loc.line == n->loc.eline &&
	    blank_between(x, n->loc.eoff, x->cm[x->ci].loc.off)) {
		sb_printf(x->out, " %s", x->cm[x->ci].text);
		x->last_end = x->cm[x->ci].loc.eoff;
		x->ci++;
	}
}

static void expr(struct fctx *x, const struct node *n)
{
	fmt_expr(x->out, n);
}

/* { items } with the closing brace at the block's end offset. */
static void block(struct fctx *x, const struct node *b, unsigned close_off)
{
	sb_puts(x->out, " {\n");
	x->indent++;
	x->block_start = true;
	for (int i = 0; b && i < b->nkid; i++)
		item(x, b->kid[i]);
	comments_before(x, close_off);
	x->indent--;
	indent(x);
	sb_puts(x->out, "}");
	x->block_start = false;
}

static void cgroup_head(struct fctx *x, const struct node *n)
{
	sb_printf(x->out, "cgroup %s", n->text);
	if (n->kid[0])
		sb_printf(x->out, " from %s", n->kid[0]->text);
	if (n->kid[1])
		block(x, n->kid[1], n->loc.eoff - 1);
}

static void list(struct fctx *x, const struct node *n)
{
	for (int i = 0; i < n->nkid; i++) {
		sb_puts(x->out, i ? ", " : " ");
		expr(x, n->kid[i]);
	}
}

static void op(struct fctx *x, const struct node *n)
{
	const char *kw = lex_token_text(n->tok);

	sb_printf(x->out, "%s ", kw);
	switch (n->tok) {
	case T_ADD: cgroup_head(x, n->kid[0]); return;
	case T_CPUSET:
	case T_AFFINITY:
	case T_MEMS:
	case T_SYSCTL:
	case T_WRITE:
		expr(x, n->kid[0]);
		sb_puts(x->out, " = ");
		expr(x, n->kid[1]);
		return;
	case T_SET:
		sb_printf(x->out, "%s %s = ", n->kid[0]->text, lex_token_text(n->kid[1]->tok));
		expr(x, n->kid[1]);
		if (n->kid[2]) {
			sb_puts(x->out, " per ");
			expr(x, n->kid[2]);
		}
		return;
	case T_SWAP_CPUSETS: sb_printf(x->out, "%s %s", n->kid[0]->text, n->kid[1]->text); return;
	case T_MOVE: sb_printf(x->out, "%s to %s", n->kid[0]->text, n->kid[1]->text); return;
	case T_SPAWN:
	case T_STOP:
		if (n->nkid > 1) {
			expr(x, n->kid[1]);
			sb_puts(x->out, " in ");
		}
		expr(x, n->kid[0]);
		return;
	case T_SCHEDULER:
		for (int i = 0; i < 3; i++)
			if (n->kid[i]) {
				sb_puts(x->out, i ? " " : "");
				expr(x, n->kid[i]);
			}
		return;
	default: expr(x, n->kid[0]);
	}
}

static void meta(struct fctx *x, const struct node *n)
{
	sb_puts(x->out, lex_token_text(n->tok));
	if (n->tok == T_TAGS || n->tok == T_GAUNTLET) {
		list(x, n);
		return;
	}
	sb_puts(x->out, " ");
	expr(x, n->kid[0]);
}

static void
	requires(struct fctx *x, const struct node *n)
{
	sb_puts(x->out, "requires");
	for (int i = 0; i < n->nkid; i++) {
		sb_puts(x->out, i ? " and " : " ");
		fmt_claim(x->out, n->kid[i]);
	}
}

static void body(struct fctx *x, const struct node *n)
{
	switch (n->kind) {
	case N_INCLUDE:
		sb_puts(x->out, "include ");
		fmt_string(x->out, n->text);
		break;
	case N_CONST:
	case N_PARAM:
		sb_printf(x->out, "%s %s = ", n->kind == N_CONST ? "const" : "param", n->text);
		expr(x, n->kid[0]);
		break;
	case N_TEMPLATE:
		sb_printf(x->out, "template %s", n->text);
		block(x, n->kid[0], n->loc.eoff - 1);
		break;
	case N_SCENARIO:
		sb_printf(x->out, "scenario %s", n->text);
		if (n->kid[0]) {
			sb_puts(x->out, " ");
			expr(x, n->kid[0]);
		}
		block(x, n->kid[1], n->loc.eoff - 1);
		break;
	case N_META: meta(x, n); break;
	case N_REQUIRES:
		requires(x, n)
		;
		break;
	case N_SCHED:
		sb_puts(x->out, "scheduler ");
		expr(x, n->kid[0]);
		if (n->kid[1]) {
			sb_puts(x->out, " ");
			expr(x, n->kid[1]);
		}
		break;
	case N_CHECK:
		sb_printf(x->out, "check %s = ", n->text);
		expr(x, n->kid[0]);
		break;
	case N_CGROUP: cgroup_head(x, n); break;
	case N_BACKDROP:
		sb_puts(x->out, "backdrop");
		block(x, n->kid[0], n->loc.eoff - 1);
		break;
	case N_SET:
		if (n->tok == T_METRIC) {
			sb_printf(x->out, "metric %s = %s ", n->kid[0]->text, n->kid[1]->text);
			expr(x, n->kid[2]);
			break;
		}
		sb_printf(x->out, "%s ", lex_token_text(n->tok));
		expr(x, n->kid[0]);
		if (n->kid[1]) {
			sb_puts(x->out, " per ");
			expr(x, n->kid[1]);
		}
		break;
	case N_STEP:
		sb_puts(x->out, "step ");
		expr(x, n->kid[0]);
		if (n->kid[1]) {
			sb_puts(x->out, " every ");
			expr(x, n->kid[1]);
		}
		block(x, n->kid[2], n->loc.eoff - 1);
		break;
	case N_OP: op(x, n); break;
	case N_EXPECT:
		sb_puts(x->out, "expect");
		block(x, n->kid[0], n->loc.eoff - 1);
		break;
	case N_CLAIM:
	case N_FAILS: fmt_claim(x->out, n); break;
	default: sb_puts(x->out, "?"); break;
	}
}

#define FMT_WIDTH 100

/* A statement line longer than FMT_WIDTH with a call in it, say a long
 * `work exec(...)`, is broken after the commas of its first argument list,
 * each continuation aligned one past the '(' (strings stay whole). */
/* Is line[i] inside a string? Steps *q through "..." (with escapes) and
 * `...` (raw, kept as written) quotes; *i may move past an escape. */
static bool in_string(const char *line, size_t *i, char *q)
{
	char ch = line[*i];

	if (*q) {
		if (*q == '"' && ch == '\\')
			(*i)++;
		else if (ch == *q)
			*q = 0;
		return true;
	}
	if (ch == '"' || ch == '`') {
		*q = ch;
		return true;
	}
	return false;
}

static void wrap(struct sbuf *b, size_t start)
{
	size_t n = b->len - start, open = 0, col, i;
	char *line, q = 0;
	int depth;

	/* a block's lines were each wrapped as its items were printed */
	if (n <= FMT_WIDTH || memchr(b->s + start, '\n', n) || !(line = strndup(b->s + start, n)))
		return;
	for (i = 0; i < n && !open; i++)
		if (!in_string(line, &i, &q) && line[i] == '(')
			open = i + 1;
	b->len = start;
	if (!open) {
		sb_printf(b, "%s", line);
		free(line);
		return;
	}
	sb_printf(b, "%.*s", (int)open, line);
	col = open;
	depth = 1;
	for (i = open; i < n;) {
		/* one argument with its comma, up to the list's closing ')' */
		size_t j = i;
		bool end = false;

		for (; j < n; j++) {
			if (in_string(line, &j, &q))
				continue;
			if (line[j] == '(')
				depth++;
			else if (line[j] == ')' && --depth == 0) {
				end = true;
				break;
			} else if (depth == 1 && line[j] == ',') {
				j++;
				break;
			}
		}
		if (j > n)
			j = n;
		if (col > open && col + (j - i) + (end ? 1 : 0) > FMT_WIDTH) {
			sb_puts(b, "\n");
			for (size_t k = 0; k < open; k++)
				sb_puts(b, " ");
			col = open;
			while (i < j && line[i] == ' ')
				i++;
		}
		sb_printf(b, "%.*s", (int)(j - i), line + i);
		col += j - i;
		i = j;
		if (end) {
			sb_printf(b, "%s", line + i);
			break;
		}
	}
	free(line);
}

static void item(struct fctx *x, const struct node *n)
{
	size_t start;

	comments_before(x, n->loc.off);
	blank_line(x, n->loc.off);
	start = x->out->len;
	indent(x);
	body(x, n);
	wrap(x->out, start);
	x->last_end = n->loc.eoff;
	trailing_comment(x, n);
	sb_puts(x->out, "\n");
	x->block_start = false;
}

int fmt_file(struct src_set *src, int file, struct sbuf *out)
{
	struct lex_ctx lx;
	struct node *root;
	struct fctx x = { .out = out, .f = &src->f[file], .block_start = true };
	int before = src->nerr;

	root = parse_file(src, file, &lx);
	if (src->nerr == before) {
		x.cm = lx.cm;
		x.ncm = lx.ncm;
		sb_puts(out, "");
		for (int i = 0; i < root->nkid; i++)
			item(&x, root->kid[i]);
		comments_before(&x, ~0u);
	}
	lex_comments_free(&lx);
	ast_free(root);
	return src->nerr == before ? 0 : -1;
}
