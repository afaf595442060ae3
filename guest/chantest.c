#include "guest/chantest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/chan_serve.h"
#include "lib/esc.h"
#include "lib/proto.h"
#include "work/sys.h"

/* The console as the shell will see it: the tty in its default cooked mode,
 * so a line arrives whole and is echoed on the console output. */
static int read_line(int fd, char *line, size_t cap, uint64_t deadline, char *err, size_t errlen)
{
	size_t used = 0;

	while (chan_serve_fd(deadline, fd)) {
		ssize_t n = read(fd, line + used, cap - 1 - used);

		if (n < 0 && (errno == EAGAIN || errno == EINTR))
			continue;
		if (n <= 0)
			return snprintf(err, errlen, "reading the console: %s",
					n ? strerror(errno) : "end of file"),
			       -EIO;
		used += (size_t)n;
		line[used] = '\0';
		if (memchr(line, '\n', used) || used + 1 == cap) {
			line[strcspn(line, "\r\n")] = '\0';
			return 0;
		}
	}
	return snprintf(err, errlen, "no line on the console within %u s", CHANTEST_WAIT_MS / 1000),
	       -ETIMEDOUT;
}

int chantest_run(char *err, size_t errlen)
{
	char line[PROTO_CONSOLE_LINE + 1], esc[4 * PROTO_CONSOLE_LINE + 1];
	int fd = open("/dev/ttyS0", O_RDONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC), rc;

	if (fd < 0)
		return snprintf(err, errlen, "/dev/ttyS0: %s", strerror(errno)), -errno;
	rc = read_line(fd, line, sizeof(line), sys_now_ns() + CHANTEST_WAIT_MS * NS_PER_MS, err, errlen);
	close(fd);
	if (rc)
		return rc;
	esc_encode(line, strlen(line), esc, sizeof(esc));
	return chan_rec(REC_CONSOLE, "text=%s\n", esc);
}
