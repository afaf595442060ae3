/* Sub-commands of the ktsrun CLI. Each lives in host/cmd_<name>.c. */
#ifndef KTS_HOST_CMD_CMD_H
#define KTS_HOST_CMD_CMD_H

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
int cmd_chantest(int argc, char **argv);

#endif
