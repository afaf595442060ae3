#include "host/util/sig.h"

#include <string.h>

volatile sig_atomic_t sig_caught;

static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
static struct sigaction saved[3];

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
	/* no SA_RESTART: a blocking flock() or poll() returns EINTR */
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &saved[i]);
}

void sig_restore(void)
{
	for (int i = 0; i < 3; i++)
		sigaction(sigs[i], &saved[i], NULL);
}

int sig_exit_code(void)
{
	return 128 + (int)sig_caught;
}
