/* ktsrun.mode=shell (ktsrun shell): busybox's applets installed, the cgroup
 * root of a run made, the host's scheduler loaded if it gave one. Then
 * either the command in PROTO_SHELL_EXEC runs with its output and exit
 * status sent as REC_OUTPUT and REC_EXIT records, or a login shell runs on
 * the console as a session leader with the console as its controlling tty
 * (job control, Ctrl-C to its foreground job) until it exits. PID 1 serves
 * the channel meanwhile, REQ_WINSIZE included. */
#ifndef KTS_GUEST_SHELL_H
#define KTS_GUEST_SHELL_H

#include <stddef.h>

/* 0 once the shell or the command is over (REC_EXIT sent), or -errno with err. */
int shell_run(char *err, size_t errlen);

#endif
