/* The real request handlers and the waits that serve them
 * (guest/chan_serve.h); decoding and checks are guest/chan_in.c's. */
#include "guest/chan_serve.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/chan_in.h"
#include "guest/scheduler.h"
#include "guest/sysfs.h"
#include "work/scx.h"
#include "work/sys.h"

#define SYSRQ	   "/proc/sysrq-trigger"
#define TRACE_PIPE "/sys/kernel/tracing/trace_pipe"
#define TRACE_MAX  (512u << 10) /* raw trace lines read for one dump */

static int serve_ping(void *arg, const char *data, char *out, size_t len, size_t *n)
{
	*n = (size_t)snprintf(out, len, "%s", data);
	return 0;
}

static int put_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

/* Everything in the trace pipe now; it is consumed, so the end-of-run
 * dump search (scheduler.c) sees only what came after. */
static size_t read_pipe(int fd, char *buf, size_t cap)
{
	size_t used = 0;
	ssize_t r;

	while (used + 1 < cap &&
	       ((r = read(fd, buf + used, cap - 1 - used)) > 0 || (r < 0 && errno == EINTR)))
		if (r > 0)
			used += (size_t)r;
	buf[used] = '\0';
	return used;
}

/* SysRq-D writes the dump synchronously into the sched_ext_dump event. */
static int serve_dump(void *arg, char *out, size_t len, size_t *n)
{
	static char raw[TRACE_MAX];
	char state[32];
	int fd, rc;

	if ((rc = sysfs_read(state, sizeof(state), "/sys/kernel/sched_ext/state")) ||
	    strcmp(state, "enabled"))
		return snprintf(out, len, "no sched_ext scheduler is enabled (state: %s)",
				rc ? strerror(-rc) : state),
		       -1;
	if ((rc = put_str(SCHEDULER_DUMP_EVENT, "1")) ||
	    (fd = open(TRACE_PIPE, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0)
		return snprintf(out, len, "no sched_ext_dump trace event: %s", strerror(rc ? -rc : errno)),
		       -1;
	read_pipe(fd, raw, sizeof(raw)); /* older events are not this dump */
	rc = put_str(SYSRQ, "D");
	read_pipe(fd, raw, sizeof(raw));
	close(fd);
	if (rc)
		return snprintf(out, len, "%s: %s", SYSRQ, strerror(-rc)), -1;
	*n = scx_dump_excerpt(raw, out, len);
	if (!*n)
		return snprintf(out, len, "SysRq-D left no sched_ext_dump event in the trace"), -1;
	return 0;
}

static int serve_send(void *arg, unsigned type, const char *payload, size_t len)
{
	return chan_send(type, payload, len);
}

static int console_fd = -1;

void chan_serve_console(int fd)
{
	console_fd = fd;
}

/* The tty sends SIGWINCH to its foreground job when the size changes. */
static int serve_winsize(void *arg, unsigned rows, unsigned cols, char *out, size_t len, size_t *n)
{
	struct winsize ws = { .ws_row = (unsigned short)rows, .ws_col = (unsigned short)cols };

	if (console_fd < 0)
		return snprintf(out, len, "this guest mode has no console to size"), -1;
	if (ioctl(console_fd, TIOCSWINSZ, &ws))
		return snprintf(out, len, "TIOCSWINSZ: %s", strerror(errno)), -1;
	*n = 0;
	return 0;
}

static const struct chan_in_ops ops = { serve_ping, serve_dump, serve_send, NULL, serve_winsize };
static struct chan_in in;
static int in_ready;

static void drain(int fd)
{
	uint8_t buf[4096];
	ssize_t n;

	if (!in_ready) {
		chan_in_init(&in, &ops);
		in_ready = 1;
	}
	while ((n = read(fd, buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			chan_in_feed(&in, buf, (size_t)n);
}

static void sleep_to(uint64_t t)
{
	struct timespec ts = { (time_t)(t / NS_PER_S), (long)(t % NS_PER_S) };

	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

int chan_serve_fds(uint64_t deadline_ns, struct pollfd *fds, unsigned nfds)
{
	struct pollfd p[1 + CHAN_SERVE_FDS];
	int cfd = chan_in_fd();

	if (in.busy)
		cfd = -1; /* called from inside a handler: leave the input for later */
	if (nfds > CHAN_SERVE_FDS)
		nfds = CHAN_SERVE_FDS;
	for (;;) {
		uint64_t now = sys_now_ns(), left;
		struct timespec rel;
		bool any = cfd >= 0;
		int r;

		if (now >= deadline_ns)
			return 0;
		p[0] = (struct pollfd){ .fd = cfd, .events = POLLIN };
		for (unsigned i = 0; i < nfds; i++) {
			p[1 + i] = fds[i], p[1 + i].revents = 0;
			any = any || fds[i].fd >= 0;
		}
		if (!any) {
			sleep_to(deadline_ns);
			return 0;
		}
		left = deadline_ns - now;
		rel = (struct timespec){ (time_t)(left / NS_PER_S), (long)(left % NS_PER_S) };
		r = ppoll(p, 1 + nfds, &rel, NULL); /* negative fds are ignored */
		if (r < 0 && errno != EINTR) {
			sleep_to(deadline_ns);
			return 0;
		}
		if (r > 0 && (p[0].revents & POLLIN))
			drain(cfd);
		else if (r > 0 && p[0].revents)
			cfd = -1; /* hung up or broken: stop watching it */
		r = 0;
		for (unsigned i = 0; i < nfds; i++)
			if ((fds[i].revents = p[1 + i].revents))
				r = 1;
		if (r)
			return 1;
	}
}

int chan_serve_fd(uint64_t deadline_ns, int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return chan_serve_fds(deadline_ns, &p, 1);
}

void chan_serve_until(uint64_t deadline_ns)
{
	chan_serve_fd(deadline_ns, -1);
}

void chan_serve_ms(unsigned ms)
{
	chan_serve_until(sys_now_ns() + (uint64_t)ms * NS_PER_MS);
}
