/* What a shell completes after each command: its sub-commands, options
 * and the kind of each value. The scripts (completion_bash.c,
 * completion_zsh.c) are written from this and from the command table, and
 * tests/cli/completion.sh holds every option to each command's --help. */
#ifndef KTS_HOST_CMD_COMPLETION_H
#define KTS_HOST_CMD_COMPLETION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "host/cmd/cmd.h"

/* What a value or an operand is, hence what is offered for it. */
enum completion_kind {
	CK_NONE,   /* a flag: no value */
	CK_TEXT,   /* free text: nothing to offer */
	CK_FILE,   /* any file */
	CK_KTS,	   /* .kts files and directories */
	CK_PRESET, /* topology presets (ktsrun topo --list) */
	CK_SCHED,  /* built schedulers (ktsrun sched list), or a path */
	CK_KERNEL, /* cached kernel keys (ktsrun kernel list), or a path */
	CK_STDLIB, /* standard scenario names (ktsrun list) */
	CK_WORDS,  /* one of .words */
};

struct completion_opt {
	const char *names; /* "-D --define": every spelling, space-separated */
	const char *arg;   /* the value's placeholder; NULL for a flag */
	enum completion_kind kind;
	const char *words; /* CK_WORDS: the choices, space-separated */
	const char *desc;  /* a few words, for zsh */
	bool repeat;	   /* may be given more than once */
	bool next_word;	   /* the value is the next word only (no --opt=VALUE) */
};

struct completion_ctx {
	const char *cmd, *sub; /* sub: a sub-command, or NULL */
	const char *desc;      /* the sub-command's description */
	enum completion_kind operand;
	const char *operand_words;
	const struct completion_opt *opts; /* ends with names == NULL */
};

/* Every context: a command without sub-commands has one with sub NULL, a
 * command with them one per sub-command. */
const struct completion_ctx *completion_ctxs(size_t *n);
/* The command's sub-commands, space-separated, or NULL. */
const char *completion_subs(const char *cmd, char *buf, size_t len);

void completion_bash_write(FILE *f, const struct cmd *cmds, size_t n);
void completion_zsh_write(FILE *f, const struct cmd *cmds, size_t n);

#endif
