/* ktsrun's hook in the sched_ext loaders it builds. `sched build` writes this
 * file into the tree's tools/sched_ext/include/scx/ and appends an include
 * of it to compat.h, so SCX_OPS_LOAD in every scheduler (the tree's and
 * scx_ktsr) goes through it. With KTSRUN_VERIFIER_STATS in the environment
 * the loader loads its programs with the verifier's statistics log
 * (log_level 4, which the stock loaders never ask for), prints one line per
 * program and exits without attaching; a load that fails is redone without
 * the variable, so libbpf prints the full verifier log as it always does.
 * With KTSRUN_STOP_AFTER_LOAD the loader stops itself (SIGSTOP) after a good
 * load, before attaching, so ktsrun's probe (ktsr_probe.c) can attach to
 * its programs; SIGCONT goes on. Without the variables nothing changes. */
#ifndef KTSR_LOADER_HOOK_H
#define KTSR_LOADER_HOOK_H

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define LOADER_HOOK_ENV	     "KTSRUN_VERIFIER_STATS"
#define LOADER_HOOK_STOP_ENV "KTSRUN_STOP_AFTER_LOAD"
#define LOADER_HOOK_MAX_PROG 128
#define LOADER_HOOK_LOG_SIZE 4096 /* a stats log is five short lines */

static char loader_hook_logs[LOADER_HOOK_MAX_PROG][LOADER_HOOK_LOG_SIZE];

static inline void loader_hook_before_load(struct bpf_object *obj)
{
	struct bpf_program *p;
	unsigned i = 0;

	if (!getenv(LOADER_HOOK_ENV))
		return;
	bpf_object__for_each_program(p, obj)
	{
		if (i == LOADER_HOOK_MAX_PROG)
			break;
		bpf_program__set_log_buf(p, loader_hook_logs[i++], LOADER_HOOK_LOG_SIZE);
		bpf_program__set_log_level(p, 4);
	}
}

/* The number after key in log, or -1. */
static inline long loader_hook_stat(const char *log, const char *key)
{
	const char *at = strstr(log, key);

	return at ? strtol(at + strlen(key), NULL, 10) : -1;
}

/* Run this binary again from the start, as it was started, without the
 * variable: the second load prints the verifier's reasons. */
static inline void loader_hook_rerun(void)
{
	static char cmd[8192], *argv[256];
	ssize_t n = 0, r;
	size_t argc = 0;
	int fd = open("/proc/self/cmdline", O_RDONLY);

	fprintf(stderr, "ktsrun-verifier: load failed; loading again for the full verifier log\n");
	if (fd < 0)
		return;
	while (n < (ssize_t)sizeof(cmd) - 1 && (r = read(fd, cmd + n, sizeof(cmd) - 1 - (size_t)n)) > 0)
		n += r;
	close(fd);
	cmd[n] = '\0';
	for (ssize_t at = 0; at < n && argc < 255; at += (ssize_t)strlen(cmd + at) + 1)
		argv[argc++] = cmd + at;
	argv[argc] = NULL;
	if (!argc)
		return;
	unsetenv(LOADER_HOOK_ENV);
	fflush(NULL);
	execv("/proc/self/exe", argv);
	fprintf(stderr, "ktsrun-verifier: cannot run %s again: %s\n", argv[0], strerror(errno));
}

static inline void loader_hook_after_load(struct bpf_object *obj, int err)
{
	struct bpf_program *p;
	unsigned i = 0;

	/* ktsrun's auto-repro attaches its probes to the loaded programs now */
	if (!err && getenv(LOADER_HOOK_STOP_ENV))
		raise(SIGSTOP);
	if (!getenv(LOADER_HOOK_ENV))
		return;
	if (err) {
		loader_hook_rerun();
		return;
	}
	bpf_object__for_each_program(p, obj)
	{
		struct bpf_prog_info info;
		__u32 len = sizeof(info);
		const char *log = i < LOADER_HOOK_MAX_PROG ? loader_hook_logs[i] : "";

		i++;
		if (!bpf_program__autoload(p) || bpf_program__fd(p) < 0)
			continue;
		memset(&info, 0, sizeof(info));
		if (bpf_prog_get_info_by_fd(bpf_program__fd(p), &info, &len))
			info.verified_insns = 0;
		fprintf(stderr,
			"ktsrun-verifier: prog=%s type=%s verified_insns=%u processed=%ld states=%ld "
			"peak_states=%ld\n",
			bpf_program__name(p), libbpf_bpf_prog_type_str(bpf_program__type(p)),
			info.verified_insns, loader_hook_stat(log, "processed "),
			loader_hook_stat(log, "total_states "), loader_hook_stat(log, "peak_states "));
	}
	fprintf(stderr, "ktsrun-verifier: done\n");
	fflush(NULL);
	_exit(0);
}

/* SCX_OPS_LOAD of compat.h, with the hook around the skeleton's load. */
#undef SCX_OPS_LOAD
#define SCX_OPS_LOAD(__skel, __ops_name, __scx_name, __uei_name) \
	({                                                       \
		int __err;                                       \
		UEI_SET_SIZE(__skel, __ops_name, __uei_name);    \
		loader_hook_before_load((__skel)->obj);          \
		__err = __scx_name##__load((__skel));            \
		loader_hook_after_load((__skel)->obj, __err);    \
		SCX_BUG_ON(__err, "Failed to load skel");        \
	})

#endif
