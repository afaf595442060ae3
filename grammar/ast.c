/* Syntax tree nodes: allocation, kids, freeing. */
#include "grammar/ast.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void *xalloc(size_t n)
{
	void *p = calloc(1, n);

	if (!p) {
		fputs("ktsrun: out of memory\n", stderr);
		exit(2);
	}
	return p;
}

struct node *ast_new(enum ast_kind kind, struct loc loc)
{
	struct node *n = xalloc(sizeof(*n));

	n->kind = kind;
	n->loc = loc;
	n->depth = 1;
	return n;
}

struct node *ast_push(struct node *list, struct node *kid)
{
	if (list->nkid == list->cap) {
		int cap = list->cap ? list->cap * 2 : 4;
		struct node **k = realloc(list->kid, (size_t)cap * sizeof(*k));

		if (!k) {
			fputs("ktsrun: out of memory\n", stderr);
			exit(2);
		}
		list->kid = k;
		list->cap = cap;
	}
	list->kid[list->nkid++] = kid;
	if (kid && kid->depth >= list->depth)
		list->depth = kid->depth + 1;
	return list;
}

struct node *ast_make(enum ast_kind kind, struct loc loc, int n, ...)
{
	struct node *node = ast_new(kind, loc);
	va_list ap;

	va_start(ap, n);
	for (int i = 0; i < n; i++)
		ast_push(node, va_arg(ap, struct node *));
	va_end(ap);
	return node;
}

struct node *ast_text(enum ast_kind kind, struct loc loc, const char *text, int len)
{
	struct node *n = ast_new(kind, loc);

	n->text = xalloc((size_t)len + 1);
	memcpy(n->text, text, (size_t)len);
	return n;
}

struct node *ast_kid(const struct node *n, int i)
{
	return n && i < n->nkid ? n->kid[i] : NULL;
}

struct node *ast_named(struct node *n, struct node *name)
{
	n->text = name->text;
	name->text = NULL;
	ast_free(name);
	return n;
}

void ast_free(struct node *n)
{
	if (!n)
		return;
	for (int i = 0; i < n->nkid; i++)
		ast_free(n->kid[i]);
	free(n->kid);
	free(n->text);
	free(n);
}

struct loc loc_span(struct loc a, struct loc b)
{
	a.eline = b.eline;
	a.ecol = b.ecol;
	a.eoff = b.eoff;
	return a;
}
