/* ktsrun: command dispatch. */
#include <stdio.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/util/log.h"

#define KTSRUN_VERSION "0.1.0"

static const struct cmd cmds[] = {
	{ "topo", cmd_topo, "topo [--topo SPEC] [--kernel K] [--accel A]",
	  "boot a VM on a declared topology; print declared beside observed" },
	{ "kernel", cmd_kernel, "kernel build|list|show|offsets|clean [...]",
	  "build and cache guest kernels with the required config" },
	{ "initrd", cmd_initrd, "initrd -o FILE", "write the guest initramfs to FILE" },
	{ "worktest", cmd_worktest, "worktest [--topo SPEC] [--kernel K]",
	  "run every work type briefly in a VM; check the telemetry" },
	{ "check", cmd_check, "check [-D NAME=VALUE] FILE...", "compile and verify scenarios" },
	{ "disasm", cmd_disasm, "disasm [-D NAME=VALUE] FILE", "print a scenario's bytecode" },
	{ "fmt", cmd_fmt, "fmt [-w | --check] FILE...", "print scenarios in the canonical layout" },
	{ "compile", cmd_compile, "compile [-D NAME=VALUE] -o OUT FILE", "compile a scenario to bytecode" },
	{ "run", cmd_run, "run FILE.kts|FILE.ktsb|DIR... [--stdlib NAME] [...]",
	  "run scenarios in VMs and judge them: claims and default checks" },
	{ "list", cmd_list, "list [DIR|FILE]...", "list scenarios with their descriptions" },
	{ "sched", cmd_sched, "sched build|list [--kernel K] [--jobs N]",
	  "build and cache sched_ext schedulers for a cached kernel" },
	{ "schedtest", cmd_schedtest, "schedtest --scheduler NAME[:ARGS] [...]",
	  "load a scheduler in a VM under spinners; classify how it ended" },
	{ "verifier", cmd_verifier, "verifier --scheduler NAME[:ARGS] [...]",
	  "per BPF program: the verifier's instructions and states; a failed load's log" },
	{ "report", cmd_report, "report merge A.json B.json... -o OUT",
	  "merge the results of a gauntlet's shards into one" },
	{ "selftest", cmd_selftest, "selftest [--test NAME]... [--json OUT]",
	  "run the kernel's sched_ext selftests in a VM" },
	{ "completion", cmd_completion, "completion bash|zsh", "print the shell completion script" },
	{ "compare", cmd_compare, "compare A.json B.json [--metric M] [--abs X]",
	  "compare results: verdict changes, regressions beyond gates and noise" },
	{ "report", cmd_report, "report RESULT.json|DIR... [--color W]",
	  "print results: a verdict matrix per scheduler, then the failures" },
	{ "shell", cmd_shell, "shell [--topo SPEC] [--scheduler S] [-i PATH]... [--exec CMD]",
	  "a busybox shell in a VM with the run's guest, or one command in it" },
	{ "export", cmd_export, "export FILE.kts [-D NAME=VALUE]... [--scheduler S] -o FILE.run",
	  "one executable file that runs the scenario on a real machine" },
	{ "local", cmd_local, "local DIR [--json OUT] [--verbose]",
	  "run an unpacked export on this machine, no VM (what a .run file calls)" },
	{ "chantest", cmd_chantest, "chantest [--pings N] [--line TEXT] [...]",
	  "ping the guest and type on its console: the host-to-guest channel" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: ktsrun COMMAND [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-44s %s\n", cmds[i].usage, cmds[i].summary);
	fprintf(f, "\n  ktsrun --gauntlet FILE.kts|DIR... [--presets TAGS] [--budget DUR] [--shard K/N]\n"
		   "         scenarios over topology presets, schedulers and kernels (also run --gauntlet)\n"
		   "  ktsrun help | --help | --version\n"
		   "Run 'man ktsrun' or see doc/ for details.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return EXIT_ERROR;
	}
	if (!strcmp(argv[1], "help") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "version")) {
		printf("ktsrun %s\n", KTSRUN_VERSION);
		return 0;
	}
	if (!strcmp(argv[1], "--gauntlet"))
		return cmd_gauntlet(argc, argv);
	cmd_completion_table(cmds, sizeof(cmds) / sizeof(cmds[0]));
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (!strcmp(argv[1], cmds[i].name))
			return cmds[i].run(argc - 1, argv + 1);
	log_err("unknown command '%s'; run 'ktsrun --help' for the list", argv[1]);
	return EXIT_ERROR;
}
