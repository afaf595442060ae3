/* The formatter: canonical layout of a .kts file, comments kept. */
#ifndef KTS_FMT_H
#define KTS_FMT_H

#include "grammar/ast.h"
#include "grammar/sbuf.h"
#include "grammar/src.h"

void fmt_expr(struct sbuf *b, const struct node *n);
void fmt_claim(struct sbuf *b, const struct node *n);
void fmt_string(struct sbuf *b, const char *s);
/* Format file `file` of src into out. Returns -1 if it does not parse
 * (errors reported), else 0. */
int fmt_file(struct src_set *src, int file, struct sbuf *out);

#endif
