/* exec: a payload program run once by each worker, in the worker's cgroup
 * and with its affinity, nice and policy (a child inherits all four). The
 * worker stays as the program's supervisor: it waits for it, and at the
 * run's end sends SIGTERM to the program's process group (so a payload's
 * own children go too), then SIGKILL after grace_ms. stdout and stderr go
 * to one file, WORK_EXEC_OUT_FMT with the worker's pid, that the runtime
 * sends to the host after the stop. A spec with a file (rtapp's JSON) runs
 * in its own directory, WORK_EXEC_DIR_FMT, with the file in it. */
#include "work/work_exec.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/payload.h"
#include "work/work_impl.h"

void work_exec_out_path(int pid, char *buf, size_t len)
{
	snprintf(buf, len, WORK_EXEC_OUT_FMT, pid);
}

void work_exec_dir_path(int pid, char *buf, size_t len)
{
	snprintf(buf, len, WORK_EXEC_DIR_FMT, pid);
}

/* The spec's file in the worker's own directory; 0 or -errno. */
static int put_file(const struct work_ctx *c, char *dir, size_t dlen)
{
	char path[256];
	size_t len = strlen(c->spec->file_text), off = 0;
	int fd, r = 0;

	work_exec_dir_path(c->t->pid, dir, dlen);
	if (mkdir(dir, 0755) && errno != EEXIST)
		return -errno;
	snprintf(path, sizeof(path), "%s/%s", dir, c->spec->file_name);
	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0)
		return -errno;
	while (off < len && r == 0) {
		ssize_t n = write(fd, c->spec->file_text + off, len - off);

		if (n < 0 && errno != EINTR)
			r = -errno;
		off += n > 0 ? (size_t)n : 0;
	}
	if (close(fd) && !r)
		r = -errno;
	return r;
}

static void child(const struct work_ctx *c, int out, const char *dir)
{
	char *argv[WORK_MAX_ARGV + 1];

	memcpy(argv, c->spec->argv, sizeof(argv)); /* execvp's argv is not const */
	setpgid(0, 0);
	dup2(out, STDOUT_FILENO);
	dup2(out, STDERR_FILENO);
	if (out > STDERR_FILENO)
		close(out);
	setenv("PATH", PAYLOAD_PATH, 1); /* the one the host resolved it on */
	if (dir[0] && chdir(dir)) {
		dprintf(STDERR_FILENO, "ktsrun: exec %s: chdir %s: %s\n", c->spec->argv[0], dir,
			strerror(errno));
		_exit(127);
	}
	execvp(argv[0], argv);
	dprintf(STDERR_FILENO, "ktsrun: exec %s: %s\n", c->spec->argv[0], strerror(errno));
	_exit(127);
}

/* Wait for pid until the run ends; true once it has been reaped. */
static bool wait_run(struct work_ctx *c, pid_t pid, int *st)
{
	while (work_live(c)) {
		pid_t r = waitpid(pid, st, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			return r == pid;
		sys_sleep_until(sys_now_ns() + WORK_POLL_NS);
	}
	return false;
}

/* The run's end: the process group gets SIGTERM, then SIGKILL. */
static void end_run(struct work_ctx *c, pid_t pid, int *st)
{
	uint64_t kill_at = sys_now_ns() + (uint64_t)c->p[0] * NS_PER_MS;

	kill(-pid, SIGTERM);
	for (;;) {
		pid_t r = waitpid(pid, st, WNOHANG);

		if (r == pid || (r < 0 && errno != EINTR))
			break;
		if (sys_now_ns() >= kill_at) {
			kill(-pid, SIGKILL);
			waitpid(pid, st, 0);
			break;
		}
		sys_sleep_until(sys_now_ns() + NS_PER_MS);
	}
	kill(-pid, SIGKILL); /* children the payload left behind */
}

int work_exec(struct work_ctx *c)
{
	char path[64], dir[64] = "";
	int out, st = 0, r;
	pid_t pid;
	bool ended;

	work_exec_out_path(c->t->pid, path, sizeof(path));
	if ((out = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644)) < 0) {
		r = -errno;

		telem_fail(c->t, r, "exec %s: cannot open %s: %s", c->spec->argv[0], path, strerror(-r));
		return r;
	}
	if (c->spec->file_name && (r = put_file(c, dir, sizeof(dir)))) {
		close(out);
		telem_fail(c->t, r, "exec %s: cannot write %s in %s: %s", c->spec->argv[0],
			   c->spec->file_name, dir, strerror(-r));
		return r;
	}
	if ((pid = fork()) < 0) {
		r = -errno;

		close(out);
		telem_fail(c->t, r, "exec %s: fork: %s", c->spec->argv[0], strerror(-r));
		return r;
	}
	if (pid == 0)
		child(c, out, dir);
	close(out);
	setpgid(pid, pid); /* either side may win the race; both ask the same */
	ended = wait_run(c, pid, &st);
	if (!ended)
		end_run(c, pid, &st);
	c->t->slot = work_exec_status(st, !ended);
	telem_woke(c->t, sys_now_ns(), 0); /* supervising is a voluntary wait, not a gap */
	work_tick(c, 1);
	if (ended && (!WIFEXITED(st) || WEXITSTATUS(st)))
		c->t->aux++;
	/* the worker idles to the end, so its set ends as every other set does */
	while (work_live(c)) {
		sys_sleep_until(sys_now_ns() + WORK_POLL_NS);
		telem_woke(c->t, sys_now_ns(), 0);
	}
	return 0;
}
