/* What the cached builds of tools from the kernel source share
 * (host/sbuild.c: schedulers, host/stbuild.c: the selftests' runner): the
 * error line, the build log, the per-kernel lock and the make steps. */
#ifndef KTS_CBUILD_H
#define KTS_CBUILD_H

#include <limits.h>
#include <time.h>

struct cbuild {
	char dir[PATH_MAX]; /* the cache directory, <cache>/sched or <cache>/selftest */
	const char *key;    /* kernel key: names the lock and the failed log */
	const char *what;   /* what is built, for messages: "schedulers" */
	char log[PATH_MAX]; /* the build log, once opened */
	char err[1024];	    /* the one-line error */
	int logfd, lockfd;
	struct timespec t0;
};

/* Start b: no log, no lock, the clock running, SIGINT/SIGTERM/SIGHUP
 * caught (cbuild_exit restores them). */
void cbuild_init(struct cbuild *b, const char *key, const char *what);
/* Set b->err; returns -1. */
int cbuild_fail(struct cbuild *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
double cbuild_elapsed(const struct cbuild *b);
/* Wait for <dir>/.locks/<key>.lock, saying so if another ktsrun holds it. */
int cbuild_lock(struct cbuild *b);
/* A fresh directory <dir>/<prefix>-<key>-XXXXXX into out (PATH_MAX). */
int cbuild_temp(struct cbuild *b, char *out, const char *prefix);
/* Open the build log at path, appending. */
int cbuild_open_log(struct cbuild *b, const char *path);
/* Run one step with its output in the log; the error says where to look. */
int cbuild_step(struct cbuild *b, const char *phase, const char *const argv[]);
/* Extract the parts (top-level paths) of the kernel tarball into dest. */
int cbuild_extract(struct cbuild *b, const char *tarball, const char *dest, const char *const parts[]);
/* Close the log (kept as <dir>/<key>.failed.log unless ok or stopped by a
 * signal) and release the lock. */
void cbuild_finish(struct cbuild *b, int ok);
/* After cbuild_finish and the caller's own clean-up: restore the signal
 * handlers, say b's error if rc is not 0, and return the exit code
 * (128 + the signal if one stopped the build). */
int cbuild_exit(struct cbuild *b, int rc);

#endif
