/* PID 1 answers the host while it waits (doc/channel.md). Every wait of
 * PID 1 while something runs (a step's hold, the scheduler's load, poll and
 * stop loops) sleeps here instead, in ppoll on the channel: a request wakes
 * it, is answered at once, and the wait goes on to its deadline. No extra
 * wakeups when the host is silent. Requests that come while PID 1 is busy
 * elsewhere wait in the tty's buffer until the next wait. */
#ifndef KTS_GUEST_CHAN_SERVE_H
#define KTS_GUEST_CHAN_SERVE_H

#include <stdint.h>

/* Serve until CLOCK_MONOTONIC deadline_ns. */
void chan_serve_until(uint64_t deadline_ns);
void chan_serve_ms(unsigned ms);
/* Like chan_serve_until, and also return early (1) once fd is readable;
 * 0 at the deadline. */
int chan_serve_fd(uint64_t deadline_ns, int fd);

#endif
