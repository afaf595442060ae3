/* Canonical text of expressions: used by fmt and for the claim and
 * requirement texts in the bytecode (so formatting never changes them). */
#include "grammar/fmt.h"

#include "grammar/lex.h"
#include "grammar/kts_parse.h"

void fmt_string(struct sbuf *b, const char *s)
{
	sb_puts(b, "\"");
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			sb_printf(b, "\\%c", *s);
		else if (*s == '\n')
			sb_puts(b, "\\n");
		else if (*s == '\t')
			sb_puts(b, "\\t");
		else
			sb_printf(b, "%c", *s);
	}
	sb_puts(b, "\"");
}

static void fmt_args(struct sbuf *b, const struct node *n)
{
	for (int i = 0; i < n->nkid; i++) {
		if (i)
			sb_puts(b, ", ");
		fmt_expr(b, n->kid[i]);
	}
}

void fmt_expr(struct sbuf *b, const struct node *n)
{
	if (!n)
		return;
	switch (n->kind) {
	case N_NUM:
	case N_IDENT: sb_puts(b, n->text); break;
	case N_STR:
		if (n->tok == '`')
			sb_printf(b, "`%s`", n->text); /* raw: as written */
		else
			fmt_string(b, n->text);
		break;
	case N_CALL:
		sb_printf(b, "%s(", n->text);
		fmt_args(b, n);
		sb_puts(b, ")");
		break;
	case N_BINARY:
		/* 1/3 reads as a fraction; everything else gets spaces */
		fmt_expr(b, n->kid[0]);
		if (n->tok == '/' && n->kid[0]->kind == N_NUM && n->kid[1]->kind == N_NUM)
			sb_puts(b, "/");
		else
			sb_printf(b, " %c ", n->tok);
		fmt_expr(b, n->kid[1]);
		break;
	case N_NEG:
		sb_puts(b, "-");
		fmt_expr(b, n->kid[0]);
		break;
	case N_PAREN:
		sb_puts(b, "(");
		fmt_expr(b, n->kid[0]);
		sb_puts(b, ")");
		break;
	case N_SELECT:
		fmt_expr(b, n->kid[0]);
		sb_printf(b, "[%s ", n->tok == T_STEP ? "step" : n->text);
		fmt_expr(b, n->kid[1]);
		sb_puts(b, "]");
		break;
	case N_NAMED:
		sb_printf(b, "%s = ", n->text);
		fmt_expr(b, n->kid[0]);
		break;
	case N_OF:
	case N_FOR:
		fmt_expr(b, n->kid[0]);
		sb_puts(b, n->kind == N_OF ? " of " : " for ");
		fmt_expr(b, n->kid[1]);
		break;
	default: sb_puts(b, "?");
	}
}

/* A claim or condition: lhs, the comparison as written, rhs. */
void fmt_claim(struct sbuf *b, const struct node *n)
{
	const char *op = lex_token_text(n->tok);

	if (n->kind == N_FAILS) {
		sb_puts(b, "scheduler fails");
		if (ast_kid(n, 1))
			sb_printf(b, " %s", n->kid[1]->text);
		if (ast_kid(n, 0)) {
			sb_puts(b, " matching ");
			fmt_string(b, n->kid[0]->text);
		}
		return;
	}
	switch (n->tok) {
	case T_CLEAN: sb_puts(b, "monitor clean"); return;
	case T_FINITE:
		fmt_expr(b, n->kid[0]);
		sb_puts(b, " is finite");
		return;
	case 0: fmt_expr(b, n->kid[0]); return;
	}
	fmt_expr(b, n->kid[0]);
	sb_printf(b, " %s%s ", n->tok == T_LEAST || n->tok == T_MOST ? "at " : "", op ? op : "?");
	fmt_expr(b, n->kid[1]);
	if (n->tok == T_BETWEEN) {
		sb_puts(b, " and ");
		fmt_expr(b, n->kid[2]);
	} else if (n->tok == T_NEAR && ast_kid(n, 2)) {
		sb_puts(b, " within ");
		fmt_expr(b, n->kid[2]);
	}
}
