/* The lexer's state, shared by the flex scanner and the parser. */
#ifndef KTS_LEX_H
#define KTS_LEX_H

#include <stdbool.h>

#include "grammar/ast.h"
#include "grammar/src.h"

struct comment {
	struct loc loc;
	char *text;    /* from '#' to the end of the line */
	bool own_line; /* nothing but blanks before it on its line */
};

struct lex_ctx {
	struct src_set *src;
	int file;
	int line, col;
	unsigned off;
	int last;      /* the last token returned, 0 at the start */
	int depth;     /* ( and [ nesting: newlines inside do not separate */
	int nest;      /* (, [, { and pending prefix '-': held to KTS_MAX_NEST */
	int neg;       /* prefix '-' in a row */
	bool deep;     /* nesting went past the limit: said once, later errors are noise */
	char open[72]; /* the brackets still open, innermost last (while nest fits) */
	bool tok_on_line;
	struct comment *cm;
	int ncm, cmcap;
	char lexeme[48]; /* last token text, for syntax errors */
};

/* Keyword table: token of a word, or 0 for an identifier. */
int lex_keyword(const char *word);
/* Spelling of a keyword or operator token, or NULL. */
const char *lex_token_text(int tok);
/* All keyword spellings (for suggestions). */
extern const char *const lex_keywords[];
extern const int lex_nkeywords;
void lex_comments_free(struct lex_ctx *lx);

#endif
