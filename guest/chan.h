/* The result channel as the guest sees it: framed records on COM2. */
#ifndef KTS_GUEST_CHAN_H
#define KTS_GUEST_CHAN_H

#include <stddef.h>

int chan_open(const char *tty);
/* Send one record whose payload is printf-formatted "key=value\n" lines. */
__attribute__((format(printf, 2, 3))) int chan_rec(unsigned type, const char *fmt, ...);
int chan_raw(const void *p, size_t n);
void chan_flush(void);

#endif
