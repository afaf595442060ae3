/* ktsrun sched build|list: the scheduler cache (host/sched/sched_cache.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/cmd/cmd.h"
#include "host/cmd/cmd_args.h"
#include "host/util/fs.h"
#include "host/util/log.h"
#include "host/sched/sched_build.h"
#include "host/sched/sched_cache.h"

#define SCHED_USAGE                                                                            \
	"usage: ktsrun sched build [--kernel KEY] [--jobs N] [--force]\n"                      \
	"       ktsrun sched list\n"                                                           \
	"build: compile the kernel tree's tools/sched_ext schedulers (scx_simple, scx_qmap,\n" \
	"scx_central, scx_flatcg) and ktsrun's scx_ktsr and scx_ktsr_bad against a cached\n"   \
	"kernel's BTF (default: KTSRUN_KERNEL, else the newest) and cache them.\n"             \
	"  --kernel KEY    the cached kernel to build for\n"                                   \
	"  -j, --jobs N    parallel make jobs (default: online CPUs)\n"                        \
	"  --force         rebuild even if cached\n"                                           \
	"list: every cached scheduler with its path, size and kernel key.\n"

static int bad_usage(const char *what)
{
	log_err("%s; see 'ktsrun sched --help'", what);
	return EXIT_ERROR;
}

static int sched_build(int argc, char **argv)
{
	struct sched_build_opts o = { 0 };

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--force")) {
			o.force = true;
		} else if (!strcmp(a, "--kernel") && i + 1 < argc) {
			o.kernel = argv[++i];
		} else if ((!strcmp(a, "--jobs") || !strcmp(a, "-j")) && i + 1 < argc) {
			unsigned n;

			if (cmd_args_uint("--jobs", argv[++i], 1, 1024, &n))
				return EXIT_ERROR;
			o.jobs = (int)n;
		} else {
			return bad_usage("sched build: unknown or incomplete option");
		}
	}
	return sched_build_run(&o);
}

static void list_entry(const char *sdir, const char *key, unsigned *shown)
{
	struct sched_cache_entry e;
	char err[512], path[PATH_MAX + 64];
	struct stat st;

	if (sched_cache_load(key, &e, err, sizeof(err))) {
		log_warn("%s", err);
		return;
	}
	for (size_t i = 0; sched_build_targets[i]; i++) {
		snprintf(path, sizeof(path), "%s/%s", e.bindir, sched_build_targets[i]);
		if (stat(path, &st))
			continue;
		if (!(*shown)++)
			printf("%-14s %8s  %-40s %s\n", "NAME", "SIZE", "KERNEL", "PATH");
		printf("%-14s %7lluK  %-40s %s\n", sched_build_targets[i],
		       (unsigned long long)st.st_size / 1024, key, path);
	}
	(void)sdir;
}

static int sched_list(int argc, char **argv)
{
	char sdir[PATH_MAX], err[512];
	struct dirent **names;
	unsigned shown = 0;
	int n;

	(void)argv;
	if (argc != 1)
		return bad_usage("sched list takes no arguments");
	if (sched_cache_dir(sdir, sizeof(sdir), err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	n = scandir(sdir, &names, NULL, alphasort);
	for (int i = 0; i < n; i++) {
		if (names[i]->d_name[0] != '.' && !strstr(names[i]->d_name, ".failed.log"))
			list_entry(sdir, names[i]->d_name, &shown);
		free(names[i]);
	}
	if (n >= 0)
		free(names);
	if (!shown)
		log_info("no schedulers built; run 'ktsrun sched build'");
	return EXIT_PASS;
}

int cmd_sched(int argc, char **argv)
{
	if (argc < 2)
		return bad_usage("sched needs a sub-command: build or list");
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		fputs(SCHED_USAGE, stdout);
		return EXIT_PASS;
	}
	if (!strcmp(argv[1], "build"))
		return sched_build(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return sched_list(argc - 1, argv + 1);
	return bad_usage("unknown sched sub-command");
}
