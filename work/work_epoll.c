/* epoll_storm: one waker writes a timestamp into the inbound pipe of every
 * waiter of its group at once; each waiter sleeps in epoll_wait on its pipe
 * (the ep_poll_callback wake path, not a futex), reads, and acknowledges
 * through the waker's pipe; the waker sleeps in epoll_wait until every ack
 * of the round is in. */
#include <errno.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "work/work_impl.h"

/* 1 with the message's timestamp in *ts, 0 when the run ended, -errno. */
static int ep_take(struct work_ctx *c, int ep, uint64_t *ts)
{
	struct epoll_event ev;

	while (work_live(c)) {
		ssize_t n;

		if (epoll_wait(ep, &ev, 1, (int)(WORK_POLL_NS / NS_PER_MS)) <= 0)
			continue;
		n = read(c->sh->pipe_rd[c->idx], ts, sizeof(*ts));
		if (n == (ssize_t)sizeof(*ts))
			return 1;
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		telem_fail(c->t, n < 0 ? -errno : -EPIPE, "epoll_storm: read from own pipe: %s",
			   n < 0 ? strerror(errno) : "short read");
		return n < 0 ? -errno : -EPIPE;
	}
	return 0;
}

static int ep_send(struct work_ctx *c, unsigned to)
{
	uint64_t ts = sys_now_ns();

	if (write(c->sh->pipe_wr[to], &ts, sizeof(ts)) == (ssize_t)sizeof(ts))
		return 0;
	telem_fail(c->t, -errno, "epoll_storm: write to worker %u's pipe: %s", to, strerror(errno));
	return -errno;
}

/* The waker's rounds: 0 at the run's end, or -errno. */
static int storm(struct work_ctx *c, int ep)
{
	uint64_t ts = 0;

	do {
		for (unsigned w = c->gbase + 1; w < c->gbase + c->gsize; w++)
			if (ep_send(c, w))
				return -EIO;
		for (unsigned got = 0; got < c->gsize - 1; got++) {
			int r = ep_take(c, ep, &ts);

			if (r <= 0)
				return r;
		}
		telem_woke(c->t, sys_now_ns(), ts); /* the last ack's latency */
	} while (work_tick(c, 1));
	return 0;
}

int work_epoll_storm(struct work_ctx *c)
{
	struct epoll_event ev = { .events = EPOLLIN };
	uint64_t ts;
	int ep = epoll_create1(EPOLL_CLOEXEC), r;

	if (ep < 0 || epoll_ctl(ep, EPOLL_CTL_ADD, c->sh->pipe_rd[c->idx], &ev)) {
		r = -errno;
		telem_fail(c->t, r, "epoll_storm: epoll_create1/epoll_ctl: %s", strerror(-r));
		if (ep >= 0)
			close(ep);
		return r;
	}
	if (c->idx == c->gbase) {
		r = storm(c, ep);
	} else {
		while ((r = ep_take(c, ep, &ts)) > 0) {
			telem_woke(c->t, sys_now_ns(), ts);
			sys_burn((uint64_t)c->p[1]);
			if ((r = ep_send(c, c->gbase)) || !work_tick(c, 1))
				break;
		}
	}
	close(ep);
	return r < 0 ? r : 0;
}
