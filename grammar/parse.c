/* Run the flex scanner and the bison parser over one source file. */
#include "grammar/parse.h"

#include <string.h>

#include "grammar/lex.h"
#include "grammar/kts_parse.h"
#include "grammar/kts_lex.h"

struct node *parse_file(struct src_set *src, int file, struct lex_ctx *comments)
{
	struct lex_ctx lx = { .src = src, .file = file, .line = 1, .col = 1 };
	struct parse_ctx pc = { .src = src, .lex = &lx };
	const struct src_file *f = &src->f[file];
	yyscan_t scanner;
	YY_BUFFER_STATE buf;

	if (kts_yylex_init_extra(&lx, &scanner))
		abort();
	buf = kts_yy_scan_bytes(f->text, (int)f->len, scanner);
	if (kts_yyparse(scanner, &pc) && !src->nerr)
		diag_plain(src, "%s: parser ran out of memory", f->name);
	kts_yy_delete_buffer(buf, scanner);
	kts_yylex_destroy(scanner);
	if (!pc.root) {
		struct loc l = { .file = file, .line = 1, .col = 1 };

		pc.root = ast_new(N_FILE, l);
	}
	if (comments)
		*comments = lx;
	else
		lex_comments_free(&lx);
	return pc.root;
}
