/* The syntax tree: one generic node type. A node's kind says what it is,
 * `tok` keeps the keyword or operator as written (for fmt and codegen),
 * `text` the identifier, string or number lexeme. */
#ifndef KTS_AST_H
#define KTS_AST_H

#include <stdbool.h>

struct loc {
	int file;
	int line, col;	 /* 1-based */
	int eline, ecol; /* last character, inclusive */
	unsigned off, eoff;
};

enum ast_kind {
	N_FILE,	    /* kids: top items */
	N_INCLUDE,  /* text: path */
	N_CONST,    /* text: name; kid: value */
	N_PARAM,    /* text: name; kid: default value */
	N_TEMPLATE, /* text: name; kid: N_BLOCK of settings */
	N_SCENARIO, /* text: name; kids: description (N_STR or NULL), N_BLOCK */
	N_BLOCK,    /* kids: items */
	N_META,	    /* tok: DURATION...; kids: values */
	N_REQUIRES, /* kids: conditions (N_COND) */
	N_COND,	    /* tok: comparison or 0; kids: lhs[, rhs] */
	N_SCHED,    /* kids: name (N_IDENT/N_STR), args (N_STR or NULL) */
	N_CHECK,    /* text: default check; kid: threshold or `off` */
	N_CGROUP,   /* text: name; kids: from (N_IDENT or NULL), body (N_BLOCK or NULL) */
	N_BACKDROP, /* kid: N_BLOCK of cgroups */
	N_SET,	    /* tok: setting keyword; kids: value[, per value] */
	N_STEP,	    /* kids: hold, every (or NULL), N_BLOCK of ops */
	N_OP,	    /* tok: op keyword; text: sub-word (scheduler action); kids: operands */
	N_EXPECT,   /* kid: N_BLOCK of claims */
	N_CLAIM,    /* tok: comparison keyword/operator; kids: operands */
	N_FAILS,    /* kids: kind (N_IDENT or NULL), pattern (N_STR or NULL) */
	N_NUM,	    /* text: lexeme with unit */
	N_STR,	    /* text: the string's value (escapes resolved) */
	N_IDENT,    /* text: name, possibly dotted */
	N_CALL,	    /* text: function; kids: arguments */
	N_BINARY,   /* tok: + - * /; kids: lhs, rhs */
	N_NEG,	    /* kid: operand */
	N_PAREN,    /* kid: inner expression (kept for fmt) */
	N_SELECT,   /* text: selector word (step, worker); kids: base, index */
	N_NAMED,    /* text: name; kid: value (name = value) */
	N_OF,	    /* kids: i, n (i of n) */
	N_FOR,	    /* kids: work, length (work for length) */
	N_ERROR,    /* a statement that did not parse */
};

struct node {
	enum ast_kind kind;
	int tok;
	struct loc loc;
	char *text;
	struct node **kid;
	int nkid, cap;
	int depth; /* 1 for a leaf, else 1 + the deepest kid's */
};

struct node *ast_new(enum ast_kind kind, struct loc loc);
/* A node with the given kids (NULL kids are kept as holes). */
struct node *ast_make(enum ast_kind kind, struct loc loc, int n, ...);
struct node *ast_text(enum ast_kind kind, struct loc loc, const char *text, int len);
struct node *ast_push(struct node *list, struct node *kid);
struct node *ast_kid(const struct node *n, int i);
/* Take over b's text (b is freed) and its location's end. */
struct node *ast_named(struct node *n, struct node *name);
void ast_free(struct node *n);
struct loc loc_span(struct loc a, struct loc b);

#endif
