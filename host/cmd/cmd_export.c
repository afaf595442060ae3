/* ktsrun export: a scenario as one self-extracting executable for a real
 * machine. A POSIX sh header (export_header.c) and a tar.gz payload:
 *
 *   ktsrun, ld.so, lib/   this binary, its loader and libraries (run as
 *                         ld.so --library-path lib ktsrun: nothing needed on
 *                         the target but sh, tar, gzip and tail)
 *   runner                the guest init, which runs the bytecode as an
 *                         ordinary process there (guest/local.h)
 *   scenario.ktsb         the compiled scenario, -D values applied
 *   sched/NAME, sched.conf.in, sched.spec, sched.kernel   the scheduler, if any (a
 *                         dynamic one through a wrapper that runs it with
 *                         the bundled loader; the release it was built
 *                         for, when it came from the cache)
 *
 * The header checks nothing itself but what it needs to start: `ktsrun
 * local` (cmd_local.c) checks the machine and runs the scenario. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/boot/elfdeps.h"
#include "host/boot/embed.h"
#include "host/cmd/cmd.h"
#include "host/cmd/export_header.h"
#include "host/cmd/run_one.h"
#include "host/cmd/scenario_file.h"
#include "host/gauntlet/preset.h"
#include "host/kernel/kernel_cache.h"
#include "host/sched/sched_cache.h"
#include "host/sched/sched_spec.h"
#include "host/sched/sched_stage.h"
#include "host/util/fs.h"
#include "host/util/log.h"
#include "interp/bc.h"
#include "interp/interp.h"

#define EXPORT_USAGE                                                                             \
	"usage: ktsrun export FILE.kts|FILE.ktsb [-D NAME=VALUE]... [--scheduler NAME[:ARGS]]\n" \
	"                     [--kernel K] -o FILE.run\n"                                        \
	"Write one executable file that runs the scenario on a real machine with sched_ext,\n"   \
	"as root and with nothing installed there. Run there, it takes the options of\n"         \
	"'ktsrun local', checks the machine (cgroup v2 with cpuset, sched_ext idle, the\n"       \
	"scenario's requires from sysfs), runs it in its own cgroup subtree under the\n"         \
	"scheduler, prints the verdict as ktsrun run does and removes everything it made\n"      \
	"on every way out.\n"                                                                    \
	"  -D, --define NAME=VALUE  set a param of the scenario\n"                               \
	"  --scheduler NAME[:ARGS]  the scheduler (default: the scenario's own, else EEVDF);\n"  \
	"                  a cached name is built for --kernel's tree, so for another kernel\n"  \
	"                  give the path of a binary built for it\n"                             \
	"  --kernel K      the cached kernel whose schedulers to take (default: the newest)\n"   \
	"  -o, --output FILE.run  the file to write (made executable)\n"

#define MAX_DEFS 64

struct ex_args {
	const char *file, *out, *sched, *kernel;
	struct kts_define defs[MAX_DEFS];
	struct kts_opts k;
};

static int parse_args(int argc, char **argv, struct ex_args *a)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "define", required_argument, NULL, 'D' },
		{ "scheduler", required_argument, NULL, 's' },
		{ "kernel", required_argument, NULL, 'k' },
		{ "output", required_argument, NULL, 'o' },
		{ 0 },
	};
	int o;

	a->k.diag = stderr, a->k.defs = a->defs, a->k.topo_name = preset_check;
	while ((o = getopt_long(argc, argv, "hD:o:", opts, NULL)) != -1) {
		switch (o) {
		case 'D':
			if (run_one_define(&a->k, a->defs, MAX_DEFS, optarg))
				return -1;
			break;
		case 's': a->sched = optarg; break;
		case 'k': a->kernel = optarg; break;
		case 'o': a->out = optarg; break;
		case 'h': fputs(EXPORT_USAGE, stdout); return 1;
		default: fputs(EXPORT_USAGE, stderr); return -1;
		}
	}
	if (optind + 1 != argc || !a->out) {
		log_err("export wants one scenario and -o FILE.run; see 'ktsrun export --help'");
		return -1;
	}
	a->file = argv[optind];
	return 0;
}

/* host_path into dir/name, with its libraries flat in dir/lib and its
 * loader as dir/ld.so. *dynamic: it has a loader. */
static int add_binary(const char *dir, const char *name, const char *host_path, bool *dynamic, char *err,
		      size_t len)
{
	struct elfdeps deps;
	char dst[PATH_MAX];
	int rc = 0;

	if (elfdeps_find(host_path, "/x", &deps, err, len))
		return -1;
	*dynamic = false;
	snprintf(dst, sizeof(dst), "%s/%s", dir, name);
	if (fs_link_or_copy(host_path, dst) || chmod(dst, 0755))
		rc = (snprintf(err, len, "%s: %s", dst, strerror(errno)), -1);
	for (size_t i = 0; !rc && i < deps.n; i++) {
		const char *base = strrchr(deps.v[i].guest, '/') + 1;
		bool loader = !strncmp(base, "ld-linux", 8);

		snprintf(dst, sizeof(dst), "%s/%s%s", dir, loader ? "" : "lib/", loader ? "ld.so" : base);
		*dynamic = *dynamic || loader;
		if (access(dst, F_OK) && (fs_link_or_copy(deps.v[i].host, dst) || chmod(dst, 0755)))
			rc = (snprintf(err, len, "%s: %s", dst, strerror(errno)), -1);
	}
	elfdeps_free(&deps);
	return rc;
}

static int put_text(const char *dir, const char *name, const void *p, size_t n, mode_t mode, char *err,
		    size_t len)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if (fs_write_file(path, p, n) || chmod(path, mode))
		return snprintf(err, len, "%s: %s", path, strerror(errno)), -1;
	return 0;
}

static bool replaces_scheduler(const struct bc_prog *p)
{
	unsigned v[8];

	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc]))
		if (interp_decode(p, pc, v) == OP_SCHED_REPLACE)
			return true;
	return false;
}

/* The scheduler's binary (a wrapper when dynamic), its conf with @ROOT@
 * for the directory the header unpacks into, and its spec. */
static int add_sched(const struct ex_args *a, const char *dir, const char *spec, char *err, size_t len)
{
	struct kernel_cache_entry k;
	struct sched_spec s;
	char host[PATH_MAX], bin[PATH_MAX], conf[4096], wrap[1024], guest[600];
	const char *base;
	bool dynamic;
	int n;

	if (sched_spec_parse(spec, &s, err, len))
		return -1;
	if (!strchr(s.name, '/') && kernel_cache_resolve(a->kernel, &k, err, len))
		return -1;
	if (sched_cache_resolve(s.name, strchr(s.name, '/') ? NULL : &k, host, sizeof(host), err, len))
		return -1;
	base = strrchr(host, '/') ? strrchr(host, '/') + 1 : host;
	snprintf(bin, sizeof(bin), "sched/%s.bin", base);
	snprintf(conf, sizeof(conf), "%s/sched", dir);
	if (fs_mkdirs(conf) || add_binary(dir, bin, host, &dynamic, err, len))
		return -1;
	n = snprintf(wrap, sizeof(wrap),
		     "#!/bin/sh\n# %s with the bundled loader and libraries\nd=\"$(dirname \"$0\")/..\"\n"
		     "exec \"$d/ld.so\" --library-path \"$d/lib\" \"$d/sched/%s.bin\" \"$@\"\n",
		     base, base);
	snprintf(guest, sizeof(guest), "sched/%s", base);
	if (dynamic && put_text(dir, guest, wrap, (size_t)n, 0755, err, len))
		return -1;
	if (!dynamic) { /* static: it runs as it is */
		char from[PATH_MAX + 8], to[PATH_MAX + 8];

		snprintf(from, sizeof(from), "%s/%s", dir, bin);
		snprintf(to, sizeof(to), "%s/%s", dir, guest);
		if (rename(from, to))
			return snprintf(err, len, "%s: %s", to, strerror(errno)), -1;
	}
	snprintf(guest, sizeof(guest), "@ROOT@/sched/%s", base);
	n = sched_spec_conf(&s, guest, 0, 0, SCHED_STAGE_LOAD_TIMEOUT_S * 1000, conf, sizeof(conf));
	if (n < 0)
		return snprintf(err, len, "--scheduler: the arguments are too long"), -1;
	if (put_text(dir, "sched.conf.in", conf, (size_t)n, 0644, err, len) ||
	    put_text(dir, "sched.spec", spec, strlen(spec), 0644, err, len) ||
	    (!strchr(s.name, '/') &&
	     put_text(dir, "sched.kernel", k.release, strlen(k.release), 0644, err, len)))
		return -1;
	log_info("scheduler %s%s", host, dynamic ? " with its loader and libraries" : " (static)");
	{ /* a .run has no kernel command line to add to */
		char ka[300];
		const char *why, *args = sched_spec_kernel_args(&s, 1, ka, sizeof(ka), &why);

		if (args)
			log_warn("%s wants the kernel argument %s (%s): boot the target with it", s.name,
				 args, why);
	}
	return 0;
}

static int bundle(const struct ex_args *a, const char *dir, const uint8_t *bc, size_t len,
		  const struct bc_prog *p, char *err, size_t errlen)
{
	char self[PATH_MAX], lib[PATH_MAX], specbuf[600];
	struct interp_meta m;
	const char *spec;
	bool dynamic;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n < 0)
		return snprintf(err, errlen, "/proc/self/exe: %s", strerror(errno)), -1;
	self[n] = '\0';
	snprintf(lib, sizeof(lib), "%s/lib", dir);
	if (fs_mkdirs(lib) || add_binary(dir, "ktsrun", self, &dynamic, err, errlen) ||
	    put_text(dir, "runner", embed_guest_init, EMBED_SIZE(embed_guest_init), 0755, err, errlen) ||
	    put_text(dir, "scenario.ktsb", bc, len, 0644, err, errlen))
		return -1;
	if (!dynamic)
		return snprintf(err, errlen, "%s is static: the header expects a loader", self), -1;
	interp_meta_read(p, &m);
	spec = sched_stage_spec(a->sched, &m, specbuf, sizeof(specbuf));
	if (spec && replaces_scheduler(p))
		return snprintf(
			       err, errlen,
			       "the scenario replaces its scheduler in a step; export carries one scheduler, "
			       "so run it with ktsrun run"),
		       -1;
	if (spec)
		return add_sched(a, dir, spec, err, errlen);
	log_info("no scheduler: the scenario runs under the machine's default (EEVDF)");
	return 0;
}

/* header + tar.gz of dir into out, made executable. */
static int pack(const char *dir, const char *name, const char *out, char *err, size_t len)
{
	char tmp[PATH_MAX], *hdr;
	size_t hlen;
	pid_t pid;
	int st = 0;
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s.tmp%d", out, (int)getpid());
	if (!(hdr = export_header(name, strrchr(out, '/') ? strrchr(out, '/') + 1 : out, &hlen)))
		return snprintf(err, len, "out of memory"), -1;
	f = fopen(tmp, "wb");
	if (!f || fwrite(hdr, 1, hlen, f) != hlen || fflush(f)) {
		snprintf(err, len, "%s: %s", tmp, strerror(errno));
		free(hdr);
		if (f)
			fclose(f), unlink(tmp);
		return -1;
	}
	free(hdr);
	pid = fork();
	if (pid == 0) {
		dup2(fileno(f), 1);
		execlp("tar", "tar", "-C", dir, "--owner=0", "--group=0", "-czf", "-", ".", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st)) {
		fclose(f);
		unlink(tmp);
		return snprintf(err, len, "tar failed (status %d): Debian's tar and gzip make the payload",
				st),
		       -1;
	}
	if (fclose(f) || chmod(tmp, 0755) || rename(tmp, out)) {
		snprintf(err, len, "%s: %s", out, strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

int cmd_export(int argc, char **argv)
{
	struct ex_args a = { 0 };
	char tmpl[PATH_MAX], err[1024], *dir;
	const char *tmp = getenv("TMPDIR");
	struct interp_meta m;
	struct stat st;
	struct bc_prog p;
	uint8_t *bc = NULL;
	size_t len = 0;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (!stat(a.out, &st) && S_ISDIR(st.st_mode)) {
		log_err("-o %s is a directory; name the file to write", a.out);
		return EXIT_ERROR;
	}
	if (scenario_file_load(a.file, &a.k, &bc, &len))
		return EXIT_ERROR;
	if (bc_load(&p, bc, len, err, sizeof(err))) {
		log_err("%s: %s", a.file, err);
		free(bc);
		return EXIT_ERROR;
	}
	snprintf(tmpl, sizeof(tmpl), "%s/ktsrun-export.XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!(dir = mkdtemp(tmpl))) {
		log_err("%s: %s", tmpl, strerror(errno));
		rc = EXIT_ERROR;
		goto out;
	}
	interp_meta_read(&p, &m);
	rc = bundle(&a, dir, bc, len, &p, err, sizeof(err)) || pack(dir, m.name, a.out, err, sizeof(err));
	if (rc)
		log_err("%s", err);
	else
		log_info("wrote %s: run it as root on the target, e.g. '%s --json result.json'", a.out,
			 a.out);
	fs_rm_rf(dir);
	rc = rc ? EXIT_ERROR : EXIT_PASS;
out:
	bc_prog_free(&p);
	free(bc);
	return rc;
}
