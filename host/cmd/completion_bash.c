/* The bash completion script, written from the command table and the
 * completion spec; it needs nothing but bash (no bash-completion helpers). */
#include <string.h>

#include "host/cmd/completion.h"

static const char *kind_name(enum completion_kind k)
{
	static const char *const names[] = {
		[CK_NONE] = "none",	[CK_TEXT] = "text",	[CK_FILE] = "file",
		[CK_KTS] = "kts",	[CK_PRESET] = "preset", [CK_SCHED] = "sched",
		[CK_KERNEL] = "kernel", [CK_STDLIB] = "stdlib", [CK_WORDS] = "words",
	};

	return names[k];
}

/* "cmd" or "cmd sub": what the script matches the command line against. */
static void ctx_name(const struct completion_ctx *c, char *buf, size_t len)
{
	snprintf(buf, len, "%s%s%s", c->cmd, c->sub ? " " : "", c->sub ? c->sub : "");
}

static const char head[] =
	"# Candidates: _ktsrun_offer KIND CUR [WORDS]. Names come from ktsrun itself.\n"
	"_ktsrun_offer() {\n"
	"\tlocal kind=$1 cur=$2 bin=${COMP_WORDS[0]/#\\~/$HOME} list=\"\" IFS=$' \\t\\n'\n"
	"\tcase $kind in\n"
	"\tnone | text) return ;;\n"
	"\twords) list=$3 ;;\n"
	"\tpreset) list=$(\"$bin\" topo --list 2>/dev/null | awk 'f { print $1 } /^NAME / { f = 1 }') ;;\n"
	"\tsched) list=$(\"$bin\" sched list 2>/dev/null | awk 'NR > 1 && !seen[$1]++ { print $1 }') ;;\n"
	"\tkernel) list=$(\"$bin\" kernel list 2>/dev/null | awk 'NR > 1 && !seen[$1]++ { print $1 }') ;;\n"
	"\tstdlib) list=$(\"$bin\" list 2>/dev/null | awk '{ print $1 }') ;;\n"
	"\tesac\n"
	"\t# a scheduler or a kernel may also be a path\n"
	"\tif [[ $kind == file || $kind == kts || ($kind == sched || $kind == kernel) && $cur == */* ]]; "
	"then\n"
	"\t\tcompopt -o filenames 2>/dev/null\n"
	"\t\tIFS=$'\\n'\n"
	"\t\tif [[ $kind == kts ]]; then\n"
	"\t\t\tCOMPREPLY=($(compgen -d -- \"$cur\"; compgen -f -X '!*.kts' -- \"$cur\"))\n"
	"\t\telse\n"
	"\t\t\tCOMPREPLY=($(compgen -f -- \"$cur\"))\n"
	"\t\tfi\n"
	"\telse\n"
	"\t\tCOMPREPLY=($(compgen -W \"$list\" -- \"$cur\"))\n"
	"\tfi\n"
	"}\n\n";

static void write_subs(FILE *f, const struct cmd *cmds, size_t n)
{
	char subs[256];

	fputs("\tcase $ctx in\n", f);
	for (size_t i = 0; i < n; i++)
		if (completion_subs(cmds[i].name, subs, sizeof(subs)))
			fprintf(f, "\t%s) subs=\"%s\" ;;\n", cmds[i].name, subs);
	fputs("\tesac\n", f);
}

/* case "$ctx $prev": the value of an option. */
static void write_values(FILE *f, const struct completion_ctx *c, size_t n)
{
	char ctx[64], names[64];

	fputs("\tcase \"$ctx $prev\" in\n", f);
	for (size_t i = 0; i < n; i++) {
		ctx_name(&c[i], ctx, sizeof(ctx));
		for (const struct completion_opt *o = c[i].opts; o->names; o++) {
			const char *p = o->names;
			int first = 1;

			if (!o->arg)
				continue;
			fputc('\t', f);
			while (*p) {
				size_t len = strcspn(p, " ");

				snprintf(names, sizeof(names), "%.*s", (int)len, p);
				fprintf(f, "%s\"%s %s\"", first ? "" : " | ", ctx, names);
				first = 0;
				p += len + (p[len] == ' ');
			}
			fprintf(f, ") _ktsrun_offer %s \"$cur\" \"%s\"; return ;;\n", kind_name(o->kind),
				o->words ? o->words : "");
		}
	}
	fputs("\tesac\n", f);
}

static void write_options(FILE *f, const struct completion_ctx *c, size_t n)
{
	char ctx[64];

	fputs("\tcase $ctx in\n", f);
	for (size_t i = 0; i < n; i++) {
		ctx_name(&c[i], ctx, sizeof(ctx));
		fprintf(f, "\t\"%s\") opts=\"", ctx);
		for (const struct completion_opt *o = c[i].opts; o->names; o++)
			fprintf(f, "%s%s", o == c[i].opts ? "" : " ", o->names);
		/* a sub-command's --help is its command's */
		fprintf(f, "%s\" operand=%s words=\"%s\" ;;\n", c[i].sub ? "" : " --help",
			kind_name(c[i].operand), c[i].operand_words ? c[i].operand_words : "");
	}
	fputs("\tesac\n", f);
}

void completion_bash_write(FILE *f, const struct cmd *cmds, size_t n)
{
	size_t nc;
	const struct completion_ctx *c = completion_ctxs(&nc);

	fputs("# bash completion for ktsrun, written by 'ktsrun completion bash' from its\n"
	      "# command table: source it, or install it as\n"
	      "# /usr/share/bash-completion/completions/ktsrun (make install does).\n\n",
	      f);
	fputs(head, f);
	fputs("_ktsrun() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}\n"
	      "\tlocal ctx=${COMP_WORDS[1]} subs=\"\" opts=\"\" operand=none words=\"\"\n"
	      "\tCOMPREPLY=()\n"
	      "\tif ((COMP_CWORD == 1)); then\n"
	      "\t\t_ktsrun_offer words \"$cur\" \"",
	      f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s ", cmds[i].name);
	fputs("help --help --version\"\n"
	      "\t\treturn\n"
	      "\tfi\n",
	      f);
	write_subs(f, cmds, n);
	fputs("\tif [[ -n $subs ]]; then\n"
	      "\t\tif ((COMP_CWORD == 2)); then\n"
	      "\t\t\t_ktsrun_offer words \"$cur\" \"$subs\"\n"
	      "\t\t\treturn\n"
	      "\t\tfi\n"
	      "\t\tctx=\"$ctx ${COMP_WORDS[2]}\"\n"
	      "\tfi\n"
	      "\t# bash splits --opt=VALUE at the '=' (COMP_WORDBREAKS)\n"
	      "\tif [[ $cur == = ]]; then\n"
	      "\t\tcur=\"\"\n"
	      "\telif [[ $prev == = ]] && ((COMP_CWORD > 2)); then\n"
	      "\t\tprev=${COMP_WORDS[COMP_CWORD-2]}\n"
	      "\tfi\n",
	      f);
	write_values(f, c, nc);
	write_options(f, c, nc);
	fputs("\tif [[ $cur == -* || $operand == none ]]; then\n"
	      "\t\t_ktsrun_offer words \"$cur\" \"$opts\"\n"
	      "\telse\n"
	      "\t\t_ktsrun_offer \"$operand\" \"$cur\" \"$words\"\n"
	      "\tfi\n"
	      "}\n\n"
	      "complete -F _ktsrun ktsrun\n",
	      f);
}
