/* What every cached build shares (host/kernel/kernel_build.c: kernels,
 * host/sched/sched_build.c: schedulers, host/selftest/selftest_build.c: the
 * selftests' runner): the error line, the build log, the per-key lock, the
 * clock, temporary directories, the make steps and the child-process runner
 * (build_exec.c). */
#ifndef KTS_HOST_BUILD_BUILD_H
#define KTS_HOST_BUILD_BUILD_H

#include <limits.h>
#include <time.h>

struct build {
	char dir[PATH_MAX];  /* the cache directory, <cache>/sched or <cache>/selftest */
	const char *key;     /* kernel key: names the lock and the failed log */
	const char *what;    /* what is built, for messages: "schedulers" */
	char log[PATH_MAX];  /* the build log, once opened */
	char err[1024];	     /* the one-line error */
	unsigned tail_lines; /* lines of a failed log to show; 0: only name it */
	int logfd, lockfd;
	unsigned long long need; /* bytes the build takes in dir (build_need_space); 0 unknown */
	const char *need_what;
	struct timespec t0;
};

/* Start b: no log, no lock, the clock running, SIGINT/SIGTERM/SIGHUP
 * caught (build_exit restores them). */
void build_init(struct build *b, const char *key, const char *what);
/* Set b->err; returns -1. */
int build_fail(struct build *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double build_elapsed(const struct build *b);
/* Wait for <dir>/.locks/<key>.lock, saying so if another ktsrun holds it. */
int build_lock(struct build *b);
/* A build that fills the disk fails late and confusingly: say it up front
 * when b->dir has less than need bytes free (what: "a kernel build"), and
 * remember need, so a step that fails on a full disk says it too. */
int build_need_space(struct build *b, unsigned long long need, const char *what);
/* A fresh directory <dir>/<prefix>-<key>-XXXXXX into out (PATH_MAX). */
int build_temp(struct build *b, char *out, const char *prefix);
/* Open the build log at path, appending. */
int build_open_log(struct build *b, const char *path);
/* Run one step with its output in the log, saying "<phase><detail>"; the
 * error says where to look. */
int build_step(struct build *b, const char *phase, const char *detail, const char *const argv[]);
/* Extract the parts (top-level paths) of the kernel tarball into dest. */
int build_extract(struct build *b, const char *tarball, const char *dest, const char *const parts[]);
/* rename() the staged directory to <dir>/<key>, replacing an entry that is
 * there (--force); on success stage becomes "" (nothing left to remove). */
int build_commit(struct build *b, char *stage, const char *what);
/* Close the log (kept as <dir>/<key>.failed.log, its last tail_lines shown,
 * unless ok or stopped by a signal) and release the lock. */
void build_finish(struct build *b, int ok);
/* After build_finish and the caller's own clean-up: restore the signal
 * handlers, say b's error if rc is not 0, and return the exit code
 * (128 + the signal if one stopped the build). */
int build_exit(struct build *b, int rc);

/* ---- build_exec.c: child processes of a long build ---- */

enum { BUILD_EXEC_OK = 0, BUILD_EXEC_FAILED = 1, BUILD_EXEC_NOSTART = -1, BUILD_EXEC_STOPPED = -2 };
/*
 * Run argv in its own process group with stdout and stderr appended to
 * logfd, printing "<phase>: ..." every KTSRUN_PROGRESS_SECS (default 15)
 * seconds; for make, the count of objects compiled so far is read from
 * the log at logpath. On a stop signal the whole group is killed.
 */
int build_exec(const char *phase, const char *const argv[], int logfd, const char *logpath);

#endif
