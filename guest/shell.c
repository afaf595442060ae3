/* ktsrun.mode=shell: a busybox shell on the console, or shell --exec's one
 * command with its output sent as records (guest/shell.h). */
#include "guest/shell.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/chan_serve.h"
#include "guest/runtime.h"
#include "guest/runtime_sched.h"
#include "lib/esc.h"
#include "lib/proto.h"
#include "work/cgroup.h"
#include "work/sys.h"

#define BUSYBOX "/bin/busybox"
#define CONSOLE "/dev/ttyS0"
#define SHELL_PATH \
	"PATH=" PROTO_SHELL_INCLUDE ":" PROTO_SHELL_INCLUDE "/bin:/sched:/bin:/sbin:/usr/bin:/usr/sbin"
#define TICK_MS 500 /* reap orphans and poll the scheduler this often */

static char env_path[] = SHELL_PATH, env_home[] = "HOME=/root", env_term[] = "TERM=dumb";
static char *const shell_env[] = { env_path, env_home, env_term, NULL };

/* The applets as links in /bin, /sbin, /usr/bin and /usr/sbin. */
static int install_busybox(char *err, size_t errlen)
{
	static const char *const dirs[] = { "/bin", "/sbin", "/usr", "/usr/bin", "/usr/sbin" };
	pid_t pid;
	int st;

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		mkdir(dirs[i], 0755);
	pid = fork();
	if (pid == 0) {
		execl(BUSYBOX, "busybox", "--install", "-s", (char *)NULL);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st))
		return snprintf(err, errlen, "%s --install failed (is busybox in the initramfs?)", BUSYBOX),
		       -EIO;
	return 0;
}

/* The cgroup root a run gets, /sys/fs/cgroup/kts, with the controllers
 * on for the cgroups made under it by hand. */
static int make_cgroup_root(char *err, size_t errlen)
{
	char top[256];

	cgroup_path(top, sizeof(top), CG_ROOT, RUNTIME_ROOT);
	return cgroup_create(CG_ROOT, RUNTIME_ROOT, NULL, err, errlen) ||
			       cgroup_enable_in(top, CG_CONTROLLERS, err, errlen)
		       ? -EIO
		       : 0;
}

/* Reap every zombie but the scheduler (runtime_sched reaps it); the
 * shell's own status into *st once it is gone. True when it is. */
static bool reap(pid_t child, int *st)
{
	bool gone = false;
	siginfo_t si;

	for (;;) {
		int s;

		memset(&si, 0, sizeof(si));
		if (waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) || !si.si_pid ||
		    si.si_pid == runtime_sched_pid())
			break;
		if (waitpid(si.si_pid, &s, 0) == child)
			*st = s, gone = true;
	}
	return gone;
}

static void send_exit(int st)
{
	if (WIFSIGNALED(st))
		chan_rec(REC_EXIT, "status=%d\nsignal=%d\n", 128 + WTERMSIG(st), WTERMSIG(st));
	else
		chan_rec(REC_EXIT, "status=%d\nsignal=0\n", WIFEXITED(st) ? WEXITSTATUS(st) : 1);
}

/* In the child: these as stdin, stdout and stderr, nothing else open,
 * default signals, in /root; then busybox's sh. */
static __attribute__((noreturn)) void exec_sh(int in, int out, int errp, const char *argv0,
					      const char *script)
{
	dup2(in, 0), dup2(out, 1), dup2(errp, 2);
	for (int i = 3; i < 1024; i++)
		close(i);
	signal(SIGINT, SIG_DFL), signal(SIGTERM, SIG_DFL);
	if (chdir("/root"))
		_exit(126);
	execle("/bin/sh", argv0, script, (char *)NULL, shell_env);
	_exit(127);
}

/* The child of an interactive shell: a session whose controlling tty is
 * the console, in cooked mode, so the tty's line discipline echoes, edits
 * and turns Ctrl-C into SIGINT for the foreground job. */
static __attribute__((noreturn)) void exec_login_shell(void)
{
	struct termios t;
	int fd;

	setsid();
	fd = open(CONSOLE, O_RDWR);
	if (fd < 0 || ioctl(fd, TIOCSCTTY, 1))
		_exit(126);
	if (!tcgetattr(fd, &t)) {
		t.c_iflag = ICRNL | IXON | IUTF8 | BRKINT;
		t.c_oflag = OPOST | ONLCR;
		t.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN;
		t.c_cflag |= CREAD | CS8;
		tcsetattr(fd, TCSANOW, &t);
	}
	/* "-sh": a login shell, so it reads the host's /etc/profile */
	exec_sh(fd, fd, fd, "-sh", NULL);
}

static __attribute__((noreturn)) void exec_command(int out, int errp)
{
	setsid();
	exec_sh(open("/dev/null", O_RDONLY), out, errp, "sh", PROTO_SHELL_EXEC);
}

/* What one pipe has now, in REC_OUTPUT chunks; false at its end. */
static bool forward(int fd, const char *stream)
{
	static char esc[4 * PROTO_REPLY_CHUNK + 1];
	char buf[PROTO_REPLY_CHUNK];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return true;
	if (n <= 0)
		return false;
	esc_encode(buf, (size_t)n, esc, sizeof(esc));
	chan_rec(REC_OUTPUT, "stream=%s\ntext=%s\n", stream, esc);
	return true;
}

/* Serve the channel and watch the child until it is gone: the pipes of
 * --exec (fds[0], fds[1]) drained as they fill, orphans reaped. */
static int watch(pid_t child, struct pollfd *fds, unsigned nfds)
{
	static const char *const names[] = { "out", "err" };
	int st = 0;
	bool gone = false;

	for (;;) {
		unsigned open_fds = 0;

		chan_serve_fds(sys_now_ns() + TICK_MS * NS_PER_MS, fds, nfds);
		for (unsigned i = 0; i < nfds; i++) {
			if (fds[i].fd >= 0 && fds[i].revents && !forward(fds[i].fd, names[i])) {
				close(fds[i].fd);
				fds[i].fd = -1;
			}
			open_fds += fds[i].fd >= 0;
		}
		if (runtime_sched_tick())
			runtime_sched_end(); /* its result goes to the host now, not at the end */
		gone = gone || reap(child, &st);
		if (gone && !open_fds)
			return st;
	}
}

static int run_exec(void)
{
	int out[2], errp[2];
	struct pollfd fds[2];
	pid_t pid;

	if (pipe2(out, O_CLOEXEC) || pipe2(errp, O_CLOEXEC))
		return -errno;
	pid = fork();
	if (pid == 0)
		exec_command(out[1], errp[1]);
	close(out[1]), close(errp[1]);
	if (pid < 0)
		return -errno;
	fcntl(out[0], F_SETFL, O_NONBLOCK), fcntl(errp[0], F_SETFL, O_NONBLOCK);
	fds[0] = (struct pollfd){ .fd = out[0], .events = POLLIN };
	fds[1] = (struct pollfd){ .fd = errp[0], .events = POLLIN };
	send_exit(watch(pid, fds, 2));
	return 0;
}

static int run_interactive(void)
{
	int con = open(CONSOLE, O_RDWR | O_NOCTTY | O_CLOEXEC);
	pid_t pid;

	if (con < 0)
		return -errno;
	chan_serve_console(con); /* the host's REQ_WINSIZE lands here */
	pid = fork();
	if (pid == 0)
		exec_login_shell();
	if (pid < 0) {
		close(con);
		return -errno;
	}
	send_exit(watch(pid, NULL, 0));
	chan_serve_console(-1);
	close(con);
	return 0;
}

int shell_run(char *err, size_t errlen)
{
	bool exec_mode = access(PROTO_SHELL_EXEC, R_OK) == 0;
	int rc;

	mkdir("/root", 0700);
	if ((rc = install_busybox(err, errlen)) || (rc = make_cgroup_root(err, errlen)))
		return rc;
	/* a scheduler that fails to load leaves the shell up: the host says
	 * how it failed, and the machine is there to look at why */
	if ((rc = runtime_sched_begin(err, errlen)) < 0)
		return rc;
	rc = exec_mode ? run_exec() : run_interactive();
	runtime_sched_end();
	if (rc)
		return snprintf(err, errlen, "cannot start the shell: %s", strerror(-rc)), rc;
	/* what the shell left running goes before the power-off */
	kill(-1, SIGKILL);
	return 0;
}
