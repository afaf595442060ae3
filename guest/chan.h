/* The channel as the guest sees it: framed records to the host on COM2,
 * and the host's requests coming back on the same line (guest/chan_serve.h). */
#ifndef KTS_GUEST_CHAN_H
#define KTS_GUEST_CHAN_H

#include <stddef.h>

int chan_open(const char *tty);
/* The channel on an open descriptor (a socket: the bundled runner), no
 * requests read from it. */
void chan_use_fd(int fd);
/* Send one record whose payload is printf-formatted "key=value\n" lines. */
__attribute__((format(printf, 2, 3))) int chan_rec(unsigned type, const char *fmt, ...);
int chan_raw(const void *p, size_t n);
/* Send one record with this payload as it is. */
int chan_send(unsigned type, const void *payload, size_t len);
void chan_flush(void);
/* The line opened again non-blocking, for reading the host's requests; -1
 * if that failed (requests then go unanswered). */
int chan_in_fd(void);

#endif
