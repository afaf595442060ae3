/* The .kts grammar. Pure, with locations and no conflicts; actions are one
 * to three lines that build generic nodes (ast.h). Statement lists recover
 * from errors at the next newline, so one run reports every syntax error. */
%define api.pure full
%define api.prefix {kts_yy}
%define api.location.type {struct loc}
%define parse.error custom
%define parse.lac full
%locations
%expect 0
%param {void *scanner}
%parse-param {struct parse_ctx *pc}

%code requires {
#include "grammar/ast.h"
#include "grammar/parse.h"
}

%code provides {
int kts_yylex(KTS_YYSTYPE *lval, struct loc *lloc, void *scanner);
}

%code {
#include <stdio.h>
#include <string.h>

#include "grammar/lex.h"
#include "grammar/limits.h"

/* Past the nesting limit every later error is an echo of that one. */
static void kts_yyerror(struct loc *l, void *scanner, struct parse_ctx *pc, const char *msg)
{
	(void)scanner;
	if (pc->lex->deep)
		return;
	if (!strcmp(msg, "memory exhausted"))
		diag_error(pc->src, *l, KTS_NEST_HINT, "nested too deeply for the parser");
	else
		diag_error(pc->src, *l, NULL, "%s", msg);
}

/* An expression deeper than the limit is refused where it crosses it (the
 * compiler's passes recurse over expressions); an error node stands in. */
static struct node *ex(struct parse_ctx *pc, struct node *n)
{
	struct node *e;

	if (n->depth <= KTS_MAX_NEST)
		return n;
	if (!pc->lex->deep) {
		pc->lex->deep = true;
		diag_error(pc->src, n->kid[n->nkid - 1] ? n->kid[n->nkid - 1]->loc : n->loc, KTS_NEST_HINT,
			   "nested more than %d levels deep", KTS_MAX_NEST);
	}
	e = ast_new(N_ERROR, n->loc);
	ast_free(n);
	return e;
}

#define YYLLOC_DEFAULT(Cur, Rhs, N)                                  \
	do {                                                         \
		if (N) {                                             \
			(Cur) = YYRHSLOC(Rhs, 1);                    \
			(Cur).eline = YYRHSLOC(Rhs, N).eline;        \
			(Cur).ecol = YYRHSLOC(Rhs, N).ecol;          \
			(Cur).eoff = YYRHSLOC(Rhs, N).eoff;          \
		} else {                                             \
			(Cur) = YYRHSLOC(Rhs, 0);                    \
			(Cur).line = (Cur).eline;                    \
			(Cur).col = (Cur).ecol;                      \
			(Cur).off = (Cur).eoff;                      \
		}                                                    \
	} while (0)

static struct node *tk(enum ast_kind k, int tok, struct loc l, int n, struct node *a,
		       struct node *b, struct node *c)
{
	struct node *x = ast_make(k, l, n, a, b, c);

	x->tok = tok;
	return x;
}
}

%union {
	struct node *node;
	int tok;
}

%token <node> IDENT "name" NUMBER "number" STRING "string"
%token SEP "end of statement"
%token LE "<=" GE ">=" EQ "==" NE "!="
%token T_SCENARIO "scenario" T_INCLUDE "include" T_CONST "const" T_PARAM "param"
%token T_TEMPLATE "template" T_FROM "from" T_BACKDROP "backdrop" T_CGROUP "cgroup"
%token T_STEP "step" T_EVERY "every" T_EXPECT "expect" T_REQUIRES "requires" T_AND "and"
%token T_DURATION "duration" T_SETTLE "settle" T_WATCHDOG "watchdog" T_TAGS "tags"
%token T_TOPOLOGY "topology" T_GAUNTLET "gauntlet" T_SCHEDULER "scheduler"
%token T_WORKERS "workers" T_WORK "work" T_CPUSET "cpuset" T_MEMS "mems"
%token T_AFFINITY "affinity" T_NICE "nice" T_POLICY "policy" T_CPU_WEIGHT "cpu.weight"
%token T_CPU_MAX "cpu.max" T_PER "per" T_MEMORY_MAX "memory.max" T_MEMORY_HIGH "memory.high"
%token T_MEMORY_LOW "memory.low" T_PIDS_MAX "pids.max" T_COMM "comm" T_METRIC "metric"
%token T_ADD "add" T_REMOVE "remove" T_CLEAR_CPUSET "clear_cpuset"
%token T_SWAP_CPUSETS "swap_cpusets" T_SPAWN "spawn" T_IN "in" T_STOP "stop" T_MOVE "move"
%token T_TO "to" T_FREEZE "freeze" T_UNFREEZE "unfreeze" T_SIGSTOP "sigstop"
%token T_SIGCONT "sigcont" T_SNAPSHOT "snapshot" T_SYSCTL "sysctl" T_WRITE "write"
%token T_READ "read" T_WAIT "wait" T_SET "set" T_AT "at" T_LEAST "least" T_MOST "most"
%token T_BETWEEN "between" T_NEAR "near" T_WITHIN "within" T_IS "is" T_FINITE "finite"
%token T_MONITOR "monitor" T_CLEAN "clean" T_FAILS "fails" T_MATCHING "matching"
%token T_OF "of" T_FOR "for" T_CHECK "check"

%type <node> top_body top_list top_item scen_body scen_list scen_item cg_body cg_list cg_item
%type <node> cgroup opt_block opt_from step_body step_list step_op claim_body claim_list claim
%type <node> conds cond expr primary args arglist arg opt_str opt_every opt_per opt_within
%type <node> opt_ident idlist sched_name name_or_str
%type <tok> setting cmp

%destructor { ast_free($$); } <node>

%left '+' '-'
%left '*' '/'
%precedence NEG

%%

/* After an error at the top level the start symbol may be reduced twice:
 * keep the last tree and free the earlier one. */
file: top_body			{ ast_free(pc->root); pc->root = $1; $1->kind = N_FILE; }

top_body: %empty		{ $$ = ast_new(N_BLOCK, @$); }
	| top_list
	| top_list SEP
	;
top_list: top_item		{ $$ = ast_make(N_BLOCK, @$, 1, $1); }
	| top_list SEP top_item	{ $$ = ast_push($1, $3); $$->loc = @$; }
	;
top_item: T_INCLUDE STRING	{ $$ = ast_named(ast_new(N_INCLUDE, @$), $2); }
	| T_CONST IDENT '=' expr { $$ = ast_named(ast_make(N_CONST, @$, 1, $4), $2); }
	| T_PARAM IDENT '=' expr { $$ = ast_named(ast_make(N_PARAM, @$, 1, $4), $2); }
	| T_TEMPLATE IDENT '{' cg_body '}'
				{ $$ = ast_named(ast_make(N_TEMPLATE, @$, 1, $4), $2); }
	| T_SCENARIO IDENT opt_str '{' scen_body '}'
				{ $$ = ast_named(ast_make(N_SCENARIO, @$, 2, $3, $5), $2); }
	| error			{ $$ = ast_new(N_ERROR, @$); }
	;

opt_str: %empty			{ $$ = NULL; }
	| STRING
	;

scen_body: %empty		{ $$ = ast_new(N_BLOCK, @$); }
	| scen_list
	| scen_list SEP
	;
scen_list: scen_item		{ $$ = ast_make(N_BLOCK, @$, 1, $1); }
	| scen_list SEP scen_item { $$ = ast_push($1, $3); $$->loc = @$; }
	;
scen_item: T_DURATION expr	{ $$ = tk(N_META, T_DURATION, @$, 1, $2, 0, 0); }
	| T_SETTLE expr		{ $$ = tk(N_META, T_SETTLE, @$, 1, $2, 0, 0); }
	| T_WATCHDOG expr	{ $$ = tk(N_META, T_WATCHDOG, @$, 1, $2, 0, 0); }
	| T_TOPOLOGY expr	{ $$ = tk(N_META, T_TOPOLOGY, @$, 1, $2, 0, 0); }
	| T_TAGS idlist		{ $$ = $2; $$->kind = N_META; $$->tok = T_TAGS; $$->loc = @$; }
	| T_GAUNTLET idlist	{ $$ = $2; $$->kind = N_META; $$->tok = T_GAUNTLET; $$->loc = @$; }
	| T_REQUIRES conds	{ $$ = $2; $$->loc = @$; }
	| T_SCHEDULER sched_name opt_str { $$ = ast_make(N_SCHED, @$, 2, $2, $3); }
	| T_CHECK IDENT '=' expr { $$ = ast_named(ast_make(N_CHECK, @$, 1, $4), $2); }
	| cgroup
	| T_BACKDROP '{' cg_body '}' { $$ = ast_make(N_BACKDROP, @$, 1, $3); }
	| T_STEP expr opt_every '{' step_body '}' { $$ = ast_make(N_STEP, @$, 3, $2, $3, $5); }
	| T_EXPECT '{' claim_body '}' { $$ = ast_make(N_EXPECT, @$, 1, $3); }
	| error			{ $$ = ast_new(N_ERROR, @$); }
	;

sched_name: IDENT | STRING ;
idlist: name_or_str		{ $$ = ast_make(N_BLOCK, @$, 1, $1); }
	| idlist ',' name_or_str { $$ = ast_push($1, $3); }
	;
name_or_str: IDENT | STRING ;

conds: cond			{ $$ = ast_make(N_REQUIRES, @$, 1, $1); }
	| conds T_AND cond	{ $$ = ast_push($1, $3); }
	;
cond: expr			{ $$ = tk(N_COND, 0, @$, 1, $1, 0, 0); }
	| expr cmp expr		{ $$ = tk(N_COND, $2, @$, 2, $1, $3, 0); }
	;

opt_every: %empty		{ $$ = NULL; }
	| T_EVERY expr		{ $$ = $2; }
	;

cgroup: T_CGROUP IDENT opt_from opt_block
				{ $$ = ast_named(ast_make(N_CGROUP, @$, 2, $3, $4), $2); }
	;
opt_from: %empty		{ $$ = NULL; }
	| T_FROM IDENT		{ $$ = $2; }
	;
opt_block: %empty		{ $$ = NULL; }
	| '{' cg_body '}'	{ $$ = $2; }
	;

cg_body: %empty			{ $$ = ast_new(N_BLOCK, @$); }
	| cg_list
	| cg_list SEP
	;
cg_list: cg_item		{ $$ = ast_make(N_BLOCK, @$, 1, $1); }
	| cg_list SEP cg_item	{ $$ = ast_push($1, $3); $$->loc = @$; }
	| cg_list cg_item	{ $$ = ast_push($1, $2); $$->loc = @$; }
	;
cg_item: setting expr opt_per	{ $$ = tk(N_SET, $1, @$, 2, $2, $3, 0); }
	| T_METRIC IDENT '=' IDENT STRING { $$ = tk(N_SET, T_METRIC, @$, 3, $2, $4, $5); }
	| cgroup
	| error			{ $$ = ast_new(N_ERROR, @$); }
	;
opt_per: %empty			{ $$ = NULL; }
	| T_PER expr		{ $$ = $2; }
	;
setting: T_WORKERS { $$ = T_WORKERS; } | T_WORK { $$ = T_WORK; } | T_CPUSET { $$ = T_CPUSET; }
	| T_MEMS { $$ = T_MEMS; } | T_AFFINITY { $$ = T_AFFINITY; } | T_NICE { $$ = T_NICE; }
	| T_POLICY { $$ = T_POLICY; } | T_CPU_WEIGHT { $$ = T_CPU_WEIGHT; }
	| T_CPU_MAX { $$ = T_CPU_MAX; } | T_MEMORY_MAX { $$ = T_MEMORY_MAX; }
	| T_MEMORY_HIGH { $$ = T_MEMORY_HIGH; } | T_MEMORY_LOW { $$ = T_MEMORY_LOW; }
	| T_PIDS_MAX { $$ = T_PIDS_MAX; } | T_COMM { $$ = T_COMM; }
	;

step_body: %empty		{ $$ = ast_new(N_BLOCK, @$); }
	| step_list
	| step_list SEP
	;
step_list: step_op		{ $$ = ast_make(N_BLOCK, @$, 1, $1); }
	| step_list SEP step_op	{ $$ = ast_push($1, $3); $$->loc = @$; }
	| step_list step_op	{ $$ = ast_push($1, $2); $$->loc = @$; }
	;
step_op: T_ADD cgroup		{ $$ = tk(N_OP, T_ADD, @$, 1, $2, 0, 0); }
	| T_REMOVE IDENT	{ $$ = tk(N_OP, T_REMOVE, @$, 1, $2, 0, 0); }
	| T_CPUSET IDENT '=' expr { $$ = tk(N_OP, T_CPUSET, @$, 2, $2, $4, 0); }
	| T_AFFINITY IDENT '=' expr { $$ = tk(N_OP, T_AFFINITY, @$, 2, $2, $4, 0); }
	| T_MEMS IDENT '=' expr	{ $$ = tk(N_OP, T_MEMS, @$, 2, $2, $4, 0); }
	| T_SET IDENT setting '=' expr opt_per
				{ $$ = tk(N_OP, T_SET, @$, 3, $2, $5, $6); $$->kid[1]->tok = $3; }
	| T_CLEAR_CPUSET IDENT	{ $$ = tk(N_OP, T_CLEAR_CPUSET, @$, 1, $2, 0, 0); }
	| T_SWAP_CPUSETS IDENT IDENT { $$ = tk(N_OP, T_SWAP_CPUSETS, @$, 2, $2, $3, 0); }
	| T_SPAWN expr T_IN IDENT { $$ = tk(N_OP, T_SPAWN, @$, 2, $4, $2, 0); }
	| T_STOP IDENT		{ $$ = tk(N_OP, T_STOP, @$, 1, $2, 0, 0); }
	| T_STOP expr T_IN IDENT { $$ = tk(N_OP, T_STOP, @$, 2, $4, $2, 0); }
	| T_MOVE IDENT T_TO IDENT { $$ = tk(N_OP, T_MOVE, @$, 2, $2, $4, 0); }
	| T_FREEZE IDENT	{ $$ = tk(N_OP, T_FREEZE, @$, 1, $2, 0, 0); }
	| T_UNFREEZE IDENT	{ $$ = tk(N_OP, T_UNFREEZE, @$, 1, $2, 0, 0); }
	| T_SIGSTOP IDENT	{ $$ = tk(N_OP, T_SIGSTOP, @$, 1, $2, 0, 0); }
	| T_SIGCONT IDENT	{ $$ = tk(N_OP, T_SIGCONT, @$, 1, $2, 0, 0); }
	| T_SNAPSHOT STRING	{ $$ = tk(N_OP, T_SNAPSHOT, @$, 1, $2, 0, 0); }
	| T_SCHEDULER IDENT opt_ident opt_str
				{ $$ = tk(N_OP, T_SCHEDULER, @$, 3, $2, $3, $4); }
	| T_SYSCTL name_or_str '=' expr { $$ = tk(N_OP, T_SYSCTL, @$, 2, $2, $4, 0); }
	| T_WRITE STRING '=' expr { $$ = tk(N_OP, T_WRITE, @$, 2, $2, $4, 0); }
	| T_READ STRING		{ $$ = tk(N_OP, T_READ, @$, 1, $2, 0, 0); }
	| T_WAIT expr		{ $$ = tk(N_OP, T_WAIT, @$, 1, $2, 0, 0); }
	| error			{ $$ = ast_new(N_ERROR, @$); }
	;
opt_ident: %empty		{ $$ = NULL; }
	| IDENT
	;

claim_body: %empty		{ $$ = ast_new(N_BLOCK, @$); }
	| claim_list
	| claim_list SEP
	;
claim_list: claim		{ $$ = ast_make(N_BLOCK, @$, 1, $1); }
	| claim_list SEP claim	{ $$ = ast_push($1, $3); $$->loc = @$; }
	;
claim: expr cmp expr		{ $$ = tk(N_CLAIM, $2, @$, 2, $1, $3, 0); }
	| expr T_AT T_LEAST expr { $$ = tk(N_CLAIM, T_LEAST, @$, 2, $1, $4, 0); }
	| expr T_AT T_MOST expr	{ $$ = tk(N_CLAIM, T_MOST, @$, 2, $1, $4, 0); }
	| expr T_BETWEEN expr T_AND expr { $$ = tk(N_CLAIM, T_BETWEEN, @$, 3, $1, $3, $5); }
	| expr T_NEAR expr opt_within { $$ = tk(N_CLAIM, T_NEAR, @$, 3, $1, $3, $4); }
	| expr T_IS T_FINITE	{ $$ = tk(N_CLAIM, T_FINITE, @$, 1, $1, 0, 0); }
	| T_MONITOR T_CLEAN	{ $$ = tk(N_CLAIM, T_CLEAN, @$, 0, 0, 0, 0); }
	| T_SCHEDULER T_FAILS opt_ident opt_matching { $$ = $4; $$->loc = @$; ast_push($$, $3); }
	| error			{ $$ = ast_new(N_ERROR, @$); }
	;
%type <node> opt_matching;
opt_matching: %empty		{ $$ = ast_new(N_FAILS, @$); ast_push($$, NULL); }
	| T_MATCHING STRING	{ $$ = ast_make(N_FAILS, @$, 1, $2); }
	;
opt_within: %empty		{ $$ = NULL; }
	| T_WITHIN expr		{ $$ = $2; }
	;
cmp: '<' { $$ = '<'; } | LE { $$ = LE; } | '>' { $$ = '>'; } | GE { $$ = GE; }
	| EQ { $$ = EQ; } | NE { $$ = NE; }
	;

expr: expr '+' expr		{ $$ = ex(pc, tk(N_BINARY, '+', @$, 2, $1, $3, 0)); }
	| expr '-' expr		{ $$ = ex(pc, tk(N_BINARY, '-', @$, 2, $1, $3, 0)); }
	| expr '*' expr		{ $$ = ex(pc, tk(N_BINARY, '*', @$, 2, $1, $3, 0)); }
	| expr '/' expr		{ $$ = ex(pc, tk(N_BINARY, '/', @$, 2, $1, $3, 0)); }
	| '-' expr %prec NEG	{ $$ = ex(pc, ast_make(N_NEG, @$, 1, $2)); }
	| primary
	;
primary: NUMBER | STRING | IDENT
	| IDENT '(' args ')'	{ $$ = $3; $$->kind = N_CALL; $$->loc = @$; $$ = ex(pc, ast_named($$, $1)); }
	| '(' expr ')'		{ $$ = ex(pc, ast_make(N_PAREN, @$, 1, $2)); }
	| primary '[' IDENT expr ']'
				{ $$ = ex(pc, ast_named(ast_make(N_SELECT, @$, 2, $1, $4), $3)); }
	| primary '[' T_STEP expr ']'
				{ $$ = ast_make(N_SELECT, @$, 2, $1, $4); $$->tok = T_STEP; $$ = ex(pc, $$); }
	;
args: %empty			{ $$ = ast_new(N_BLOCK, @$); }
	| arglist
	;
arglist: arg			{ $$ = ast_make(N_BLOCK, @$, 1, $1); }
	| arglist ',' arg	{ $$ = ast_push($1, $3); }
	;
arg: expr
	| IDENT '=' expr	{ $$ = ast_named(ast_make(N_NAMED, @$, 1, $3), $1); }
	| expr T_OF expr	{ $$ = ast_make(N_OF, @$, 2, $1, $3); }
	| expr T_FOR expr	{ $$ = ast_make(N_FOR, @$, 2, $1, $3); }
	;

%%

/* A keyword spelling of an expected symbol, or NULL. */
static const char *expected_word(yysymbol_kind_t k)
{
	const char *s = yysymbol_name(k);

	return lex_keyword(s) ? s : NULL;
}

/* Hint for a misspelt keyword, or for a keyword used as a name. */
static const char *syntax_hint(struct parse_ctx *pc, const yypcontext_t *ctx, char *hint,
			       size_t len)
{
	yysymbol_kind_t exp[64];
	const char *names[64];
	int n = yypcontext_expected_tokens(ctx, exp, 64);
	int tok = pc->lex->last;

	if (tok == IDENT) {
		for (int i = 0; i < n; i++)
			names[i] = expected_word(exp[i]);
		return diag_did_you_mean(hint, len, pc->lex->lexeme, names, n > 0 ? n : 0);
	}
	if (lex_keyword(pc->lex->lexeme))
		for (int i = 0; i < n; i++)
			if (exp[i] == YYSYMBOL_IDENT) {
				snprintf(hint, len, "'%s' is a keyword; choose another name",
					 pc->lex->lexeme);
				return hint;
			}
	return NULL;
}

static int yyreport_syntax_error(const yypcontext_t *ctx, void *scanner, struct parse_ctx *pc)
{
	yysymbol_kind_t exp[5];
	int n = yypcontext_expected_tokens(ctx, exp, 5);
	yysymbol_kind_t got = yypcontext_token(ctx);
	char msg[256], hint[128];
	const char *h;
	int o;

	(void)scanner;
	if (pc->lex->deep)
		return 0;
	if (got == YYSYMBOL_YYEOF)
		o = snprintf(msg, sizeof(msg), "unexpected end of file");
	else if (got == YYSYMBOL_SEP && pc->lex->last == SEP && pc->lex->lexeme[0] == 'n')
		o = snprintf(msg, sizeof(msg), "unexpected end of line");
	else
		o = snprintf(msg, sizeof(msg), "unexpected '%s'", pc->lex->lexeme);
	if (n > 0 && n < 5 && o > 0) {
		o += snprintf(msg + o, sizeof(msg) - (size_t)o, ", expected ");
		for (int i = 0; i < n && o > 0 && (size_t)o < sizeof(msg); i++)
			o += snprintf(msg + o, sizeof(msg) - (size_t)o, "%s%s",
				      i == 0 ? "" : i == n - 1 ? " or " : ", ", parse_symbol(exp[i]));
	}
	h = syntax_hint(pc, ctx, hint, sizeof(hint));
	if (got == YYSYMBOL_YYEOF && !h && pc->lex->nest > 0 && pc->lex->nest <= (int)sizeof(pc->lex->open))
		h = pc->lex->open[pc->lex->nest - 1] == '{' ? "a block opened with '{' is not closed"
		    : pc->lex->open[pc->lex->nest - 1] == '(' ? "a '(' is not closed"
							      : "a '[' is not closed";
	else if (got == YYSYMBOL_YYEOF && !h)
		h = "a block opened with '{' is not closed";
	diag_error(pc->src, *yypcontext_location(ctx), h, "%s", msg);
	return 0;
}

const char *parse_symbol(int sym)
{
	static char buf[64];
	const char *s = yysymbol_name((yysymbol_kind_t)sym);

	if (!strcmp(s, "name") || !strcmp(s, "number") || !strcmp(s, "string"))
		snprintf(buf, sizeof(buf), "a %s", s);
	else if (!strcmp(s, "end of statement"))
		snprintf(buf, sizeof(buf), "a new line");
	else if (s[0] == '\'')
		snprintf(buf, sizeof(buf), "%s", s);
	else
		snprintf(buf, sizeof(buf), "'%s'", s);
	return buf;
}
