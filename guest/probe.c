/* The auto-repro probe's life in the guest (guest/probe.h). */
#include "guest/probe.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest/chan_serve.h"
#include "guest/spawn.h"
#include "guest/sysfs.h"
#include "work/sys.h"

#define PROBE_MAX_NAMES 64
#define PROBE_READY_MS	30000 /* attaching a kprobe each costs tens of ms under TCG */

/* Wait until the probe's stdout has line; 0, or -1 when it ended or took too long. */
static int wait_line(pid_t pid, const char *line, char *err, size_t errlen)
{
	static char out[4096];
	uint64_t end = sys_now_ns() + (uint64_t)PROBE_READY_MS * NS_PER_MS;

	while (sys_now_ns() < end) {
		if (!sysfs_read(out, sizeof(out), PROBE_OUT) && strstr(out, line))
			return 0;
		if (waitpid(pid, NULL, WNOHANG) == pid)
			return snprintf(err, errlen, "the probe ended before '%s' (see its stderr)", line),
			       -1;
		chan_serve_ms(20);
	}
	return snprintf(err, errlen, "the probe did not say '%s' within %d ms", line, PROBE_READY_MS), -1;
}

pid_t probe_start(const char *path, const char *names, char *err, size_t errlen)
{
	static char buf[1024];
	char *argv[PROBE_MAX_NAMES + 2], *save = NULL;
	unsigned n = 0;
	pid_t pid;

	snprintf(buf, sizeof(buf), "%s", names);
	argv[n++] = (char *)(uintptr_t)path;
	for (char *t = strtok_r(buf, " ", &save); t && n <= PROBE_MAX_NAMES; t = strtok_r(NULL, " ", &save))
		argv[n++] = t;
	argv[n] = NULL;
	if ((pid = fork()) < 0)
		return snprintf(err, errlen, "fork: %s", strerror(errno)), -1;
	if (pid == 0)
		spawn_exec_logged(path, argv, PROBE_OUT, PROBE_ERR);
	if (wait_line(pid, "ktsr_probe: ready kernel", err, errlen)) {
		probe_end(pid);
		return -1;
	}
	return pid;
}

int probe_progs(pid_t pid, char *err, size_t errlen)
{
	if (kill(pid, SIGUSR1))
		return snprintf(err, errlen, "the probe is gone: %s", strerror(errno)), -1;
	return wait_line(pid, "ktsr_probe: ready progs", err, errlen);
}

/* It ends by itself after the trigger; else SIGINT makes it report. */
void probe_end(pid_t pid)
{
	uint64_t t = sys_now_ns();
	int asked = 0;

	if (pid <= 0)
		return;
	while (waitpid(pid, NULL, WNOHANG) == 0) {
		uint64_t ms = (sys_now_ns() - t) / NS_PER_MS;

		if (ms >= 1000 && !asked++)
			kill(pid, SIGINT);
		if (ms >= 6000) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return;
		}
		usleep(20000);
	}
}
