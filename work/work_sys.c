/* Types that exercise kernel paths around scheduling: io_sync, fork_exit,
 * page_fault_churn. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work/work_impl.h"

int work_io_sync(struct work_ctx *c)
{
	size_t len = (size_t)c->p[0] * 1024;
	char path[64];
	void *buf = calloc(1, len);
	int fd, r = 0;

	/* tmpfs: what is measured is the syscall path and the blocking, not a disk */
	snprintf(path, sizeof(path), "/tmp/kts-io-%d-%u", (int)syscall(SYS_gettid), c->idx);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (!buf || fd < 0) {
		r = buf ? -errno : -ENOMEM;
		telem_fail(c->t, r, "io_sync: cannot open %s: %s", path, strerror(-r));
		goto out;
	}
	do {
		if (pwrite(fd, buf, len, 0) != (ssize_t)len || fdatasync(fd)) {
			r = -errno;
			telem_fail(c->t, r, "io_sync: write/fdatasync %s: %s", path, strerror(errno));
			break;
		}
	} while (work_tick(c, 1));
out:
	if (fd >= 0) {
		close(fd);
		unlink(path);
	}
	free(buf);
	return r;
}

/* The child writes when it first ran into t->slot (shared memory), so the
 * parent learns the fork-to-first-run latency. */
/* `count` children are forked in a burst, then reaped: the first child's
 * fork-to-first-run is the latency sample. */
int work_fork_exit(struct work_ctx *c)
{
	unsigned count = (unsigned)c->p[1];

	do {
		uint64_t forked, ran;
		pid_t kid[WORK_MAX_FORKS];
		unsigned n = 0;
		int st, r = 0;

		__atomic_store_n(&c->t->slot, 0, __ATOMIC_RELAXED);
		forked = sys_now_ns();
		for (; n < count; n++) {
			pid_t pid = kid[n] = fork();

			if (pid == 0) {
				if (n == 0)
					__atomic_store_n(&c->t->slot, sys_now_ns(), __ATOMIC_RELEASE);
				sys_burn((uint64_t)c->p[0]);
				_exit(0);
			}
			if (pid < 0) {
				r = -errno;
				break;
			}
		}
		/* by pid: with threads, other workers' children are ours too */
		for (unsigned k = 0; k < n; k++)
			while (waitpid(kid[k], &st, 0) < 0 && errno == EINTR)
				;
		if (r) {
			telem_fail(c->t, r, "fork_exit: fork: %s", strerror(-r));
			return r;
		}
		/* the wait was voluntary; the child's first run is the latency sample */
		telem_woke(c->t, sys_now_ns(), 0);
		ran = __atomic_load_n(&c->t->slot, __ATOMIC_ACQUIRE);
		if (ran)
			hist_add(&c->t->wake, ran > forked ? ran - forked : 0);
	} while (work_tick(c, count));
	return 0;
}

int work_page_fault_churn(struct work_ctx *c)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t len = (size_t)c->p[0] * 1024, pages = len / (size_t)page;

	do {
		volatile uint8_t *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
					   0);

		if (p == MAP_FAILED) {
			telem_fail(c->t, -errno, "page_fault_churn: mmap %zu KiB: %s", len / 1024,
				   strerror(errno));
			return -errno;
		}
		for (size_t i = 0; i < pages; i++)
			p[i * (size_t)page] = 1;
		munmap((void *)(uintptr_t)p, len);
	} while (work_tick(c, pages));
	return 0;
}
