/* Groups contending together: thundering_herd (one broadcast, one token)
 * and mutex_contention (one process-shared mutex for the whole set). */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include <sys/resource.h>

#include "work/work_impl.h"

static int herd_waker(struct work_ctx *c)
{
	struct work_slot *s = &c->sh->slot[c->gbase];
	uint64_t period = (uint64_t)c->p[1] * NS_PER_US;

	for (;;) {
		uint64_t at = sys_now_ns() + period, woke;

		if (at >= c->until)
			break;
		woke = sys_sleep_until(at);
		telem_woke(c->t, woke, at);
		if (!work_live(c))
			break;
		s->ts = sys_now_ns();
		__atomic_store_n(&s->ack, 1, __ATOMIC_RELEASE); /* the one token */
		__atomic_add_fetch(&s->fut, 1, __ATOMIC_RELEASE);
		sys_futex_wake(&s->fut, INT_MAX);
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}

int work_thundering_herd(struct work_ctx *c)
{
	struct work_slot *s = &c->sh->slot[c->gbase];
	uint32_t seen;

	if (c->idx == c->gbase)
		return herd_waker(c);
	seen = __atomic_load_n(&s->fut, __ATOMIC_ACQUIRE);
	for (;;) {
		uint32_t one = 1;

		if (!work_wait_gen(c, s, &seen))
			return 0;
		if (__atomic_compare_exchange_n(&s->ack, &one, 0, false, __ATOMIC_ACQ_REL,
						__ATOMIC_RELAXED)) {
			c->t->aux++;
			sys_burn((uint64_t)c->p[2]);
		}
		if (!work_tick(c, 1))
			break;
	}
	return 0;
}

/* 0 with the mutex held, 1 if the run ended first, -errno; handoff: a
 * wait's latency from the last unlock is a wake sample. */
static int lock(struct work_ctx *c, bool handoff)
{
	pthread_mutex_t *m = &c->sh->mtx;
	int r = pthread_mutex_trylock(m);

	if (r == EBUSY) {
		c->t->aux++;
		do {
			uint64_t at = sys_now_ns() + WORK_POLL_NS;
			struct timespec ts = { (time_t)(at / NS_PER_S), (long)(at % NS_PER_S) };

			if (!work_live(c))
				return 1;
			r = pthread_mutex_clocklock(m, CLOCK_MONOTONIC, &ts);
		} while (r == ETIMEDOUT);
		if (handoff && (r == 0 || r == EOWNERDEAD))
			telem_woke(c->t, sys_now_ns(), c->sh->unlock_ts);
	}
	if (r == EOWNERDEAD) /* the holder died (killed worker): the data is fine */
		r = pthread_mutex_consistent(m);
	return r ? -r : 0;
}

int work_mutex_contention(struct work_ctx *c)
{
	for (;;) {
		int r = lock(c, true);

		if (r > 0)
			break;
		if (r < 0) {
			telem_fail(c->t, r, "mutex_contention: lock: %s", strerror(-r));
			return r;
		}
		sys_burn((uint64_t)c->p[0]);
		work_spin_us(c->p[2]);
		c->sh->unlock_ts = sys_now_ns();
		pthread_mutex_unlock(&c->sh->mtx);
		if (!work_tick(c, 1))
			break;
		sys_burn((uint64_t)c->p[1]);
		if (c->p[3] > 0) {
			uint64_t at = sys_now_ns() + (uint64_t)c->p[3] * NS_PER_US;

			if (at >= c->until)
				break;
			telem_woke(c->t, sys_sleep_until(at), at);
			if (!work_live(c))
				break;
		}
	}
	return 0;
}

/* priority_inversion: worker 0 of the set holds the shared mutex at nice 19
 * (hold_us of spinning, then sleep_us off it), worker 1 wants it at nice
 * -10 every sleep_us and records each wait for it as a wake latency, the
 * rest spin at nice 0 between them in weight. All stay in the scheduler
 * under test: no PI futex, which would boost the holder into the RT class. */
static int inversion_role(struct work_ctx *c, int nice)
{
	if (!setpriority(PRIO_PROCESS, (id_t)c->t->tid, nice))
		return 0;
	telem_fail(c->t, -errno, "priority_inversion: setpriority(nice %d): %s%s", nice, strerror(errno),
		   errno == EACCES || errno == EPERM ? " (needs CAP_SYS_NICE)" : "");
	return -1;
}

static bool inversion_pause(struct work_ctx *c)
{
	uint64_t at = sys_now_ns() + (uint64_t)c->p[1] * NS_PER_US;

	if (at >= c->until)
		return false;
	telem_woke(c->t, sys_sleep_until(at), 0); /* a chosen sleep: no latency sample */
	return work_live(c);
}

int work_priority_inversion(struct work_ctx *c)
{
	unsigned role = c->idx - c->gbase;

	if (inversion_role(c, role == 0 ? 19 : role == 1 ? -10 : 0))
		return -EPERM;
	if (role >= 2) {
		while (work_tick(c, 1))
			sys_burn(2000);
		return 0;
	}
	for (;;) {
		uint64_t asked = sys_now_ns();
		int r = lock(c, false);

		if (r > 0)
			break;
		if (r < 0) {
			telem_fail(c->t, r, "priority_inversion: lock: %s", strerror(-r));
			return r;
		}
		if (role == 1)
			telem_woke(c->t, sys_now_ns(), asked); /* the wait for the low-weight holder */
		else
			work_spin_us(c->p[0]);
		c->sh->unlock_ts = sys_now_ns();
		pthread_mutex_unlock(&c->sh->mtx);
		if (!work_tick(c, 1) || !inversion_pause(c))
			break;
	}
	return 0;
}
