/* Guest side of ktsrun selftest (guest/selftest.h). Each test runs in its own
 * runner process ("-t NAME"), so a hang or a crash costs one test only. */
#include "guest/selftest.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/spawn.h"
#include "guest/sysfs.h"
#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "lib/selftest_out.h"
#include "work/sys.h"

#define OUT_PATH  "/tmp/selftest.stdout"
#define ERR_PATH  "/tmp/selftest.stderr"
#define OUT_MAX	  (256 * 1024)
#define MAX_TESTS 256
#define NO_MATCH  "@ktsrun-lists-all@" /* a filter no test name contains */

struct run {
	int status; /* wait status */
	int timed_out;
	uint64_t ns;
};

static void child(const char *runner, const char *filter, int list)
{
	static char q[] = "-q", t[] = "-t", s[] = "-s";
	char *argv[] = { (char *)(uintptr_t)runner, q, t, (char *)(uintptr_t)filter, list ? s : NULL, NULL };

	setpgid(0, 0); /* the watchdog kills the test's own children too */
	spawn_exec_logged(runner, argv, OUT_PATH, ERR_PATH);
}

/* Run the runner once; 0, or -errno if it could not be started. */
static int run_runner(const char *runner, const char *filter, int list, unsigned timeout_ms, struct run *r)
{
	uint64_t t0 = sys_now_ns(), end = t0 + (uint64_t)timeout_ms * NS_PER_MS;
	pid_t pid = fork(), w;

	memset(r, 0, sizeof(*r));
	if (pid < 0)
		return -errno;
	if (pid == 0)
		child(runner, filter, list);
	setpgid(pid, pid);
	while ((w = waitpid(pid, &r->status, WNOHANG)) == 0 || (w < 0 && errno == EINTR)) {
		if (!r->timed_out && sys_now_ns() >= end) {
			r->timed_out = 1;
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
		}
		poll(NULL, 0, 20);
	}
	r->ns = sys_now_ns() - t0;
	kill(-pid, SIGKILL);		       /* what the test left behind */
	while (waitpid(-1, NULL, WNOHANG) > 0) /* PID 1 inherits orphans */
		;
	return 0;
}

static char *slurp(const char *path, size_t *n)
{
	char *b = malloc(OUT_MAX + 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t k;

	*n = 0;
	if (!b) {
		if (fd >= 0)
			close(fd);
		return NULL;
	}
	while (fd >= 0 && *n < OUT_MAX && (k = read(fd, b + *n, OUT_MAX - *n)) > 0)
		*n += (size_t)k;
	if (fd >= 0)
		close(fd);
	b[*n] = '\0';
	return b;
}

static void died(const struct run *r, unsigned timeout_ms, char *buf, size_t len)
{
	if (r->timed_out)
		snprintf(buf, len, "timed out after %u s (watchdog); ", timeout_ms / 1000);
	else if (WIFSIGNALED(r->status))
		snprintf(buf, len, "runner killed by signal %d; ", WTERMSIG(r->status));
	else
		snprintf(buf, len, "runner exited with status %d and no result; ", WEXITSTATUS(r->status));
}

static void one(const char *runner, const char *name, unsigned timeout_ms)
{
	static char reason[ST_REASON_MAX + 1], esc[4 * ST_REASON_MAX + 1];
	size_t on = 0, en = 0, pre = 0;
	char *out = NULL, *err = NULL;
	struct run r;
	int st = ST_FAIL, rc = run_runner(runner, name, 0, timeout_ms, &r);

	reason[0] = '\0';
	if (rc) {
		snprintf(reason, sizeof(reason), "cannot fork the runner: %s", strerror(-rc));
	} else {
		out = slurp(OUT_PATH, &on);
		err = slurp(ERR_PATH, &en);
		st = out ? selftest_out_status(out, on, name) : -1;
		if (st < 0 || r.timed_out) {
			st = ST_FAIL;
			died(&r, timeout_ms, reason, sizeof(reason));
			pre = strlen(reason);
		}
		if (st != ST_PASS && out && err)
			selftest_out_reason(out, on, err, en, name, reason + pre, sizeof(reason) - pre);
		if (pre && !reason[pre]) /* nothing more to say after "timed out ...; " */
			reason[pre - 2] = '\0';
	}
	esc_encode(reason, strlen(reason), esc, sizeof(esc));
	chan_rec(REC_SELFTEST, "name=%s\nresult=%s\nms=%llu\nreason=%s\n", name, selftest_out_result_name(st),
		 (unsigned long long)(r.ns / NS_PER_MS), esc);
	free(out);
	free(err);
}

/* Every test the runner has, in its order. */
static int list_tests(const char *runner, char (*names)[ST_NAME_MAX], char *err, size_t errlen)
{
	struct run r;
	size_t n;
	char *out;
	int count, rc = run_runner(runner, NO_MATCH, 1, 60000, &r);

	if (rc)
		return snprintf(err, errlen, "cannot fork the runner: %s", strerror(-rc)), rc;
	if (!(out = slurp(OUT_PATH, &n)))
		return snprintf(err, errlen, "out of memory"), -ENOMEM;
	count = selftest_out_list(out, n, names, MAX_TESTS);
	free(out);
	if (r.timed_out || !WIFEXITED(r.status) || WEXITSTATUS(r.status))
		return snprintf(err, errlen, "%s -s could not list the tests (status 0x%x%s)", runner,
				r.status, r.timed_out ? ", timed out" : ""),
		       -EIO;
	if (count <= 0)
		return snprintf(err, errlen, "%s listed %s tests", runner, count ? "malformed" : "no"), -EIO;
	return count;
}

static int listed(char (*names)[ST_NAME_MAX], int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(names[i], name))
			return 1;
	return 0;
}

int selftest_run(char *err, size_t errlen)
{
	static char text[KV_MAX_TEXT + 1], names[MAX_TESTS][ST_NAME_MAX];
	static struct kv kv;
	unsigned long tmo, want;
	const char *runner, *why, *v;
	char key[16];
	int n, rc;

	if ((rc = sysfs_read(text, sizeof(text) - 1, PROTO_SELFTEST_CONF)))
		return snprintf(err, errlen, "%s: %s", PROTO_SELFTEST_CONF, strerror(-rc)), rc;
	strcat(text, "\n"); /* sysfs_read stripped the last newline */
	if (kv_parse(&kv, text, strlen(text), &why))
		return snprintf(err, errlen, "selftest.conf: %s", why), -EINVAL;
	if (!(runner = kv_get(&kv, "runner")) || kv_get_uint(&kv, "test_timeout_ms", 3600000, &tmo) ||
	    kv_get_uint(&kv, "ntests", PROTO_SELFTEST_MAX, &want))
		return snprintf(err, errlen, "selftest.conf: runner, test_timeout_ms or ntests missing"),
		       -EINVAL;
	if ((n = list_tests(runner, names, err, errlen)) < 0)
		return n;
	chan_rec(REC_LOG, "msg=the runner has %d tests\n", n);
	for (unsigned long i = 0; i < want; i++) {
		snprintf(key, sizeof(key), "test%lu", i);
		if (!(v = kv_get(&kv, key)) || !listed(names, n, v))
			return snprintf(err, errlen,
					"no selftest named '%s' in the runner; 'ktsrun selftest' lists them",
					v ? v : "?"),
			       -ENOENT;
	}
	for (int i = 0; i < (want ? (int)want : n); i++) {
		if (want)
			snprintf(key, sizeof(key), "test%d", i);
		one(runner, want ? kv_get(&kv, key) : names[i], (unsigned)tmo);
	}
	return 0;
}
