/* SIGINT, SIGTERM and SIGHUP turn into a flag that long-running loops
 * check, so they can kill the VM or build and clean up before exiting. */
#ifndef KTS_HOST_UTIL_SIG_H
#define KTS_HOST_UTIL_SIG_H

#include <signal.h>

extern volatile sig_atomic_t sig_caught;

void sig_install(void);
/* Put back the handlers sig_install replaced (sig_caught stays). */
void sig_restore(void);
/* Exit code for a run ended by sig_caught: 128 + signal number. */
int sig_exit_code(void);

#endif
