#include "guest/chan.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <termios.h>
#include <unistd.h>

#include "lib/frame.h"

static int chan_fd = -1, in_fd = -1;
static uint8_t chan_buf[FRAME_MAX_LEN];

int chan_open(const char *tty)
{
	struct termios tio;

	chan_fd = open(tty, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (chan_fd < 0)
		return -errno;
	/* raw: the tty layer must not turn \n into \r\n inside binary frames */
	if (tcgetattr(chan_fd, &tio) == 0) {
		cfmakeraw(&tio);
		cfsetospeed(&tio, B115200);
		tcsetattr(chan_fd, TCSANOW, &tio);
	}
	/* a second open file, so reads never block and writes still do */
	in_fd = open(tty, O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	return 0;
}

void chan_use_fd(int fd)
{
	chan_fd = fd;
	in_fd = -1;
}

int chan_in_fd(void)
{
	return in_fd;
}

int chan_raw(const void *p, size_t n)
{
	const uint8_t *b = p;

	while (n) {
		ssize_t w = write(chan_fd, b, n);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		b += w;
		n -= (size_t)w;
	}
	return 0;
}

int chan_send(unsigned type, const void *payload, size_t len)
{
	size_t n = frame_encode(chan_buf, (uint16_t)type, payload, len);

	return n ? chan_raw(chan_buf, n) : -EMSGSIZE;
}

int chan_rec(unsigned type, const char *fmt, ...)
{
	static char text[FRAME_MAX_PAYLOAD];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(text))
		return -EMSGSIZE;
	return chan_raw(chan_buf, frame_encode(chan_buf, (uint16_t)type, text, (size_t)n));
}

void chan_flush(void)
{
	if (chan_fd >= 0)
		tcdrain(chan_fd);
}
