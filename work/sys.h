/* Small system helpers the hot loops use: the monotonic clock, futexes on
 * shared memory, a busy loop the compiler cannot remove; and the one reader
 * of small /proc, /sys and cgroup files. */
#ifndef KTS_WORK_SYS_H
#define KTS_WORK_SYS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define NS_PER_US 1000ull
#define NS_PER_MS 1000000ull
#define NS_PER_S  1000000000ull

static inline uint64_t sys_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_S + (uint64_t)ts.tv_nsec;
}

/* Current CPU, or -1 (getcpu is a vDSO/rseq read: cheap enough per iteration). */
int sys_cpu(void);

/* Wait while *addr == val, at most timeout_ns (0 = no limit). Returns 1 if
 * woken (or spuriously returned), 0 if *addr already differed, -1 on timeout.
 * Not FUTEX_PRIVATE: the words live in memory shared across processes. */
int sys_futex_wait(uint32_t *addr, uint32_t val, uint64_t timeout_ns);
int sys_futex_wake(uint32_t *addr, int n);

/* Arithmetic the optimiser must keep: `loops` dependent multiply-adds. */
uint64_t sys_burn(uint64_t loops);
/* Busy-wait until CLOCK_MONOTONIC reaches until_ns. */
void sys_spin_until(uint64_t until_ns);
/* Sleep until an absolute CLOCK_MONOTONIC time; returns the time woken. */
uint64_t sys_sleep_until(uint64_t until_ns);

/* One read(2) of path into buf, NUL-terminated (at most len - 1 bytes);
 * trim drops trailing newlines and spaces. 0 or -errno. */
int sys_read_text(const char *path, char *buf, size_t len, bool trim);

#endif
