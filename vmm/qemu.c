/* The qemu backend: qemu-system-x86_64 as a child process.
 *
 * Nothing touches the filesystem: guest RAM and the initrd are memfds that
 * QEMU reopens through /proc/self/fd, and each serial port is a socketpair
 * whose other end QEMU inherits (-chardev socket,fd=N), so no file is left
 * behind whatever way either process ends. The sockets carry both ways and
 * bound what is in flight: a full buffer holds the sender back (QEMU stops
 * reading our input while the guest's UART is full; the guest's UART waits
 * while we have not read). QEMU runs in its own process group with
 * PDEATHSIG, so it dies with us even on SIGKILL. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "vmm/qemu_args.h"
#include "vmm/vmm.h"

struct qemu_vm {
	struct vmm vm;
	pid_t pid;
	int pidfd; /* readable once QEMU has exited; -1 without pidfd_open (Linux < 5.3) */
	int killed;
	struct qemu_fds fds; /* what QEMU inherits */
	int com[2];	     /* our ends of the serial socketpairs, non-blocking */
	int errfd;	     /* QEMU's stderr */
	unsigned nregions;
	struct vmm_region regions[TOPO_MAX_NODES];
	struct vmm_exit exit;
};

/* Guest RAM is sealed against shrinking once sized: a memfd cut short
 * under the host's mapping would SIGBUS the monitor's reads. */
static int new_memfd(const char *name, size_t size)
{
	int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);

	if (fd < 0)
		return -errno;
	if (size && (ftruncate(fd, (off_t)size) || fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK))) {
		int e = -errno;

		close(fd);
		return e;
	}
	return fd;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static void release(struct qemu_vm *q)
{
	for (unsigned i = 0; i < q->nregions; i++)
		munmap(q->regions[i].host, q->regions[i].size);
	q->nregions = 0;
	for (unsigned i = 0; i < TOPO_MAX_NODES; i++)
		close_fd(&q->fds.ram[i]);
	close_fd(&q->fds.com1);
	close_fd(&q->fds.com2);
	close_fd(&q->com[0]);
	close_fd(&q->com[1]);
	close_fd(&q->errfd);
	close_fd(&q->pidfd);
}

/* One serial port: QEMU's end in *theirs, ours non-blocking in *ours. */
static int new_serial(int *theirs, int *ours)
{
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		return -errno;
	*theirs = sv[0];
	*ours = sv[1];
	if (fcntl(sv[1], F_SETFL, O_NONBLOCK))
		return -errno;
	return 0;
}

static int map_ram(struct qemu_vm *q, const struct vmm_config *cfg)
{
	uint64_t size = (uint64_t)qemu_node_mib(cfg) << 20;

	for (unsigned n = 0; n < cfg->topo->nodes; n++) {
		char name[32];
		void *p;

		snprintf(name, sizeof(name), "ktsrun-ram%u", n);
		q->fds.ram[n] = new_memfd(name, size);
		if (q->fds.ram[n] < 0)
			return q->fds.ram[n];
		p = mmap(NULL, size, PROT_READ, MAP_SHARED, q->fds.ram[n], 0);
		if (p == MAP_FAILED)
			return -errno;
		/* nodes are laid out one after another from address 0 */
		q->regions[n] = (struct vmm_region){
			.gpa = n * size, .size = size, .host = p, .wfd = q->fds.ram[n]
		};
		q->nregions = n + 1;
	}
	return 0;
}

/* In the child: keep exactly the fds QEMU must inherit, then exec. */
static void child_exec(struct qemu_vm *q, struct qemu_argv *av, pid_t parent)
{
	int keep[TOPO_MAX_NODES + 3], nkeep = 0, devnull;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
	for (unsigned i = 0; i < TOPO_MAX_NODES; i++)
		if (q->fds.ram[i] >= 0)
			keep[nkeep++] = q->fds.ram[i];
	keep[nkeep++] = q->fds.com1;
	keep[nkeep++] = q->fds.com2;
	if (q->fds.initrd >= 0)
		keep[nkeep++] = q->fds.initrd;
	for (int i = 0; i < nkeep; i++)
		fcntl(keep[i], F_SETFD, 0);
	devnull = open("/dev/null", O_RDWR);
	dup2(devnull, 0);
	dup2(devnull, 1);
	dup2(q->errfd, 2);
	execvp(av->argv[0], av->argv);
	dprintf(2, "cannot run %s: %s\n", av->argv[0], strerror(errno));
	_exit(127);
}

static int qemu_create(const struct vmm_config *cfg, struct vmm **out, char *err, size_t errlen)
{
	struct qemu_vm *q = calloc(1, sizeof(*q));
	struct qemu_argv av;
	pid_t parent = getpid();
	int e = -ENOMEM;

	if (!q) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	q->vm.ops = &vmm_qemu;
	q->pidfd = -1;
	for (unsigned i = 0; i < TOPO_MAX_NODES; i++)
		q->fds.ram[i] = -1;
	q->fds.initrd = cfg->initrd_fd;
	q->fds.com1 = q->fds.com2 = q->com[0] = q->com[1] = -1;
	q->errfd = new_memfd("ktsrun-qemu-stderr", 0);
	if ((e = new_serial(&q->fds.com1, &q->com[VMM_COM1])) < 0 ||
	    (e = new_serial(&q->fds.com2, &q->com[VMM_COM2])) < 0 || (e = q->errfd) < 0 ||
	    (e = map_ram(q, cfg)) < 0) {
		snprintf(err, errlen, "cannot set up guest memory (%u MiB): %s", cfg->mem_mib, strerror(-e));
		goto out_release;
	}
	if (qemu_argv_build(&av, cfg, &q->fds, cfg->accel)) {
		snprintf(err, errlen, "QEMU command line too long");
		qemu_argv_free(&av);
		goto out_release;
	}
	q->pid = fork();
	if (q->pid == 0)
		child_exec(q, &av, parent);
	qemu_argv_free(&av);
	if (q->pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		goto out_release;
	}
	q->vm.vcpu_pid = q->pid;
	/* the child took QEMU's ends; copies here would keep the sockets open after QEMU exits */
	close_fd(&q->fds.com1);
	close_fd(&q->fds.com2);
	q->pidfd = (int)syscall(SYS_pidfd_open, q->pid, 0);
	*out = &q->vm;
	return 0;
out_release:
	release(q);
	free(q);
	return -1;
}

static int qemu_memory(struct vmm *vm, const struct vmm_region **regions, unsigned *n)
{
	struct qemu_vm *q = (struct qemu_vm *)vm;

	*regions = q->regions;
	*n = q->nregions;
	return 0;
}

static ssize_t qemu_read(struct vmm *vm, enum vmm_stream s, void *buf, size_t len)
{
	struct qemu_vm *q = (struct qemu_vm *)vm;
	ssize_t n;

	if (s != VMM_COM1 && s != VMM_COM2)
		return -EINVAL;
	do
		n = recv(q->com[s], buf, len, MSG_DONTWAIT);
	while (n < 0 && errno == EINTR);
	/* what QEMU wrote before it exited stays readable; then EOF */
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	return n < 0 ? -errno : n;
}

static ssize_t qemu_write(struct vmm *vm, enum vmm_stream s, const void *buf, size_t len)
{
	struct qemu_vm *q = (struct qemu_vm *)vm;
	ssize_t n;

	if (s != VMM_COM1 && s != VMM_COM2)
		return -EINVAL;
	if (q->pid <= 0)
		return -EPIPE;
	do
		n = send(q->com[s], buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
		return 0;
	return n < 0 ? -errno : n;
}

/* First line of QEMU's stderr, for a one-line failure message. */
static void stderr_line(struct qemu_vm *q, char *out, size_t len)
{
	char buf[512];
	ssize_t n = pread(q->errfd, buf, sizeof(buf) - 1, 0);

	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	snprintf(out, len, "%s", buf);
}

static void classify(struct qemu_vm *q, int st)
{
	char line[200];
	struct vmm_exit *ex = &q->exit;

	if (q->killed) {
		ex->state = VMM_KILLED;
		snprintf(ex->detail, sizeof(ex->detail), "VM killed by ktsrun");
	} else if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		ex->state = VMM_EXITED;
		ex->status = 0;
		snprintf(ex->detail, sizeof(ex->detail), "guest powered off or reset");
	} else {
		ex->state = VMM_FAILED;
		ex->status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
		stderr_line(q, line, sizeof(line));
		snprintf(ex->detail, sizeof(ex->detail), "QEMU %s %d%s%s%s",
			 WIFEXITED(st) ? "exited with status" : "died of signal",
			 WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), line[0] ? ": " : "", line,
			 ex->status == 127 ? " (install qemu-system-x86: 'make deps')" : "");
	}
}

/* Sleep until QEMU exits or timeout_ms pass: on its pidfd, so an exit is
 * seen at once, else in 5 ms steps. */
static void wait_exit(struct qemu_vm *q, int timeout_ms, int *waited)
{
	struct timespec step = { 0, 5 * 1000 * 1000 };
	struct pollfd pfd = { .fd = q->pidfd, .events = POLLIN };

	if (q->pidfd >= 0 && poll(&pfd, 1, timeout_ms - *waited) >= 0) {
		*waited = timeout_ms;
		return;
	}
	nanosleep(&step, NULL);
	*waited += 5;
}

static int qemu_wait(struct vmm *vm, int timeout_ms, struct vmm_exit *ex)
{
	struct qemu_vm *q = (struct qemu_vm *)vm;
	int st, waited = 0;

	for (;;) {
		pid_t r = q->pid > 0 ? waitpid(q->pid, &st, WNOHANG) : -1;

		if (r == q->pid) {
			q->pid = 0;
			classify(q, st);
		}
		if (q->pid <= 0) {
			*ex = q->exit;
			return 1;
		}
		if (waited >= timeout_ms)
			return 0;
		wait_exit(q, timeout_ms, &waited);
	}
}

static void qemu_kill(struct vmm *vm)
{
	struct qemu_vm *q = (struct qemu_vm *)vm;
	int st;

	if (q->pid <= 0)
		return;
	q->killed = 1;
	kill(-q->pid, SIGKILL);
	kill(q->pid, SIGKILL);
	while (waitpid(q->pid, &st, 0) < 0 && errno == EINTR)
		;
	q->pid = 0;
	classify(q, st);
}

static void qemu_destroy(struct vmm *vm)
{
	struct qemu_vm *q = (struct qemu_vm *)vm;

	if (!vm)
		return;
	qemu_kill(vm);
	release(q);
	free(q);
}

const struct vmm_backend vmm_qemu = {
	.name = "qemu",
	.create = qemu_create,
	.memory = qemu_memory,
	.read = qemu_read,
	.write = qemu_write,
	.wait = qemu_wait,
	.kill = qemu_kill,
	.destroy = qemu_destroy,
};
