/* The completion spec of every command (see completion.h). */
#include "host/cmd/completion.h"

#include <string.h>

/* vmopts.h's shared VM options. */
#define VM_OPTS                                                                                             \
	{ "--topo", "SPEC", CK_PRESET, NULL, "topology preset or spelling like 2n4l2c2t", false, false },   \
		{ "--kernel", "K", CK_KERNEL, NULL, "bzImage path or kernel cache key", false, false },     \
		{ "--accel", "A", CK_WORDS, "auto own kvm tcg", "which VM runs the kernel", false, false }, \
		{ "--mem", "MIB", CK_TEXT, NULL, "guest RAM in MiB", false, false },                        \
		{ "--timeout", "SEC", CK_TEXT, NULL, "watchdog in seconds", false, false },                 \
	{                                                                                                   \
		"--console", NULL, CK_NONE, NULL, "copy the guest console to stderr", false, false          \
	}

#define DEFINE_OPT { "-D --define", "NAME=VALUE", CK_TEXT, NULL, "set a param of the scenario", true, false }
#define END	   { NULL, NULL, CK_NONE, NULL, NULL, false, false }

static const struct completion_opt topo_opts[] = {
	VM_OPTS,
	{ "--fault", "KIND", CK_WORDS, "panic hang garbage flood exit", "make the guest misbehave (tests)",
	  false, false },
	{ "--list", NULL, CK_NONE, NULL, "list topology presets", false, false },
	{ "--vcpus-per-core", "N", CK_TEXT, NULL, "with --list: the TCG cap of vCPUs per host core", false,
	  false },
	{ "--mem-cap", "MIB", CK_TEXT, NULL, "with --list: the guest RAM cap", false, false },
	END,
};

static const struct completion_opt kernel_build_opts[] = {
	{ "--source", "DIR|TARBALL", CK_FILE, NULL, "kernel source tree or tarball", false, false },
	{ "-j --jobs", "N", CK_TEXT, NULL, "parallel make jobs", false, true },
	{ "--force", NULL, CK_NONE, NULL, "rebuild even if cached", false, false },
	{ "--keep-build", NULL, CK_NONE, NULL, "keep the extracted source and objects", false, false },
	END,
};

static const struct completion_opt kernel_clean_opts[] = {
	{ "--all", NULL, CK_NONE, NULL, "remove every cached kernel", false, false },
	END,
};

static const struct completion_opt kernel_offsets_opts[] = {
	{ "--kernel", "K", CK_KERNEL, NULL, "bzImage path or kernel cache key", false, false },
	END,
};

static const struct completion_opt none_opts[] = { END };

static const struct completion_opt initrd_opts[] = {
	{ "-o", "FILE", CK_FILE, NULL, "where to write the initramfs", false, true },
	END,
};

static const struct completion_opt chantest_opts[] = {
	VM_OPTS,
	{ "--pings", "N", CK_TEXT, NULL, "pings to send over COM2", false, false },
	{ "--line", "TEXT", CK_TEXT, NULL, "a line to type on the guest's console", false, false },
	END,
};

static const struct completion_opt worktest_opts[] = {
	VM_OPTS,
	{ "--workers", NULL, CK_NONE, NULL, "one line per worker too", false, false },
	END,
};

static const struct completion_opt check_opts[] = { DEFINE_OPT, END };

static const struct completion_opt fmt_opts[] = {
	{ "-w --write", NULL, CK_NONE, NULL, "rewrite the files in place", false, false },
	{ "--check", NULL, CK_NONE, NULL, "exit 1 if a file is not formatted", false, false },
	END,
};

static const struct completion_opt compile_opts[] = {
	DEFINE_OPT,
	{ "-o --output", "OUT", CK_FILE, NULL, "the bytecode file to write", false, false },
	END,
};

static const struct completion_opt run_opts[] = {
	VM_OPTS,
	{ "--stdlib", "NAME", CK_STDLIB, NULL, "a standard scenario by name", true, false },
	{ "--monitor-hz", "N", CK_TEXT, NULL, "samples a second of the host-side monitor", false, false },
	{ "--no-monitor", NULL, CK_NONE, NULL, "do not read guest memory", false, false },
	{ "--scx-watchdog", "SEC", CK_TEXT, NULL, "write the sched_ext watchdog timeout into the guest",
	  false, false },
	{ "--no-repro", NULL, CK_NONE, NULL, "no second VM with probes after a scheduler failure", false,
	  false },
	{ "--repro-stalls", NULL, CK_NONE, NULL, "the auto-repro for stalls too", false, false },
	{ "--scheduler", "S", CK_SCHED, NULL, "run under this sched_ext scheduler", false, false },
	{ "-D", "NAME=VALUE", CK_TEXT, NULL, "override a param of the scenarios", true, false },
	{ "--json", "OUT", CK_FILE, NULL, "write every result to OUT", false, false },
	{ "--emulation", "M", CK_WORDS, "auto on off", "thresholds for emulation or hardware", false, false },
	{ "--max-gap", "MS", CK_TEXT, NULL, "largest scheduling gap allowed, ms", false, false },
	{ "--spread", "PCT", CK_TEXT, NULL, "fairness spread allowed, percent", false, false },
	{ "--fault", "F", CK_WORDS, "panic hang exit panic_step", "make the guest fail (tests)", false,
	  false },
	{ "--verbose", NULL, CK_NONE, NULL, "print every item for passes too", false, false },
	{ "--gauntlet", NULL, CK_NONE, NULL, "over topology presets, schedulers, kernels", false, false },
	{ "--dump-at", "SEC", CK_TEXT, NULL, "ask for the sched_ext dump SEC after the start", false, false },
	END,
};

static const struct completion_opt shell_opts[] = {
	VM_OPTS,
	{ "--scheduler", "NAME[:ARGS]", CK_SCHED, NULL, "load this scheduler first", false, false },
	{ "-i --include", "PATH", CK_FILE, NULL, "a file or directory for /include", true, true },
	{ "--exec", "CMD", CK_TEXT, NULL, "run one command, print its output, exit with its status", false,
	  false },
	END,
};

static const struct completion_opt export_opts[] = {
	DEFINE_OPT,
	{ "--scheduler", "NAME[:ARGS]", CK_SCHED, NULL, "the scheduler the file carries", false, false },
	{ "--kernel", "K", CK_KERNEL, NULL, "the cached kernel whose schedulers to take", false, false },
	{ "-o --output", "FILE.run", CK_FILE, NULL, "the file to write", false, true },
	END,
};

static const struct completion_opt local_opts[] = {
	{ "--json", "OUT", CK_FILE, NULL, "write the result file", false, false },
	{ "--verbose", NULL, CK_NONE, NULL, "every worker's figures", false, false },
	{ "--emulation", "M", CK_WORDS, "auto on off", "thresholds for an emulated machine", false, false },
	END,
};

static const struct completion_opt sched_build_opts[] = {
	{ "--kernel", "KEY", CK_KERNEL, NULL, "the cached kernel to build for", false, true },
	{ "-j --jobs", "N", CK_TEXT, NULL, "parallel make jobs", false, true },
	{ "--force", NULL, CK_NONE, NULL, "rebuild even if cached", false, false },
	END,
};

static const struct completion_opt schedtest_opts[] = {
	VM_OPTS,
	{ "--scheduler", "NAME[:ARGS]", CK_SCHED, NULL, "the scheduler to load", false, false },
	{ "--duration", "SEC", CK_TEXT, NULL, "how long the spinners run", false, false },
	{ "--dump-at", "SEC", CK_TEXT, NULL, "ask for the sched_ext dump SEC after enabling", false, false },
	{ "--expect-fail", "KIND[:PATTERN]", CK_WORDS, "load exit error stall other", "the failure expected",
	  false, false },
	{ "--spinners", "N", CK_TEXT, NULL, "spinning workers", false, false },
	{ "--load-timeout", "SEC", CK_TEXT, NULL, "wait this long for sched_ext", false, false },
	END,
};

static const struct completion_opt verifier_opts[] = {
	{ "--topo", "SPEC", CK_PRESET, NULL, "topology preset or spelling; repeatable", true, false },
	{ "--kernel", "K", CK_KERNEL, NULL, "bzImage path or kernel cache key; repeatable", true, false },
	{ "--accel", "A", CK_WORDS, "auto own kvm tcg", "which VM runs the kernel", false, false },
	{ "--mem", "MIB", CK_TEXT, NULL, "guest RAM in MiB", false, false },
	{ "--timeout", "SEC", CK_TEXT, NULL, "watchdog in seconds", false, false },
	{ "--console", NULL, CK_NONE, NULL, "copy the guest console to stderr", false, false },
	{ "--scheduler", "NAME[:ARGS]", CK_SCHED, NULL, "the scheduler to load", false, false },
	{ "--load-timeout", "SEC", CK_TEXT, NULL, "wait this long for the load", false, false },
	{ "--raw", NULL, CK_NONE, NULL, "a failed load's log as it came", false, false },
	END,
};

static const struct completion_opt selftest_opts[] = {
	VM_OPTS,
	{ "--test", "NAME", CK_TEXT, NULL, "run this test only", true, false },
	{ "--test-timeout", "SEC", CK_TEXT, NULL, "per-test watchdog", false, false },
	{ "--json", "OUT", CK_FILE, NULL, "write every result to OUT", false, false },
	{ "--build", NULL, CK_NONE, NULL, "only build the runner", false, false },
	{ "--force", NULL, CK_NONE, NULL, "rebuild the runner", false, false },
	END,
};

static const struct completion_opt compare_opts[] = {
	{ "--metric", "M", CK_TEXT, NULL, "compare metric M or CGROUP.M only", false, true },
	{ "--abs", "X", CK_TEXT, NULL, "absolute gate: a count, a duration or a fraction", false, true },
	{ "--rel", "Y%", CK_TEXT, NULL, "relative gate, in % of A", false, false },
	{ "--emulation", "M", CK_WORDS, "auto on off", "gates for emulation or hardware", false, false },
	{ "--json", "OUT", CK_FILE, NULL, "write the comparison as JSON", false, false },
	{ "--verbose", NULL, CK_NONE, NULL, "print every metric", false, false },
	END,
};

static const struct completion_opt report_opts[] = {
	{ "--color", "W", CK_WORDS, "auto always never", "colour", false, false },
	{ "--html", "OUT", CK_FILE, NULL, "write one self-contained HTML file", false, false },
	{ "-o", "OUT", CK_FILE, NULL, "report merge: the merged result file", false, false },
	END,
};

static const struct completion_ctx ctxs[] = {
	{ "topo", NULL, NULL, CK_NONE, NULL, topo_opts },
	{ "kernel", "build", "build and cache a kernel", CK_NONE, NULL, kernel_build_opts },
	{ "kernel", "list", "list cached kernels", CK_NONE, NULL, none_opts },
	{ "kernel", "show", "what a key or path resolves to", CK_KERNEL, NULL, none_opts },
	{ "kernel", "offsets", "what the monitor reads in a kernel", CK_NONE, NULL, kernel_offsets_opts },
	{ "kernel", "clean", "remove a cached kernel", CK_KERNEL, NULL, kernel_clean_opts },
	{ "initrd", NULL, NULL, CK_NONE, NULL, initrd_opts },
	{ "worktest", NULL, NULL, CK_NONE, NULL, worktest_opts },
	{ "chantest", NULL, NULL, CK_NONE, NULL, chantest_opts },
	{ "shell", NULL, NULL, CK_NONE, NULL, shell_opts },
	{ "export", NULL, NULL, CK_KTS, NULL, export_opts },
	{ "local", NULL, NULL, CK_FILE, NULL, local_opts },
	{ "check", NULL, NULL, CK_KTS, NULL, check_opts },
	{ "disasm", NULL, NULL, CK_FILE, NULL, check_opts },
	{ "fmt", NULL, NULL, CK_KTS, NULL, fmt_opts },
	{ "compile", NULL, NULL, CK_KTS, NULL, compile_opts },
	{ "run", NULL, NULL, CK_KTS, NULL, run_opts },
	{ "list", NULL, NULL, CK_KTS, NULL, none_opts },
	{ "compare", NULL, NULL, CK_FILE, NULL, compare_opts },
	{ "report", NULL, NULL, CK_FILE, NULL, report_opts },
	{ "sched", "build", "build schedulers for a cached kernel", CK_NONE, NULL, sched_build_opts },
	{ "sched", "list", "list cached schedulers", CK_NONE, NULL, none_opts },
	{ "schedtest", NULL, NULL, CK_NONE, NULL, schedtest_opts },
	{ "verifier", NULL, NULL, CK_NONE, NULL, verifier_opts },
	{ "selftest", NULL, NULL, CK_NONE, NULL, selftest_opts },
	{ "completion", NULL, NULL, CK_WORDS, "bash zsh", none_opts },
};

const struct completion_ctx *completion_ctxs(size_t *n)
{
	*n = sizeof(ctxs) / sizeof(ctxs[0]);
	return ctxs;
}

const char *completion_subs(const char *cmd, char *buf, size_t len)
{
	size_t used = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < sizeof(ctxs) / sizeof(ctxs[0]); i++)
		if (!strcmp(ctxs[i].cmd, cmd) && ctxs[i].sub)
			used += (size_t)snprintf(buf + used, used < len ? len - used : 0, "%s%s",
						 used ? " " : "", ctxs[i].sub);
	return buf[0] && used < len ? buf : NULL;
}
