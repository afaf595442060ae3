#include "host/util/term.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

static struct termios saved;
static int raw_fd = -1;
static volatile sig_atomic_t resized;
static const int fatal[] = { SIGQUIT, SIGABRT, SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGPIPE };

void term_restore(void)
{
	if (raw_fd >= 0)
		tcsetattr(raw_fd, TCSAFLUSH, &saved);
	raw_fd = -1;
}

static int set_raw(int fd)
{
	struct termios t = saved;

	t.c_iflag &= ~(unsigned)(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL | IXON);
	t.c_lflag &= ~(unsigned)(ECHO | ECHONL | ICANON | ISIG | IEXTEN);
	t.c_cflag = (t.c_cflag & ~(unsigned)(CSIZE | PARENB)) | CS8;
	t.c_cc[VMIN] = 1, t.c_cc[VTIME] = 0;
	return tcsetattr(fd, TCSAFLUSH, &t) ? -errno : 0;
}

/* Restore, then die of the signal as if we had no handler. */
static void on_fatal(int sig)
{
	term_restore();
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Stopped from outside (kill -TSTP): the terminal back for the shell that
 * stopped us, raw again when continued. */
static void on_tstp(int sig)
{
	int fd = raw_fd, e = errno;

	term_restore();
	signal(SIGTSTP, SIG_DFL);
	raise(SIGTSTP);
	/* continued */
	signal(SIGTSTP, on_tstp);
	if (fd >= 0 && !set_raw(fd))
		raw_fd = fd;
	errno = e;
	(void)sig;
}

static void on_winch(int sig)
{
	resized = 1;
	(void)sig;
}

int term_raw(int fd)
{
	static bool hooked;
	struct sigaction sa;

	if (tcgetattr(fd, &saved))
		return -errno;
	if (!hooked) {
		atexit(term_restore);
		memset(&sa, 0, sizeof(sa));
		sigemptyset(&sa.sa_mask);
		sa.sa_handler = on_fatal;
		for (size_t i = 0; i < sizeof(fatal) / sizeof(fatal[0]); i++)
			sigaction(fatal[i], &sa, NULL);
		sa.sa_handler = on_tstp;
		sigaction(SIGTSTP, &sa, NULL);
		sa.sa_handler = on_winch;
		sa.sa_flags = SA_RESTART;
		sigaction(SIGWINCH, &sa, NULL);
		hooked = true;
	}
	if (set_raw(fd))
		return -errno;
	raw_fd = fd;
	return 0;
}

int term_size(int fd, unsigned *rows, unsigned *cols)
{
	struct winsize ws;

	if (ioctl(fd, TIOCGWINSZ, &ws) || !ws.ws_row || !ws.ws_col)
		return -1;
	*rows = ws.ws_row, *cols = ws.ws_col;
	return 0;
}

bool term_resized(void)
{
	bool r = resized;

	resized = 0;
	return r;
}
