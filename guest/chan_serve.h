/* PID 1 answers the host while it waits (doc/channel.md). Every wait of
 * PID 1 while something runs (a step's hold, the scheduler's load, poll and
 * stop loops) sleeps here instead, in ppoll on the channel: a request wakes
 * it, is answered at once, and the wait goes on to its deadline. No extra
 * wakeups when the host is silent. Requests that come while PID 1 is busy
 * elsewhere wait in the tty's buffer until the next wait. */
#ifndef KTS_GUEST_CHAN_SERVE_H
#define KTS_GUEST_CHAN_SERVE_H

#include <poll.h>
#include <stdint.h>

/* Serve until CLOCK_MONOTONIC deadline_ns. */
void chan_serve_until(uint64_t deadline_ns);
void chan_serve_ms(unsigned ms);
/* Like chan_serve_until, and also return early (1) once fd is readable;
 * 0 at the deadline. */
int chan_serve_fd(uint64_t deadline_ns, int fd);
/* The same for up to CHAN_SERVE_FDS fds (negative ones ignored): 1 with
 * their revents set once any is ready, 0 at the deadline. */
#define CHAN_SERVE_FDS 4
int chan_serve_fds(uint64_t deadline_ns, struct pollfd *fds, unsigned nfds);
/* The console REQ_WINSIZE sizes (TIOCSWINSZ), or -1: refused. */
void chan_serve_console(int fd);

#endif
