/* Pairs talking through pipes: pipe_io, cache_pipe. Each worker has an
 * inbound pipe made before fork; a message starts with the sender's
 * CLOCK_MONOTONIC timestamp, so the receiver measures wake latency. */
#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "work/work_impl.h"

static unsigned partner(const struct work_ctx *c)
{
	return c->gbase + ((c->idx - c->gbase) ^ 1u);
}

static int msg_send(struct work_ctx *c, uint8_t *buf, size_t len)
{
	uint64_t ts = sys_now_ns();
	size_t off = 0;

	memcpy(buf, &ts, sizeof(ts));
	while (off < len) {
		ssize_t n = write(c->sh->pipe_wr[partner(c)], buf + off, len - off);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			telem_fail(c->t, -errno, "%s: write to the partner's pipe: %s", c->type->name,
				   strerror(errno));
			return -errno;
		}
		off += (size_t)n;
	}
	return 0;
}

/* 1 got a message, 0 the run ended, -errno on failure. */
static int msg_take(struct work_ctx *c, uint8_t *buf, size_t len)
{
	struct pollfd pfd = { .fd = c->sh->pipe_rd[c->idx], .events = POLLIN };
	uint64_t ts;
	size_t got = 0;

	while (got < len) {
		ssize_t n;

		if (!work_live(c))
			return 0;
		if (poll(&pfd, 1, (int)(WORK_POLL_NS / NS_PER_MS)) <= 0)
			continue;
		n = read(pfd.fd, buf + got, len - got);
		if (n == 0 || (n < 0 && errno != EINTR && errno != EAGAIN)) {
			int e = n ? errno : EPIPE;

			telem_fail(c->t, -e, "%s: read from own pipe: %s", c->type->name, strerror(e));
			return -e;
		}
		if (n > 0)
			got += (size_t)n;
	}
	memcpy(&ts, buf, sizeof(ts));
	telem_woke(c->t, sys_now_ns(), ts);
	return 1;
}

/* The pair loop: the first of the pair serves first; between receiving and
 * answering each side runs `between`. */
static int pair_loop(struct work_ctx *c, size_t len, void (*between)(struct work_ctx *, void *), void *arg)
{
	uint8_t *buf = calloc(1, len);
	int r = 0;

	if (!buf)
		return -ENOMEM;
	if (c->idx == c->gbase && (r = msg_send(c, buf, len)))
		goto out;
	while ((r = msg_take(c, buf, len)) == 1) {
		between(c, arg);
		if (!work_tick(c, 1) || (r = msg_send(c, buf, len)))
			break;
	}
out:
	free(buf);
	return r < 0 ? r : 0;
}

static void burn_between(struct work_ctx *c, void *arg)
{
	sys_burn((uint64_t)c->p[1]);
}

int work_pipe_io(struct work_ctx *c)
{
	return pair_loop(c, (size_t)c->p[0], burn_between, NULL);
}

struct walk {
	uint8_t *buf;
	size_t size, pos;
};

static void walk_between(struct work_ctx *c, void *arg)
{
	struct walk *w = arg;

	work_touch(w->buf, w->size, (size_t)c->p[1], (uint64_t)c->p[2], &w->pos);
}

int work_cache_pipe(struct work_ctx *c)
{
	struct walk w = { .size = (size_t)c->p[0] * 1024 };
	int r;

	if (!(w.buf = calloc(1, w.size))) {
		telem_fail(c->t, -ENOMEM, "cache_pipe: cannot allocate a %zu KiB working set", w.size / 1024);
		return -ENOMEM;
	}
	r = pair_loop(c, 64, walk_between, &w);
	free(w.buf);
	return r;
}
