/* Building tools/testing/selftests/sched_ext's runner (host/stbuild.h): lock,
 * extract the tools, make, rename the result into place. */
#include "host/stbuild.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "host/cmd.h"
#include "host/fsutil.h"
#include "host/kbuild.h"
#include "host/log.h"
#include "host/sig.h"

/* What the selftests' Makefile reads: tools/ (lib.mk, libbpf, bpftool,
 * sched_ext headers), kernel headers, bpftool's kernel/bpf/disasm.c. */
static const char *const parts[] = { "*/tools", "*/include", "*/kernel/bpf", "*/scripts", "*/arch/x86/include",
				     "*/Makefile", NULL };

struct stb {
	const struct kcache_entry *k;
	char dir[PATH_MAX], work[PATH_MAX], log[PATH_MAX], err[1024];
	int logfd, lockfd, jobs;
	struct timespec t0;
};

static __attribute__((format(printf, 2, 3))) int fail(struct stb *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->err, sizeof(b->err), fmt, ap);
	va_end(ap);
	return -1;
}

static int root_dir(char *buf, size_t len, char *err, size_t errlen)
{
	char root[PATH_MAX];

	if (kcache_root(root, sizeof(root), 1, err, errlen))
		return -1;
	if (fs_join(buf, len, root, "selftest") || fs_mkdirs(buf))
		return errf(err, errlen, "cannot create %s/selftest: %s", root, strerror(errno));
	return 0;
}

int stbuild_find(const struct kcache_entry *k, char *path, size_t len)
{
	char dir[PATH_MAX], err[256];

	if (!k->key[0] || root_dir(dir, sizeof(dir), err, sizeof(err)))
		return -1;
	if ((size_t)snprintf(path, len, "%s/%s/runner", dir, k->key) >= len)
		return -1;
	return access(path, X_OK);
}

static int lock(struct stb *b)
{
	char path[PATH_MAX + KCACHE_KEY_MAX + 16];

	snprintf(path, sizeof(path), "%s/.locks", b->dir);
	if (fs_mkdirs(path))
		return fail(b, "cannot create %s: %s", path, strerror(errno));
	snprintf(path, sizeof(path), "%s/.locks/%s.lock", b->dir, b->k->key);
	if ((b->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return fail(b, "cannot open %s: %s", path, strerror(errno));
	if (flock(b->lockfd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	log_info("another ktsrun is building the selftests for %s; waiting for it", b->k->key);
	while (flock(b->lockfd, LOCK_EX) && errno == EINTR && !sig_caught)
		;
	return sig_caught ? fail(b, "interrupted while waiting for the lock") : 0;
}

static int step(struct stb *b, const char *phase, const char *const argv[])
{
	int rc;

	log_info("%s", phase);
	rc = kbuild_exec(phase, argv, b->logfd, b->log);
	if (rc == KBUILD_OK)
		return 0;
	if (rc == KBUILD_STOPPED)
		return fail(b, "interrupted while %s", phase);
	if (rc == KBUILD_NOSTART)
		return fail(b, "%s: could not run %s; run 'make deps'", phase, argv[0]);
	return fail(b, "%s failed; the log is %s/%s.failed.log", phase, b->dir, b->k->key);
}

static int extract(struct stb *b)
{
	const char *argv[20] = { "tar", "-xf", b->k->source, "-C", b->work, "--strip-components=1", "--wildcards",
				 "--no-wildcards-match-slash" };
	size_t n = 8;
	struct stat st;

	if (stat(b->k->source, &st) || !S_ISREG(st.st_mode))
		return fail(b, "kernel source %s of %s is not a tarball (%s); run 'make deps'", b->k->source,
			    b->k->key, strerror(errno ? errno : EINVAL));
	for (size_t i = 0; parts[i]; i++)
		argv[n++] = parts[i];
	argv[n] = NULL;
	return step(b, "extracting the tools from the kernel source", argv);
}

static int compile(struct stb *b)
{
	char dir[PATH_MAX + 64], out[PATH_MAX + 16], btf[PATH_MAX + 16], jobs[16];
	/* The Makefile links -lzstd, which the runner does not use; overriding
	 * LDFLAGS spares a libzstd-dev dependency. */
	const char *argv[] = { "make", "-C", dir, jobs, "CLANG=clang-19", "LLVM_STRIP=llvm-strip-19", out, btf,
			       "LDFLAGS=-lelf -lz -lpthread", NULL };

	snprintf(dir, sizeof(dir), "%s/tools/testing/selftests/sched_ext", b->work);
	snprintf(out, sizeof(out), "OUTPUT=%s/out", b->work);
	snprintf(btf, sizeof(btf), "VMLINUX_BTF=%s", b->k->vmlinux);
	snprintf(jobs, sizeof(jobs), "-j%d", b->jobs);
	if (fs_mkdirs(out + strlen("OUTPUT=")))
		return fail(b, "cannot create %s: %s", out + strlen("OUTPUT="), strerror(errno));
	return step(b, "building the sched_ext selftests", argv);
}

/* work/out/runner and the log into <dir>/<key>, replacing an old entry. */
static int commit(struct stb *b)
{
	char stage[PATH_MAX], final[PATH_MAX], from[PATH_MAX + 16], to[PATH_MAX + 16];

	snprintf(stage, sizeof(stage), "%s/.tmp-%s-XXXXXX", b->dir, b->k->key);
	if (!mkdtemp(stage))
		return fail(b, "cannot create a directory in %s: %s", b->dir, strerror(errno));
	chmod(stage, 0755);
	snprintf(from, sizeof(from), "%s/out/runner", b->work);
	snprintf(to, sizeof(to), "%s/runner", stage);
	if (fs_link_or_copy(from, to) || chmod(to, 0755)) {
		fs_rm_rf(stage);
		return fail(b, "the build made no runner (%s); see %s", strerror(errno), b->log);
	}
	snprintf(to, sizeof(to), "%s/build.log", stage);
	fs_link_or_copy(b->log, to);
	fs_join(final, sizeof(final), b->dir, b->k->key);
	fs_rm_rf(final);
	if (rename(stage, final)) {
		fs_rm_rf(stage);
		return fail(b, "cannot move the runner to %s: %s", final, strerror(errno));
	}
	return 0;
}

static int build(struct stb *b, bool force, char *path, size_t len)
{
	struct timespec t;

	if (!b->k->key[0])
		return fail(b, "the selftests need a cached kernel (its source and vmlinux), not a bzImage path; "
			       "pass a key from 'ktsrun kernel list'");
	if (!b->k->vmlinux[0])
		return fail(b, "kernel %s has no vmlinux, so no BTF; rebuild it with 'ktsrun kernel build --force'",
			    b->k->key);
	if (root_dir(b->dir, sizeof(b->dir), b->err, sizeof(b->err)) || lock(b))
		return -1;
	if (!force && stbuild_find(b->k, path, len) == 0) {
		log_info("sched_ext selftests for kernel %s are cached: %s", b->k->key, path);
		return 0;
	}
	snprintf(b->work, sizeof(b->work), "%s/.work-%s-XXXXXX", b->dir, b->k->key);
	if (!mkdtemp(b->work)) {
		b->work[0] = '\0';
		return fail(b, "cannot create a directory in %s: %s", b->dir, strerror(errno));
	}
	fs_join(b->log, sizeof(b->log), b->work, "build.log");
	if ((b->logfd = open(b->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0)
		return fail(b, "cannot create %s: %s", b->log, strerror(errno));
	log_info("building the sched_ext selftests for kernel %s from %s", b->k->key, b->k->source);
	if (extract(b) || compile(b) || commit(b) || stbuild_find(b->k, path, len))
		return b->err[0] ? -1 : fail(b, "the runner is not in the cache after the build");
	clock_gettime(CLOCK_MONOTONIC, &t);
	log_info("built the sched_ext selftests for %s in %ld s: %s", b->k->key, (long)(t.tv_sec - b->t0.tv_sec),
		 path);
	return 0;
}

int stbuild_run(const struct kcache_entry *k, int jobs, bool force, char *path, size_t len)
{
	struct stb b = { .k = k, .logfd = -1, .lockfd = -1 };
	char failed[PATH_MAX + KCACHE_KEY_MAX + 16];
	long n = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);
	int rc, sig;

	b.jobs = n > 0 ? (int)n : 1;
	clock_gettime(CLOCK_MONOTONIC, &b.t0);
	sig_install();
	rc = build(&b, force, path, len);
	if (b.logfd >= 0)
		close(b.logfd);
	if (rc && b.logfd >= 0 && !sig_caught) {
		snprintf(failed, sizeof(failed), "%s/%s.failed.log", b.dir, k->key);
		rename(b.log, failed);
	}
	if (b.work[0])
		fs_rm_rf(b.work);
	if (b.lockfd >= 0)
		close(b.lockfd);
	sig = sig_caught;
	sig_restore();
	if (rc == 0)
		return 0;
	log_err("%s", b.err);
	return sig ? 128 + sig : EXIT_ERROR;
}
