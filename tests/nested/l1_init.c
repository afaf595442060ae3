/* PID 1 of the nested test bed's L1 (tests/nested/README.md): mount, load
 * the KVM modules with finit_module, run each line of /l1/cmds with
 * busybox sh, and report on COM2, one record a line, every line prefixed
 * so a command's output can never look like a record:
 *   m NAME RC [error]      a module loaded (RC 0) or not
 *   c N COMMAND            command N starts
 *   o N TEXT               a line of its stdout/stderr
 *   x N STATUS MS          it ended: exit status (128+signal), wall ms
 *   e                      all done; then power off
 * Static: L1 has no libraries of its own. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define L1_LINE 4096

static FILE *rep;

static long l1_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void l1_mounts(void)
{
	mkdir("/dev", 0755);
	mount("devtmpfs", "/dev", "devtmpfs", 0, NULL);
	mkdir("/proc", 0755);
	mount("proc", "/proc", "proc", 0, NULL);
	mkdir("/sys", 0755);
	mount("sysfs", "/sys", "sysfs", 0, NULL);
	mkdir("/tmp", 01777);
	mount("tmpfs", "/tmp", "tmpfs", 0, NULL);
	mkdir("/run", 0755);
	mount("tmpfs", "/run", "tmpfs", 0, NULL);
}

/* COM2 raw: no echo, no CR added, so records arrive as written. */
static FILE *l1_open_report(void)
{
	int fd = open("/dev/ttyS1", O_WRONLY | O_NOCTTY | O_CLOEXEC);
	struct termios t;

	if (fd < 0)
		return stderr;
	if (tcgetattr(fd, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fdopen(fd, "w");
}

/* /l1/modules: one .ko path a line, in load order (irqbypass, kvm, kvm-amd). */
static void l1_modules(void)
{
	FILE *f = fopen("/l1/modules", "r");
	char path[L1_LINE];

	if (!f)
		return;
	while (fgets(path, sizeof(path), f)) {
		int fd, rc;

		path[strcspn(path, "\n")] = '\0';
		if (!path[0])
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		rc = fd < 0 ? -1 : (int)syscall(SYS_finit_module, fd, "", 0);
		fprintf(rep, "m %s %d%s%s\n", path, rc ? errno : 0, rc ? " " : "", rc ? strerror(errno) : "");
		fflush(rep);
		if (fd >= 0)
			close(fd);
	}
	fclose(f);
}

static void l1_run(unsigned n, const char *cmd)
{
	int p[2], status = 0;
	long t0 = l1_ms();
	pid_t pid;
	FILE *out;
	char line[L1_LINE];

	fprintf(rep, "c %u %s\n", n, cmd);
	fflush(rep);
	if (pipe2(p, O_CLOEXEC) < 0) {
		fprintf(rep, "x %u 127 0\n", n);
		return;
	}
	pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		dup2(p[1], 2);
		execl("/bin/busybox", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	out = fdopen(p[0], "r");
	while (out && fgets(line, sizeof(line), out)) {
		line[strcspn(line, "\n")] = '\0';
		fprintf(rep, "o %u %s\n", n, line);
		fflush(rep);
	}
	if (out)
		fclose(out);
	/* PID 1 reaps orphans too; wait until our child is the one reaped */
	for (;;) {
		pid_t w = waitpid(-1, &status, 0);

		if (w == pid || (w < 0 && errno != EINTR))
			break;
	}
	fprintf(rep, "x %u %d %ld\n", n,
		WIFEXITED(status)     ? WEXITSTATUS(status)
		: WIFSIGNALED(status) ? 128 + WTERMSIG(status)
				      : 255,
		l1_ms() - t0);
	fflush(rep);
}

int main(void)
{
	char cmd[L1_LINE];
	unsigned n = 0;
	FILE *f;

	l1_mounts();
	rep = l1_open_report();
	setenv("PATH", "/ktsrun:/bin", 1);
	setenv("HOME", "/root", 1);
	setenv("KTSRUN_CACHE_DIR", "/cache", 1);
	setenv("NO_COLOR", "1", 1);
	l1_run(0, "/bin/busybox --install -s /bin"); /* command 0: the applets */
	l1_modules();
	f = fopen("/l1/cmds", "r");
	while (f && fgets(cmd, sizeof(cmd), f)) {
		cmd[strcspn(cmd, "\n")] = '\0';
		if (cmd[0] && cmd[0] != '#')
			l1_run(++n, cmd);
	}
	if (f)
		fclose(f);
	fprintf(rep, "e\n");
	fflush(rep);
	sync();
	reboot(RB_POWER_OFF);
	for (;;)
		pause();
}
