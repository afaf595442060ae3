/* The steps of 'ktsrun sched build': lock, extract the parts of the kernel
 * source the tools need, drop scx_ktsr in, make, stage, rename into place. */
#include "host/sched/sched_build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* bytes a build takes in the cache while it runs: 182 MiB at its peak
 * (the tools tree and objects), measured on a tmpfs */
#define SCHED_BUILD_NEED (256ULL << 20)

#include "host/build/build.h"
#include "host/util/exitcode.h"
#include "host/boot/embed.h"
#include "host/util/fs.h"
#include "host/kernel/kernel_build.h"
#include "host/kernel/kernel_cache.h"
#include "host/util/log.h"
#include "host/sched/sched_cache.h"

const char *const sched_build_targets[] = { "scx_simple", "scx_qmap",	  "scx_central", "scx_flatcg",
					    "scx_ktsr",	  "scx_ktsr_bad", NULL };
/* Built the same way, carried in the same bin/, but not schedulers. */
const char *const sched_build_tools[] = { "ktsr_probe", NULL };

/* What tools/sched_ext reads outside tools/: kernel headers, bpftool's
 * kernel/bpf/disasm.c, scripts. Extracting only these saves 1.5 GB. */
static const char *const parts[] = { "tools",	 "include", "kernel/bpf", "scripts", "arch/x86/include",
				     "Makefile", NULL };

struct sb {
	const struct sched_build_opts *o;
	struct kernel_cache_entry k;
	struct build c;
	char work[PATH_MAX], stage[PATH_MAX], hash[17];
};

/* The source tree parts into work/src, from the tarball or a tree. */
static int get_source(struct sb *b, char *src)
{
	const char *argv[24];
	struct stat st;
	size_t n = 0;

	fs_join(src, PATH_MAX, b->work, "src");
	if (fs_mkdirs(src))
		return build_fail(&b->c, "cannot create %s: %s", src, strerror(errno));
	if (stat(b->k.source, &st))
		return build_fail(&b->c, "kernel source %s of %s: %s; run 'make deps' or rebuild the kernel",
				  b->k.source, b->k.key, strerror(errno));
	if (S_ISDIR(st.st_mode)) {
		argv[n++] = "cp";
		argv[n++] = "-a";
		argv[n++] = "--parents";
		for (size_t i = 0; parts[i]; i++)
			argv[n++] = parts[i];
		argv[n++] = src;
		argv[n] = NULL;
		/* cp --parents keeps paths relative to the cwd */
		if (chdir(b->k.source))
			return build_fail(&b->c, "cannot enter %s: %s", b->k.source, strerror(errno));
		if (build_step(&b->c, "copying the tools from the kernel tree", "", argv))
			return -1;
		return chdir("/") ? build_fail(&b->c, "cannot leave %s: %s", b->k.source, strerror(errno))
				  : 0;
	}
	return build_extract(&b->c, b->k.source, src, parts);
}

/* scx_ktsr and the loaders' hook (bpf/loader_hook.h) into the tree's copy. */
static int put_ktsr(struct sb *b, const char *src)
{
	const struct {
		const char *name;
		const unsigned char *p, *end;
	} f[] = {
		{ "scx_ktsr.bpf.c", embed_ktsr_bpf, embed_ktsr_bpf_end },
		{ "scx_ktsr.c", embed_ktsr_user, embed_ktsr_user_end },
		{ "scx_ktsr.h", embed_ktsr_hdr, embed_ktsr_hdr_end },
		{ "scx_ktsr_bad.bpf.c", embed_ktsr_bad_bpf, embed_ktsr_bad_bpf_end },
		{ "scx_ktsr_bad.c", embed_ktsr_bad_user, embed_ktsr_bad_user_end },
		{ "include/scx/loader_hook.h", embed_loader_hook, embed_loader_hook_end },
		{ "ktsr_probe.bpf.c", embed_probe_bpf, embed_probe_bpf_end },
		{ "ktsr_probe.c", embed_probe_user, embed_probe_user_end },
		{ "ktsr_probe.h", embed_probe_hdr, embed_probe_hdr_end },
	};
	static const char hook[] = "\n#include \"loader_hook.h\" /* ktsrun: bpf/loader_hook.h */\n";
	char path[PATH_MAX];
	FILE *c;

	for (size_t i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		snprintf(path, sizeof(path), "%s/tools/sched_ext/%s", src, f[i].name);
		if (fs_write_file(path, f[i].p, (size_t)(f[i].end - f[i].p)))
			return build_fail(&b->c, "cannot write %s: %s", path, strerror(errno));
	}
	/* after compat.h's include guard, so the hook's SCX_OPS_LOAD replaces the tree's */
	snprintf(path, sizeof(path), "%s/tools/sched_ext/include/scx/compat.h", src);
	if (!(c = fopen(path, "a")))
		return build_fail(&b->c, "cannot open %s: %s", path, strerror(errno));
	if ((fputs(hook, c) < 0) | (fclose(c) != 0))
		return build_fail(&b->c, "cannot add the loader hook to %s: %s", path, strerror(errno));
	return 0;
}

static int compile(struct sb *b, const char *src)
{
	char dir[PATH_MAX + 32], out[PATH_MAX], obj[PATH_MAX + 8], btf[PATH_MAX + 16], jobs[16],
		targets[256] = "c-sched-targets=";
	const char *argv[12];
	long n = b->o->jobs > 0 ? b->o->jobs : sysconf(_SC_NPROCESSORS_ONLN);

	for (size_t i = 0; sched_build_targets[i]; i++)
		snprintf(targets + strlen(targets), sizeof(targets) - strlen(targets), "%s%s", i ? " " : "",
			 sched_build_targets[i]);
	for (size_t i = 0; sched_build_tools[i]; i++)
		snprintf(targets + strlen(targets), sizeof(targets) - strlen(targets), " %s",
			 sched_build_tools[i]);
	snprintf(dir, sizeof(dir), "%s/tools/sched_ext", src);
	fs_join(out, sizeof(out), b->work, "out");
	if (fs_mkdirs(out))
		return build_fail(&b->c, "cannot create %s: %s", out, strerror(errno));
	snprintf(obj, sizeof(obj), "O=%s", out);
	snprintf(btf, sizeof(btf), "VMLINUX_BTF=%s", b->k.vmlinux);
	snprintf(jobs, sizeof(jobs), "-j%ld", n > 0 ? n : 1);
	argv[0] = "make";
	argv[1] = "-C";
	argv[2] = dir;
	argv[3] = jobs;
	argv[4] = "CLANG=clang-19";
	argv[5] = "LLVM_STRIP=llvm-strip-19";
	argv[6] = obj;
	argv[7] = btf;
	argv[8] = targets;
	argv[9] = NULL;
	return build_step(&b->c, "building schedulers", "", argv);
}

static int stage_bin(struct sb *b, const char *bin, const char *name)
{
	char from[PATH_MAX + 64], to[PATH_MAX + 64];

	snprintf(from, sizeof(from), "%s/out/build/bin/%s", b->work, name);
	snprintf(to, sizeof(to), "%s/%s", bin, name);
	if (fs_link_or_copy(from, to) || chmod(to, 0755))
		return build_fail(&b->c, "the build made no %s (%s); see %s", name, strerror(errno),
				  b->c.log);
	return 0;
}

static int stage(struct sb *b)
{
	char bin[PATH_MAX], meta[PATH_MAX + 8];
	struct sched_cache_entry e = { 0 };

	fs_join(bin, sizeof(bin), b->stage, "bin");
	if (fs_mkdirs(bin))
		return build_fail(&b->c, "cannot create %s: %s", bin, strerror(errno));
	for (size_t i = 0; sched_build_targets[i]; i++)
		if (stage_bin(b, bin, sched_build_targets[i]))
			return -1;
	for (size_t i = 0; sched_build_tools[i]; i++)
		if (stage_bin(b, bin, sched_build_tools[i]))
			return -1;
	snprintf(e.kernel_key, sizeof(e.kernel_key), "%s", b->k.key);
	snprintf(e.source, sizeof(e.source), "%s", b->k.source);
	memcpy(e.ktsr_hash, b->hash, sizeof(e.ktsr_hash));
	e.build_seconds = (long)(build_elapsed(&b->c) + 0.5);
	e.date = time(NULL);
	snprintf(meta, sizeof(meta), "%s/meta", b->stage);
	if (sched_cache_meta_write(meta, &e))
		return build_fail(&b->c, "cannot write %s: %s", meta, strerror(errno));
	return 0;
}

/* Already built for this kernel from the same scx_ktsr sources? */
static int current(struct sb *b)
{
	struct sched_cache_entry e;
	char why[256];

	if (b->o->force || sched_cache_load(b->k.key, &e, why, sizeof(why)))
		return 0;
	if (strcmp(e.ktsr_hash, b->hash)) {
		log_info("the cached schedulers of %s predate this ktsrun's scx_ktsr; rebuilding", b->k.key);
		return 0;
	}
	log_info("schedulers for kernel %s are cached in %s", b->k.key, e.bindir);
	return 1;
}

static int sb_build(struct sb *b)
{
	char src[PATH_MAX], log[PATH_MAX];

	if (kernel_cache_resolve(b->o->kernel, &b->k, b->c.err, sizeof(b->c.err)))
		return -1;
	if (!b->k.key[0])
		return build_fail(
			&b->c,
			"sched build needs a cached kernel (its source and vmlinux), not a bzImage path; "
			"pass a key from 'ktsrun kernel list'");
	if (!b->k.vmlinux[0])
		return build_fail(
			&b->c,
			"kernel %s has no vmlinux, so no BTF; rebuild it with 'ktsrun kernel build --force'",
			b->k.key);
	sched_cache_ktsr_hash(b->hash);
	if (sched_cache_dir(b->c.dir, sizeof(b->c.dir), b->c.err, sizeof(b->c.err)))
		return -1;
	if (current(b))
		return 0;
	if (build_lock(&b->c))
		return -1;
	if (current(b))
		return 0;
	if (build_need_space(&b->c, SCHED_BUILD_NEED, "a scheduler build") ||
	    build_temp(&b->c, b->work, ".work") || build_temp(&b->c, b->stage, ".tmp"))
		return -1;
	fs_join(log, sizeof(log), b->stage, "build.log");
	if (build_open_log(&b->c, log))
		return -1;
	log_info("building schedulers for kernel %s from %s; output in %s", b->k.key, b->k.source, log);
	if (get_source(b, src) || put_ktsr(b, src) || compile(b, src) || stage(b) ||
	    build_commit(&b->c, b->stage, "schedulers"))
		return -1;
	log_info("built %zu schedulers for %s in %.0f s: %s/%s/bin",
		 sizeof(sched_build_targets) / sizeof(sched_build_targets[0]) - 1, b->k.key,
		 build_elapsed(&b->c), b->c.dir, b->k.key);
	return 0;
}

static void sb_cleanup(struct sb *b, int ok)
{
	build_finish(&b->c, ok);
	if (b->stage[0])
		fs_rm_rf(b->stage);
	if (b->work[0])
		fs_rm_rf(b->work);
}

int sched_build_run(const struct sched_build_opts *o)
{
	struct sb b = { .o = o };
	int rc;

	build_init(&b.c, b.k.key, "schedulers");
	rc = sb_build(&b);
	sb_cleanup(&b, rc == 0);
	return build_exit(&b.c, rc);
}
