#include "host/sig.h"

#include <string.h>

volatile sig_atomic_t sig_caught;

static void on_signal(int sig)
{
	sig_caught = sig;
}

void sig_install(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

int sig_exit_code(void)
{
	return 128 + (int)sig_caught;
}
