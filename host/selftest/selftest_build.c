/* Building tools/testing/selftests/sched_ext's runner (host/selftest/selftest_build.h): lock,
 * extract the tools, make, rename the result into place. */
#include "host/selftest/selftest_build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/build/build.h"
#include "host/util/exitcode.h"
#include "host/util/fs.h"
#include "host/kernel/kernel_build.h"
#include "host/util/log.h"
#include "host/util/cache.h"

/* What the selftests' Makefile reads: tools/ (lib.mk, libbpf, bpftool,
 * sched_ext headers), kernel headers, bpftool's kernel/bpf/disasm.c. */
static const char *const parts[] = { "tools",	 "include", "kernel/bpf", "scripts", "arch/x86/include",
				     "Makefile", NULL };

struct stb {
	const struct kernel_cache_entry *k;
	struct build c;
	char work[PATH_MAX];
	int jobs;
};

int selftest_build_find(const struct kernel_cache_entry *k, char *path, size_t len)
{
	char dir[PATH_MAX], err[256];

	if (!k->key[0] || cache_subdir("selftest", dir, sizeof(dir), err, sizeof(err)))
		return -1;
	if ((size_t)snprintf(path, len, "%s/%s/runner", dir, k->key) >= len)
		return -1;
	return access(path, X_OK);
}

static int compile(struct stb *b)
{
	char dir[PATH_MAX + 64], out[PATH_MAX + 16], btf[PATH_MAX + 16], jobs[16];
	/* The Makefile links -lzstd, which the runner does not use; overriding
	 * LDFLAGS spares a libzstd-dev dependency. */
	const char *argv[] = { "make",
			       "-C",
			       dir,
			       jobs,
			       "CLANG=clang-19",
			       "LLVM_STRIP=llvm-strip-19",
			       out,
			       btf,
			       "LDFLAGS=-lelf -lz -lpthread",
			       NULL };

	snprintf(dir, sizeof(dir), "%s/tools/testing/selftests/sched_ext", b->work);
	snprintf(out, sizeof(out), "OUTPUT=%s/out", b->work);
	snprintf(btf, sizeof(btf), "VMLINUX_BTF=%s", b->k->vmlinux);
	snprintf(jobs, sizeof(jobs), "-j%d", b->jobs);
	if (fs_mkdirs(out + strlen("OUTPUT=")))
		return build_fail(&b->c, "cannot create %s: %s", out + strlen("OUTPUT="), strerror(errno));
	return build_step(&b->c, "building the sched_ext selftests", "", argv);
}

/* work/out/runner and the log into <dir>/<key>, replacing an old entry. */
static int commit(struct stb *b)
{
	char stage[PATH_MAX], from[PATH_MAX + 16], to[PATH_MAX + 16];

	if (build_temp(&b->c, stage, ".tmp"))
		return -1;
	snprintf(from, sizeof(from), "%s/out/runner", b->work);
	snprintf(to, sizeof(to), "%s/runner", stage);
	if (fs_link_or_copy(from, to) || chmod(to, 0755)) {
		fs_rm_rf(stage);
		return build_fail(&b->c, "the build made no runner (%s); see %s", strerror(errno), b->c.log);
	}
	snprintf(to, sizeof(to), "%s/build.log", stage);
	fs_link_or_copy(b->c.log, to);
	if (build_commit(&b->c, stage, "selftest runner")) {
		if (stage[0])
			fs_rm_rf(stage);
		return -1;
	}
	return 0;
}

static int build(struct stb *b, bool force, char *path, size_t len)
{
	char log[PATH_MAX];

	if (!b->k->key[0])
		return build_fail(&b->c, "the selftests need a cached kernel (its source and vmlinux), not a "
					 "bzImage path; pass a key from 'ktsrun kernel list'");
	if (!b->k->vmlinux[0])
		return build_fail(
			&b->c,
			"kernel %s has no vmlinux, so no BTF; rebuild it with 'ktsrun kernel build --force'",
			b->k->key);
	if (cache_subdir("selftest", b->c.dir, sizeof(b->c.dir), b->c.err, sizeof(b->c.err)) ||
	    build_lock(&b->c))
		return -1;
	if (!force && selftest_build_find(b->k, path, len) == 0) {
		log_info("sched_ext selftests for kernel %s are cached: %s", b->k->key, path);
		return 0;
	}
	if (build_temp(&b->c, b->work, ".work"))
		return -1;
	fs_join(log, sizeof(log), b->work, "build.log");
	if (build_open_log(&b->c, log))
		return -1;
	log_info("building the sched_ext selftests for kernel %s from %s", b->k->key, b->k->source);
	if (build_extract(&b->c, b->k->source, b->work, parts) || compile(b) || commit(b) ||
	    selftest_build_find(b->k, path, len))
		return b->c.err[0] ? -1 : build_fail(&b->c, "the runner is not in the cache after the build");
	log_info("built the sched_ext selftests for %s in %.0f s: %s", b->k->key, build_elapsed(&b->c), path);
	return 0;
}

int selftest_build_run(const struct kernel_cache_entry *k, int jobs, bool force, char *path, size_t len)
{
	struct stb b = { .k = k };
	long n = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);
	int rc;

	b.jobs = n > 0 ? (int)n : 1;
	build_init(&b.c, k->key, "the selftests");
	rc = build(&b, force, path, len);
	build_finish(&b.c, rc == 0);
	if (b.work[0])
		fs_rm_rf(b.work);
	return build_exit(&b.c, rc);
}
