/* The host's requests on the channel (lib/proto.h, doc/channel.md): bytes
 * in, frames decoded, each request checked as untrusted input and answered
 * in REC_REPLY chunks. Nothing here touches Linux, so the unit tests run it
 * on the host with fake handlers; guest/chan_serve.c gives the real ones.
 *
 *   chan_in_init(&c, &ops);
 *   chan_in_feed(&c, bytes, n);     handlers and send run from here
 */
#ifndef KTS_GUEST_CHAN_IN_H
#define KTS_GUEST_CHAN_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/frame.h"

struct chan_in_ops {
	/* The answer's text into out (at most len bytes), its length in *n:
	 * 0, or -1 with a one-line reason in out instead. */
	int (*ping)(void *arg, const char *data, char *out, size_t len, size_t *n);
	int (*dump)(void *arg, char *out, size_t len, size_t *n);
	/* One record to the host: 0, or -errno. */
	int (*send)(void *arg, unsigned type, const char *payload, size_t len);
	void *arg;
	/* Set the console's size (rows, cols checked: 1..PROTO_WINSIZE_MAX);
	 * as ping. NULL: refused, the guest has no console to size. */
	int (*winsize)(void *arg, unsigned rows, unsigned cols, char *out, size_t len, size_t *n);
};

struct chan_in {
	struct frame_dec dec;
	const struct chan_in_ops *ops;
	unsigned long answered;
	unsigned long rejected; /* frames dropped: no usable id, too long, not a request */
	bool busy;		/* in a handler: chan_serve leaves input unread till it returns */
};

void chan_in_init(struct chan_in *c, const struct chan_in_ops *ops);
void chan_in_feed(struct chan_in *c, const uint8_t *p, size_t n);
/* Input the guest threw away so far: decoder garbage, bad CRC, oversized
 * frames, rejected requests. Every reply carries it as rx_bad. */
unsigned long chan_in_bad(const struct chan_in *c);

#endif
