/* ktsrun kernel build|list|show|clean */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/cmd/cmd_args.h"
#include "host/util/fs.h"
#include "host/kernel/kernel_build.h"
#include "host/kernel/kernel_cache.h"
#include "host/kernel/kernel_pvh.h"
#include "host/util/log.h"
#include "host/monitor/layout.h"

static const char usage[] =
	"usage: ktsrun kernel build [--source DIR|TARBALL] [--jobs N] [--force] [--keep-build]\n"
	"       ktsrun kernel list\n"
	"       ktsrun kernel show [KEY|PATH]\n"
	"       ktsrun kernel offsets [--kernel K]\n"
	"       ktsrun kernel clean KEY|--all\n"
	"build: configure and build a guest kernel (doc/kernel.md) and cache it\n"
	"  --source DIR|TARBALL  kernel source (default: /usr/src/linux-source-6.12.tar.xz)\n"
	"  -j, --jobs N          parallel make jobs (default: online CPUs)\n"
	"  --force               rebuild even if cached\n"
	"  --keep-build          keep the extracted source and objects (about 2.5 GB)\n"
	"list: every cached kernel; show: what a KEY, PATH or the default resolves to;\n"
	"offsets: the struct members and symbols the monitor reads (doc/monitor.md);\n"
	"clean: remove one cached kernel, or --all of them.\n";

static int bad_usage(const char *what)
{
	log_err("%s", what);
	fputs(usage, stderr);
	return EXIT_ERROR;
}

static int parse_jobs(const char *s, int *out)
{
	unsigned v;

	if (cmd_args_uint("--jobs", s, 1, 1024, &v))
		return -1;
	*out = (int)v;
	return 0;
}

static int kernel_build(int argc, char **argv)
{
	struct kernel_build_opts o = { 0 };
	struct kernel_cache_entry e;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "--force"))
			o.force = true;
		else if (!strcmp(a, "--keep-build"))
			o.keep_build = true;
		else if (!strcmp(a, "--source") && i + 1 < argc)
			o.source = argv[++i];
		else if (!strncmp(a, "--source=", 9))
			o.source = a + 9;
		else if ((!strcmp(a, "--jobs") || !strcmp(a, "-j")) && i + 1 < argc) {
			if (parse_jobs(argv[++i], &o.jobs))
				return EXIT_ERROR;
		} else
			return bad_usage("kernel build: unknown or incomplete option");
	}
	return kernel_build_run(&o, &e);
}

static void human_size(unsigned long long b, char *out, size_t len)
{
	const char *unit = "KMGT";
	double v = (double)b / 1024;
	int u = 0;

	while (v >= 1024 && u < 3)
		v /= 1024, u++;
	snprintf(out, len, "%.*f%c", v < 10 ? 1 : 0, v, unit[u]);
}

static int kernel_list(int argc, char **argv)
{
	struct kernel_cache_entry *v;
	size_t n;
	char err[512];

	(void)argv;
	if (argc != 1)
		return bad_usage("kernel list takes no arguments");
	if (kernel_cache_list(&v, &n, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	if (n == 0)
		log_info("no kernels cached; run 'ktsrun kernel build'");
	else
		printf("%-40s %-24s %-20s %7s  %s\n", "KEY", "RELEASE", "BUILT (UTC)", "SIZE", "SOURCE");
	for (size_t i = 0; i < n; i++) {
		char date[32], size[16];
		struct tm tm;

		gmtime_r(&v[i].date, &tm);
		strftime(date, sizeof(date), "%Y-%m-%d %H:%M", &tm);
		human_size(fs_du(v[i].dir), size, sizeof(size));
		printf("%-40s %-24s %-20s %7s  %s\n", v[i].key, v[i].release, date, size, v[i].source);
	}
	free(v);
	return EXIT_PASS;
}

/* What kernel_cache_resolve picks, in a form scripts can read. */
static int kernel_show(int argc, char **argv)
{
	struct kernel_cache_entry e;
	char err[1024];

	if (argc > 2)
		return bad_usage("kernel show takes at most one KEY or PATH");
	if (kernel_cache_resolve(argc == 2 ? argv[1] : NULL, &e, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	printf("key=%s\nrelease=%s\nbzimage=%s\nvmlinux=%s\nconfig=%s\nsource=%s\n", e.key, e.release,
	       e.bzimage, e.vmlinux, e.config, e.source);
	if (e.build_tree[0])
		printf("build_tree=%s\nobj_tree=%s\n", e.build_tree, e.obj_tree);
	/* the image VMs boot and what its boots skip (doc/kernel.md) */
	if (kernel_pvh_image(&e, e.pvh, sizeof(e.pvh), err, sizeof(err)) == 1) {
		struct kernel_pvh_facts f;

		kernel_pvh_facts(&e, e.pvh, &f);
		printf("pvh=%s\nftrace_clean=%d\nlapic_timer_khz=%d\n", e.pvh, f.ftrace_clean,
		       f.lapic_timer_khz);
	}
	return EXIT_PASS;
}

/* What the monitor reads in this kernel: offsets from BTF, symbols from
 * .symtab. Missing entries are listed, not an error: runs go on without
 * the findings that need them. */
static int kernel_offsets(int argc, char **argv)
{
	struct kernel_cache_entry e;
	struct layout l;
	const char *k = NULL;
	char err[1024];
	int missing;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--kernel") && i + 1 < argc)
			k = argv[++i];
		else if (!strncmp(argv[i], "--kernel=", 9))
			k = argv[i] + 9;
		else
			return bad_usage("kernel offsets: the only option is --kernel KEY|PATH");
	}
	if (kernel_cache_resolve(k, &e, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	if (!e.vmlinux[0]) {
		log_err("kernel %s has no vmlinux beside it; give a cache key (ktsrun kernel list) or "
			"a bzImage in a build tree",
			e.bzimage);
		return EXIT_ERROR;
	}
	if (layout_load(&l, e.vmlinux, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	missing = layout_print(&l, stdout);
	log_info("%s: %u BTF types read in %.0f ms, symbols in %.0f ms%s", e.key[0] ? e.key : e.vmlinux,
		 l.btf_types, l.btf_ms, l.sym_ms, missing ? "; some findings are unavailable (above)" : "");
	return EXIT_PASS;
}

/* The key a cache file belongs to: KEY, KEY.build, KEY.failed.log,
 * .tmp-KEY-XXXXXX, .work-KEY-XXXXXX. */
static int key_of(const char *name, char *key, size_t len)
{
	static const char *const suffix[] = { ".build", ".failed.log" };
	size_t n = strlen(name);

	if (!strncmp(name, ".tmp-", 5) || !strncmp(name, ".work-", 6)) {
		const char *k = strchr(name, '-') + 1;
		if (n < 8 || strlen(k) <= 7)
			return -1;
		snprintf(key, len, "%.*s", (int)(strlen(k) - 7), k);
		return kernel_cache_key_ok(key) ? 0 : -1;
	}
	for (int i = 0; i < 2; i++) {
		size_t sl = strlen(suffix[i]);
		if (n > sl && !strcmp(name + n - sl, suffix[i])) {
			snprintf(key, len, "%.*s", (int)(n - sl), name);
			return kernel_cache_key_ok(key) ? 0 : -1;
		}
	}
	if (n >= len)
		return -1;
	memcpy(key, name, n + 1);
	return kernel_cache_key_ok(key) ? 0 : -1;
}

/* Remove everything in kdir that belongs to key (all = every key). */
static int clean(const char *kdir, const char *only, int *removed)
{
	DIR *d = opendir(kdir);
	struct dirent *de;
	char key[KERNEL_CACHE_KEY_MAX], path[PATH_MAX];
	int busy = 0;

	if (!d)
		return -1;
	while ((de = readdir(d)) != NULL) {
		int fd;

		if (key_of(de->d_name, key, sizeof(key)) || (only && strcmp(key, only)))
			continue;
		fd = kernel_cache_lock(key, false);
		if (fd < 0) {
			log_warn("%s is being built; left alone", key);
			busy++;
			continue;
		}
		if (!fs_join(path, sizeof(path), kdir, de->d_name) && fs_rm_rf(path) == 0)
			(*removed)++;
		else
			log_warn("could not remove %s: %s", path, strerror(errno));
		close(fd);
	}
	closedir(d);
	return busy;
}

static int kernel_clean(int argc, char **argv)
{
	char kdir[PATH_MAX], err[512];
	int removed = 0, busy;
	bool all = argc == 2 && !strcmp(argv[1], "--all");

	if (argc != 2)
		return bad_usage("kernel clean wants a KEY (see 'ktsrun kernel list') or --all");
	if (kernel_cache_kernels_dir(kdir, sizeof(kdir), err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	if (!all && !kernel_cache_key_ok(argv[1]))
		return bad_usage("kernel clean wants a KEY (see 'ktsrun kernel list') or --all");
	busy = clean(kdir, all ? NULL : argv[1], &removed);
	if (busy < 0) {
		log_err("cannot read %s: %s", kdir, strerror(errno));
		return EXIT_ERROR;
	}
	if (!all && !removed && !busy) {
		log_err("nothing cached under '%s'; 'ktsrun kernel list' shows the cached kernels", argv[1]);
		return EXIT_ERROR;
	}
	log_info("removed %d item%s from %s", removed, removed == 1 ? "" : "s", kdir);
	return busy ? EXIT_ERROR : EXIT_PASS;
}

int cmd_kernel(int argc, char **argv)
{
	if (argc < 2)
		return bad_usage("kernel: say build, list, show, offsets or clean");
	if (!strcmp(argv[1], "build"))
		return kernel_build(argc - 1, argv + 1);
	if (!strcmp(argv[1], "list"))
		return kernel_list(argc - 1, argv + 1);
	if (!strcmp(argv[1], "show"))
		return kernel_show(argc - 1, argv + 1);
	if (!strcmp(argv[1], "clean"))
		return kernel_clean(argc - 1, argv + 1);
	if (!strcmp(argv[1], "offsets"))
		return kernel_offsets(argc - 1, argv + 1);
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		fputs(usage, stdout);
		return EXIT_PASS;
	}
	return bad_usage("kernel: unknown sub-command; say build, list, show, offsets or clean");
}
