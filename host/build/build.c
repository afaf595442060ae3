#include "host/build/build.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "host/util/clock.h"
#include "host/util/exitcode.h"
#include "host/util/fs.h"
#include "host/util/log.h"
#include "host/util/sig.h"

void build_init(struct build *b, const char *key, const char *what)
{
	memset(b, 0, sizeof(*b));
	b->key = key, b->what = what;
	b->logfd = b->lockfd = -1;
	clock_gettime(CLOCK_MONOTONIC, &b->t0);
	sig_install();
}

int build_fail(struct build *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->err, sizeof(b->err), fmt, ap);
	va_end(ap);
	return -1;
}

double build_elapsed(const struct build *b)
{
	return clock_since(&b->t0);
}

int build_lock(struct build *b)
{
	char dir[PATH_MAX], path[PATH_MAX + 300];

	fs_join(dir, sizeof(dir), b->dir, ".locks");
	snprintf(path, sizeof(path), "%s/%s.lock", dir, b->key);
	if (fs_mkdirs(dir) || (b->lockfd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
		return build_fail(b, "cannot open %s: %s", path, strerror(errno));
	if (flock(b->lockfd, LOCK_EX | LOCK_NB) == 0)
		return 0;
	log_info("another ktsrun is building %s for %s; waiting for it", b->what, b->key);
	while (flock(b->lockfd, LOCK_EX) && errno == EINTR && !sig_caught)
		;
	return sig_caught ? build_fail(b, "interrupted while waiting for the lock") : 0;
}

static unsigned long long free_bytes(const char *dir)
{
	struct statvfs v;

	return statvfs(dir, &v) ? ~0ULL : (unsigned long long)v.f_bavail * v.f_frsize;
}

static int no_space(struct build *b, const char *what, unsigned long long have)
{
	return build_fail(b,
			  "%s needs about %llu MiB free in %s, there are %llu MiB; free some space or set "
			  "KTSRUN_CACHE_DIR elsewhere",
			  what, b->need >> 20, b->dir, have >> 20);
}

int build_need_space(struct build *b, unsigned long long need, const char *what)
{
	unsigned long long have = free_bytes(b->dir);

	b->need = need, b->need_what = what;
	return have == ~0ULL || have >= need ? 0 : no_space(b, what, have);
}

/* A step that failed with the file system (nearly) full failed for that. */
static bool disk_full(const struct build *b, unsigned long long *have)
{
	*have = free_bytes(b->dir);
	return *have != ~0ULL && *have < (4ULL << 20);
}

int build_temp(struct build *b, char *out, const char *prefix)
{
	char name[300];

	snprintf(name, sizeof(name), "%s-%s-XXXXXX", prefix, b->key);
	if (fs_join(out, PATH_MAX, b->dir, name) || !mkdtemp(out)) {
		out[0] = '\0';
		return build_fail(b, "cannot create a directory in %s: %s", b->dir, strerror(errno));
	}
	chmod(out, 0755);
	return 0;
}

int build_open_log(struct build *b, const char *path)
{
	snprintf(b->log, sizeof(b->log), "%s", path);
	if ((b->logfd = open(b->log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) < 0)
		return build_fail(b, "cannot create %s: %s", b->log, strerror(errno));
	return 0;
}

int build_step(struct build *b, const char *phase, const char *detail, const char *const argv[])
{
	unsigned long long have;
	double t;
	int rc;

	log_info("%s%s", phase, detail);
	dprintf(b->logfd, "ktsrun: ---- %s\n", phase);
	t = build_elapsed(b);
	rc = build_exec(phase, argv, b->logfd, b->log);
	dprintf(b->logfd, "ktsrun: ---- %s: %s after %.0f s\n", phase, rc ? "stopped" : "done",
		build_elapsed(b) - t);
	if (rc == BUILD_EXEC_OK)
		return 0;
	if (rc == BUILD_EXEC_STOPPED)
		return build_fail(b, "interrupted while %s", phase);
	if (rc == BUILD_EXEC_NOSTART)
		return build_fail(b, "%s: could not run %s; run 'make deps'", phase, argv[0]);
	if (b->need && disk_full(b, &have)) {
		no_space(b, b->need_what, have);
		return build_fail(b, "%s failed: the disk is full; %s", phase, strdupa(b->err));
	}
	return build_fail(b, "%s failed; %sthe %slog is %s/%s.failed.log", phase,
			  b->tail_lines ? "its last lines are above, " : "", b->tail_lines ? "whole " : "",
			  b->dir, b->key);
}

#define BUILD_MAX_PARTS 12

int build_extract(struct build *b, const char *tarball, const char *dest, const char *const parts[])
{
	/* "*" is the tarball's top directory only */
	const char *argv[8 + BUILD_MAX_PARTS + 1] = { "tar",	     "-xf",
						      tarball,	     "-C",
						      dest,	     "--strip-components=1",
						      "--wildcards", "--no-wildcards-match-slash" };
	char pats[BUILD_MAX_PARTS][64];
	struct stat st;
	size_t n = 8;

	errno = 0;
	if (stat(tarball, &st) || !S_ISREG(st.st_mode))
		return build_fail(b, "kernel source %s of %s is not a tarball (%s); run 'make deps'", tarball,
				  b->key, strerror(errno ? errno : EINVAL));
	for (size_t i = 0; parts[i] && i < BUILD_MAX_PARTS; i++) {
		snprintf(pats[i], sizeof(pats[i]), "*/%s", parts[i]);
		argv[n++] = pats[i];
	}
	argv[n] = NULL;
	return build_step(b, "extracting the tools from the kernel source", "", argv);
}

int build_commit(struct build *b, char *stage, const char *what)
{
	char final[PATH_MAX], old[PATH_MAX];

	if (fs_join(final, sizeof(final), b->dir, b->key))
		return build_fail(b, "cache path %s/%s is too long", b->dir, b->key);
	if (rename(stage, final) == 0)
		goto done;
	if (errno != ENOTEMPTY && errno != EEXIST)
		return build_fail(b, "cannot move the new %s to %s: %s", what, final, strerror(errno));
	if (build_temp(b, old, ".old"))
		return -1;
	if (rename(final, old) || rename(stage, final)) {
		fs_rm_rf(old);
		return build_fail(b, "cannot replace %s: %s", final, strerror(errno));
	}
	fs_rm_rf(old);
done:
	stage[0] = '\0';
	return 0;
}

/* The last n lines of the log at path, on stderr. */
static void show_tail(const char *path, unsigned n)
{
	char buf[4096];
	unsigned lines = 0;
	ssize_t got;
	off_t size;
	size_t i;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return;
	size = lseek(fd, 0, SEEK_END);
	got = pread(fd, buf, sizeof(buf) - 1,
		    size > (off_t)sizeof(buf) - 1 ? size - (off_t)sizeof(buf) + 1 : 0);
	close(fd);
	if (got <= 0)
		return;
	buf[got] = '\0';
	i = buf[got - 1] == '\n' ? (size_t)got - 1 : (size_t)got;
	for (; i > 0; i--)
		if (buf[i - 1] == '\n' && ++lines == n)
			break;
	fprintf(stderr, "---- last lines of %s\n%s%s----\n", path, buf + i, buf[got - 1] == '\n' ? "" : "\n");
	log_info("full build log: %s", path);
}

void build_finish(struct build *b, int ok)
{
	char failed[PATH_MAX + 300];

	if (b->logfd >= 0) {
		close(b->logfd);
		if (!ok && !sig_caught) {
			snprintf(failed, sizeof(failed), "%s/%s.failed.log", b->dir, b->key);
			if (rename(b->log, failed) == 0 && b->tail_lines)
				show_tail(failed, b->tail_lines);
		}
	}
	if (b->lockfd >= 0)
		close(b->lockfd);
	b->logfd = b->lockfd = -1;
}

int build_exit(struct build *b, int rc)
{
	sig_restore();
	if (rc == 0)
		return 0;
	log_err("%s", b->err);
	return sig_caught ? sig_exit_code() : EXIT_ERROR;
}
