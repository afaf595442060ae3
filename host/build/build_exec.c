#include "host/build/build.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host/util/log.h"
#include "host/util/sig.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void child(const char *const argv[], int logfd)
{
	int null = open("/dev/null", O_RDONLY);
	char *args[16];
	size_t n = 0;

	/* execvp's prototype wants char *; it does not write through them */
	for (; argv[n] && n < 15; n++)
		args[n] = (char *)(uintptr_t)argv[n];
	args[n] = NULL;

	setpgid(0, 0);
	/* if ktsrun dies without cleaning up, make goes too */
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	if (null >= 0)
		dup2(null, 0);
	dup2(logfd, 1);
	dup2(logfd, 2);
	execvp(args[0], args);
	dprintf(logfd, "ktsrun: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(127);
}

/* Objects kbuild (the kernel's build system) reported ("  CC  ...", "  AS  ...") in the log since *off;
 * approximate (a line split between reads is missed), which a progress line can afford. */
static unsigned long count_objects(const char *logpath, off_t *off)
{
	char buf[1 << 16];
	unsigned long n = 0;
	ssize_t got;
	int fd = open(logpath, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return 0;
	while ((got = pread(fd, buf, sizeof(buf) - 1, *off)) > 0) {
		buf[got] = '\0';
		for (char *p = buf; (p = strchr(p, '\n')) != NULL; p++)
			if (!strncmp(p + 1, "  CC ", 5) || !strncmp(p + 1, "  AS ", 5))
				n++;
		*off += got;
	}
	close(fd);
	return n;
}

static void progress(const char *phase, double start, const char *logpath, off_t *off, unsigned long *objs)
{
	long el = (long)(now() - start);

	if (strcmp(phase, "building")) {
		log_info("%s: %ldm%02lds elapsed", phase, el / 60, el % 60);
		return;
	}
	*objs += count_objects(logpath, off);
	log_info("%s: %lu objects compiled, %ldm%02lds elapsed", phase, *objs, el / 60, el % 60);
}

/* SIGTERM to the group, SIGKILL if it lingers; reap the leader last, so
 * the group id cannot be reused while we signal it. */
static void kill_group(pid_t pid)
{
	int st;

	kill(-pid, SIGTERM);
	for (int i = 0; i < 50; i++) {
		siginfo_t si = { 0 };

		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid)
			break;
		poll(NULL, 0, 100);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
}

int build_exec(const char *phase, const char *const argv[], int logfd, const char *logpath)
{
	const char *env = getenv("KTSRUN_PROGRESS_SECS");
	double every = env && atoi(env) > 0 ? atoi(env) : 15, start = now(), next = start + every;
	unsigned long objs = 0;
	off_t off = lseek(logfd, 0, SEEK_END);
	pid_t pid;
	int st;

	if (sig_caught)
		return BUILD_EXEC_STOPPED;
	pid = fork();
	if (pid < 0)
		return BUILD_EXEC_NOSTART;
	if (pid == 0)
		child(argv, logfd);
	setpgid(pid, pid); /* also here: no window where a signal misses the group */
	for (;;) {
		siginfo_t si = { 0 };

		/* WNOWAIT: the zombie leader keeps the group id ours until reaped */
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) == 0 && si.si_pid == pid)
			break;
		if (sig_caught) {
			kill_group(pid);
			return BUILD_EXEC_STOPPED;
		}
		if (now() >= next) {
			progress(phase, start, logpath, &off, &objs);
			next += every;
		}
		poll(NULL, 0, 200);
	}
	/* make's own children share the group: none may outlive it */
	kill(-pid, SIGKILL);
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		return BUILD_EXEC_NOSTART;
	return WIFEXITED(st) && WEXITSTATUS(st) == 0 ? BUILD_EXEC_OK : BUILD_EXEC_FAILED;
}
