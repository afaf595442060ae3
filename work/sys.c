#include "work/sys.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <sys/syscall.h>
#include <unistd.h>

int sys_cpu(void)
{
	return sched_getcpu();
}

int sys_futex_wait(uint32_t *addr, uint32_t val, uint64_t timeout_ns)
{
	struct timespec ts = { (time_t)(timeout_ns / NS_PER_S), (long)(timeout_ns % NS_PER_S) };

	if (syscall(SYS_futex, addr, FUTEX_WAIT, val, timeout_ns ? &ts : NULL, NULL, 0) == 0)
		return 1;
	if (errno == EAGAIN)
		return 0;
	if (errno == ETIMEDOUT)
		return -1;
	return 1; /* EINTR: let the caller look again */
}

int sys_futex_wake(uint32_t *addr, int n)
{
	return (int)syscall(SYS_futex, addr, FUTEX_WAKE, n > 0 ? n : INT_MAX, NULL, NULL, 0);
}

uint64_t sys_burn(uint64_t loops)
{
	/* volatile seed: the result depends on memory the compiler cannot see */
	static volatile uint64_t seed = 0x9e3779b97f4a7c15ull;
	uint64_t x = seed;

	for (uint64_t i = 0; i < loops; i++)
		x = x * 6364136223846793005ull + 1442695040888963407ull;
	return x;
}

void sys_spin_until(uint64_t until_ns)
{
	while (sys_now_ns() < until_ns)
		sys_burn(64);
}

uint64_t sys_sleep_until(uint64_t until_ns)
{
	struct timespec ts = { (time_t)(until_ns / NS_PER_S), (long)(until_ns % NS_PER_S) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
	return sys_now_ns();
}

int sys_read_text(const char *path, char *buf, size_t len, bool trim)
{
	ssize_t n;
	int fd, e;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	e = errno;
	close(fd);
	if (n < 0)
		return -e;
	while (trim && n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
		n--;
	buf[n] = '\0';
	return 0;
}
