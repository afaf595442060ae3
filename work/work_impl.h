/* Inside the work types: the context a worker's loop runs with, the area
 * shared by the workers of one set, and the loop helpers. */
#ifndef KTS_WORK_WORK_IMPL_H
#define KTS_WORK_WORK_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "work/sys.h"
#include "work/telem.h"
#include "work/work.h"

#define WORK_MAX_WORKERS 256
/* fork_exit: children forked per unit, at most. */
#define WORK_MAX_FORKS	 64
/* Blocking waits wake at least this often to look at the stop flag. */
#define WORK_POLL_NS	 (20 * NS_PER_MS)

/* One cache line per worker: an inbox word, an ack counter, a timestamp. */
struct work_slot {
	uint32_t fut;
	uint32_t ack;
	uint64_t ts;
	int32_t cpu; /* fan_out_compute: the leader's CPU when it fanned out */
	uint8_t pad[44];
};

struct work_shared {
	struct work_slot slot[WORK_MAX_WORKERS];
	pthread_mutex_t mtx; /* mutex_contention: process-shared, robust */
	uint64_t unlock_ts;
	int pipe_rd[WORK_MAX_WORKERS], pipe_wr[WORK_MAX_WORKERS];
};

struct work_ctx {
	const struct work_type *type;
	const int64_t *p; /* the type's arguments, in parameter order */
	const struct work_spec *spec;
	struct telem *t;
	struct work_shared *sh;
	unsigned idx, n;       /* this worker's index in its set, and the set's size */
	unsigned gbase, gsize; /* its group: first index and size */
	const uint32_t *stop;
	uint64_t until;	    /* CLOCK_MONOTONIC deadline of this run (or phase) */
	const char *cgroup; /* the worker's cgroup directory, "" = find out */
	bool threads;
};

/* Count an iteration; false once the run should end. */
static inline bool work_tick(struct work_ctx *c, uint64_t units)
{
	uint64_t now = sys_now_ns();

	telem_tick(c->t, now, units);
	return !__atomic_load_n(c->stop, __ATOMIC_RELAXED) && now < c->until;
}

static inline bool work_live(const struct work_ctx *c)
{
	return !__atomic_load_n(c->stop, __ATOMIC_RELAXED) && sys_now_ns() < c->until;
}

/* Spin for `us` microseconds (nothing for 0): the duration parameters. */
static inline void work_spin_us(int64_t us)
{
	if (us > 0)
		sys_spin_until(sys_now_ns() + (uint64_t)us * NS_PER_US);
}

/* The churn types' work between changes: `interval_us` of spinning when
 * set, else a batch of `loops`. */
static inline void work_between(const struct work_ctx *c, unsigned loops_i, unsigned interval_i)
{
	if (c->p[interval_i] > 0)
		work_spin_us(c->p[interval_i]);
	else
		sys_burn((uint64_t)c->p[loops_i]);
}

/* Deliver a timestamped token to worker `to` through its inbox word. */
void work_post(struct work_ctx *c, unsigned to);
/* Wait for our inbox token; returns the sender's timestamp, 0 when the run ended. */
uint64_t work_take(struct work_ctx *c);
/* Wait for the group's generation word (the leader's slot) to move past
 * *seen, then record the wake against the leader's timestamp: false when
 * the run ended first. */
bool work_wait_gen(struct work_ctx *c, struct work_slot *s, uint32_t *seen);
/* Run a strided read-modify-write over buf: `touches` cache lines. */
void work_touch(uint8_t *buf, size_t size, size_t stride, uint64_t touches, size_t *pos);

int work_spin(struct work_ctx *c);
int work_yield(struct work_ctx *c);
int work_mixed(struct work_ctx *c);
int work_bursty(struct work_ctx *c);
int work_idle_churn(struct work_ctx *c);
int work_io_sync(struct work_ctx *c);
int work_pipe_io(struct work_ctx *c);
int work_futex_pingpong(struct work_ctx *c);
int work_futex_fanout(struct work_ctx *c);
int work_cache_pressure(struct work_ctx *c);
int work_cache_yield(struct work_ctx *c);
int work_cache_pipe(struct work_ctx *c);
int work_fork_exit(struct work_ctx *c);
int work_nice_sweep(struct work_ctx *c);
int work_affinity_churn(struct work_ctx *c);
int work_policy_churn(struct work_ctx *c);
int work_cgroup_churn(struct work_ctx *c);
int work_wake_chain(struct work_ctx *c);
int work_thundering_herd(struct work_ctx *c);
int work_mutex_contention(struct work_ctx *c);
int work_page_fault_churn(struct work_ctx *c);
int work_sequence(struct work_ctx *c);
int work_exec(struct work_ctx *c);
int work_epoll_storm(struct work_ctx *c);
int work_priority_inversion(struct work_ctx *c);
int work_preempt_storm(struct work_ctx *c);
int work_rt_starvation(struct work_ctx *c);
int work_fan_out_compute(struct work_ctx *c);

#endif
