/* Parsing one source file into a syntax tree. */
#ifndef KTS_PARSE_H
#define KTS_PARSE_H

#include "grammar/ast.h"
#include "grammar/src.h"

struct lex_ctx;

struct parse_ctx {
	struct src_set *src;
	struct lex_ctx *lex;
	struct node *root;
};

/* Parse file `file` of src. Returns the N_FILE tree (never NULL; errors are
 * counted in src->nerr). When comments is not NULL the lexer's comments are
 * handed over (free with lex_comments_free). */
struct node *parse_file(struct src_set *src, int file, struct lex_ctx *comments);
/* Spelling of a grammar symbol for messages. */
const char *parse_symbol(int sym);

#endif
