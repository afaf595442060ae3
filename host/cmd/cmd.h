/* Sub-commands of the ktsrun CLI. Each lives in host/cmd/cmd_<name>.c. */
#ifndef KTS_HOST_CMD_CMD_H
#define KTS_HOST_CMD_CMD_H

#include <stddef.h>

#include "host/util/exitcode.h"

struct cmd {
	const char *name;
	int (*run)(int argc, char **argv); /* argv[0] is the command name */
	const char *usage;		   /* one line, after "ktsrun " */
	const char *summary;
};

int cmd_topo(int argc, char **argv);
int cmd_kernel(int argc, char **argv);
int cmd_initrd(int argc, char **argv);
int cmd_worktest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_disasm(int argc, char **argv);
int cmd_fmt(int argc, char **argv);
int cmd_compile(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_sched(int argc, char **argv);
int cmd_schedtest(int argc, char **argv);
int cmd_selftest(int argc, char **argv);
int cmd_completion(int argc, char **argv);
/* The command table, for the completion scripts (main.c hands it over). */
void cmd_completion_table(const struct cmd *cmds, size_t n);
int cmd_compare(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_report_merge(int argc, char **argv); /* argv[1] is "merge" */
int cmd_gauntlet(int argc, char **argv);     /* ktsrun --gauntlet, ktsrun run --gauntlet */
int cmd_local(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_shell(int argc, char **argv);
int cmd_chantest(int argc, char **argv);
int cmd_verifier(int argc, char **argv);

#endif
