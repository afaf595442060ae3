/* ktsrun completion bash|zsh: print the shell's completion script. */
#include <stdio.h>
#include <string.h>

#include "host/cmd/completion.h"
#include "host/util/log.h"

static const struct cmd *table;
static size_t ntable;

void cmd_completion_table(const struct cmd *cmds, size_t n)
{
	table = cmds, ntable = n;
}

int cmd_completion(int argc, char **argv)
{
	if (argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		fputs("usage: ktsrun completion bash|zsh\n"
		      "Print the shell completion script for every command and option, with presets,\n"
		      "built schedulers, cached kernels, standard scenarios and .kts files as values:\n"
		      "  source <(ktsrun completion bash)      in ~/.bashrc\n"
		      "  ktsrun completion zsh > ~/.zfunc/_ktsrun   with ~/.zfunc in $fpath\n"
		      "make install puts both where the shells look.\n",
		      stdout);
		return EXIT_PASS;
	}
	if (argc != 2 || (strcmp(argv[1], "bash") && strcmp(argv[1], "zsh"))) {
		log_err("completion wants a shell: bash or zsh");
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "bash"))
		completion_bash_write(stdout, table, ntable);
	else
		completion_zsh_write(stdout, table, ntable);
	return fflush(stdout) ? EXIT_ERROR : EXIT_PASS;
}
