/* The zsh completion function (_ktsrun), written from the command table and
 * the completion spec, with a description for every command and option. */
#include <string.h>

#include "host/cmd/completion.h"

/* Text inside single quotes: ' closes the quote, and in an _arguments spec
 * (spec) : [ ] separate the fields. */
static void put_quoted(FILE *f, const char *s, int spec)
{
	for (; s && *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else if (spec && (*s == ':' || *s == '[' || *s == ']'))
			fprintf(f, "\\%c", *s);
		else
			fputc(*s, f);
	}
}

static void put_action(FILE *f, enum completion_kind k, const char *words)
{
	static const char *const offer[] = {
		[CK_KTS] = "kts",	[CK_PRESET] = "preset", [CK_SCHED] = "sched",
		[CK_KERNEL] = "kernel", [CK_STDLIB] = "stdlib",
	};

	if (k == CK_TEXT || k == CK_NONE)
		fputs(" ", f);
	else if (k == CK_FILE)
		fputs("_files", f);
	else if (k == CK_WORDS)
		fprintf(f, "(%s)", words);
	else
		fprintf(f, "{_ktsrun_offer %s}", offer[k]);
}

/* One _arguments spec: '(-w --write)'{-w,--write}'[rewrite]' and the like. */
static void put_opt(FILE *f, const struct completion_opt *o)
{
	const char *p = o->names;
	int many = strchr(o->names, ' ') != NULL;

	fputs(" \\\n\t\t", f);
	if (o->repeat)
		fputs("'*'", f);
	else if (many)
		fprintf(f, "'(%s)'", o->names);
	fputs(many ? "{" : "", f);
	while (*p) {
		size_t len = strcspn(p, " ");
		/* how the value may follow: -D+ (same or next word), --opt= (=VALUE or next word) */
		const char *how = !o->arg || o->next_word ? "" : p[1] == '-' ? "=" : "+";

		fprintf(f, "%s%.*s%s", p == o->names ? "" : ",", (int)len, p, how);
		p += len + (p[len] == ' ');
	}
	fputs(many ? "}'[" : "'[", f);
	put_quoted(f, o->desc, 1);
	fputc(']', f);
	if (o->arg) {
		fputc(':', f);
		put_quoted(f, o->arg, 1);
		fputc(':', f);
		put_action(f, o->kind, o->words);
	}
	fputc('\'', f);
}

static const char head[] =
	"# Candidates for a value: _ktsrun_offer KIND. Names come from ktsrun itself.\n"
	"_ktsrun_offer() {\n"
	"\tlocal -a w\n"
	"\tcase $1 in\n"
	"\tkts) _files -g '*.kts(-.)'; return ;;\n"
	"\tsched | kernel) [[ $PREFIX == */* ]] && { _files; return; } ;;\n"
	"\tesac\n"
	"\tcase $1 in\n"
	"\tpreset) w=(${(f)\"$($_ktsrun_bin topo --list 2>/dev/null | awk 'f { print $1 } /^NAME / { f = 1 "
	"}')\"}) ;;\n"
	"\tsched) w=(${(f)\"$($_ktsrun_bin sched list 2>/dev/null | awk 'NR > 1 && !seen[$1]++ { print $1 "
	"}')\"}) ;;\n"
	"\tkernel) w=(${(f)\"$($_ktsrun_bin kernel list 2>/dev/null | awk 'NR > 1 && !seen[$1]++ { print $1 "
	"}')\"}) ;;\n"
	"\tstdlib) w=(${(f)\"$($_ktsrun_bin list 2>/dev/null | awk '{ print $1 }')\"}) ;;\n"
	"\tesac\n"
	"\tcompadd -a w\n"
	"}\n\n";

void completion_zsh_write(FILE *f, const struct cmd *cmds, size_t n)
{
	size_t nc;
	const struct completion_ctx *c = completion_ctxs(&nc);
	char subs[256];

	fputs("#compdef ktsrun\n"
	      "# zsh completion for ktsrun, written by 'ktsrun completion zsh' from its command\n"
	      "# table: put it in a directory of $fpath as _ktsrun (make install does), or\n"
	      "# source it after compinit.\n\n",
	      f);
	fputs(head, f);
	fputs("_ktsrun() {\n"
	      "\tlocal _ktsrun_bin=${words[1]/#\\~/$HOME} ctx curcontext=$curcontext\n"
	      "\tlocal -a cmds subs\n"
	      "\tcmds=(",
	      f);
	for (size_t i = 0; i < n; i++) {
		fprintf(f, "\n\t\t'%s:", cmds[i].name);
		put_quoted(f, cmds[i].summary, 0);
		fputc('\'', f);
	}
	fputs("\n\t\t'help:list the commands'\n\t)\n"
	      "\tif ((CURRENT == 2)); then\n"
	      "\t\tif [[ $PREFIX == -* ]]; then compadd -- --help --version; else _describe -t commands "
	      "'ktsrun command' cmds; fi\n"
	      "\t\treturn\n"
	      "\tfi\n"
	      "\tctx=$words[2]\n"
	      "\tcase $ctx in\n",
	      f);
	for (size_t i = 0; i < n; i++) {
		if (!completion_subs(cmds[i].name, subs, sizeof(subs)))
			continue;
		fprintf(f, "\t%s) subs=(", cmds[i].name);
		for (size_t j = 0; j < nc; j++)
			if (c[j].sub && !strcmp(c[j].cmd, cmds[i].name)) {
				fprintf(f, " '%s:", c[j].sub);
				put_quoted(f, c[j].desc, 0);
				fputc('\'', f);
			}
		fputs(" ) ;;\n", f);
	}
	fputs("\tesac\n"
	      "\tif (($#subs)); then\n"
	      "\t\tif ((CURRENT == 3)); then\n"
	      "\t\t\t_describe -t commands \"ktsrun $ctx command\" subs\n"
	      "\t\t\treturn\n"
	      "\t\tfi\n"
	      "\t\tctx=\"$ctx-$words[3]\"\n"
	      "\t\tshift words\n"
	      "\t\t((CURRENT--))\n"
	      "\tfi\n"
	      "\tshift words\n"
	      "\t((CURRENT--))\n"
	      "\tcurcontext=\"${curcontext%:*:*}:ktsrun-$ctx:\"\n"
	      "\tcase $ctx in\n",
	      f);
	for (size_t i = 0; i < nc; i++) {
		fprintf(f, "\t%s%s%s)\n\t\t_arguments -s -S", c[i].cmd, c[i].sub ? "-" : "",
			c[i].sub ? c[i].sub : "");
		for (const struct completion_opt *o = c[i].opts; o->names; o++)
			put_opt(f, o);
		if (!c[i].sub) /* a sub-command's --help is its command's */
			fputs(" \\\n\t\t'--help[print the usage]'", f);
		if (c[i].operand != CK_NONE) {
			fputs(" \\\n\t\t'*:operand:", f);
			put_action(f, c[i].operand, c[i].operand_words);
			fputc('\'', f);
		}
		fputs("\n\t\t;;\n", f);
	}
	fputs("\tesac\n"
	      "}\n\n"
	      "# autoloaded from $fpath: complete now; sourced: register\n"
	      "if [[ $funcstack[1] == _ktsrun ]]; then\n"
	      "\t_ktsrun \"$@\"\n"
	      "else\n"
	      "\tcompdef _ktsrun ktsrun\n"
	      "fi\n",
	      f);
}
