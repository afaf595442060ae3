/* libFuzzer target: the channel's two parsers of the other side's bytes.
 * Input: byte 0 picks the side, 'g' the guest's (host requests into
 * guest/chan_in.c), anything else the host's (guest replies into
 * host/boot/boot_link's checks and reassembly). If byte 1 is 'F' the rest
 * is a u16 type and a payload that the target frames with a valid CRC, so
 * the fuzzer gets past the decoder; otherwise the rest is the raw stream. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "guest/chan_in.h"
#include "host/boot/boot_link.h"
#include "lib/frame.h"
#include "lib/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t buf[FRAME_MAX_LEN];
static struct chan_in guest;
static struct frame_dec dec;
static struct boot_link *host;
static struct boot_link_answer ans;

static int f_ping(void *arg, const char *d, char *out, size_t len, size_t *n)
{
	*n = strlen(d) < len ? strlen(d) : len;
	memcpy(out, d, *n);
	return 0;
}

static int f_dump(void *arg, char *out, size_t len, size_t *n)
{
	*n = len < 2000 ? len : 2000;
	memset(out, 'd', *n);
	return 0;
}

static int f_send(void *arg, unsigned type, const char *p, size_t len)
{
	/* what the guest sends must be a reply the host accepts as well formed */
	struct boot_link_reply r;
	char err[200];

	if (type != REC_REPLY || boot_link_reply_parse((const uint8_t *)p, len, &r, err, sizeof(err)))
		abort();
	return 0;
}

static const struct chan_in_ops ops = { f_ping, f_dump, f_send, NULL, NULL };

static void on_reply(void *arg, uint16_t type, const uint8_t *p, size_t len)
{
	struct boot_link_reply r;
	char err[200];

	if (boot_link_check_reply(host, p, len, err, sizeof(err)))
		return;
	if (boot_link_reply_parse(p, len, &r, err, sizeof(err)))
		abort(); /* checked means parsed */
	boot_link_answer_add(&ans, &r);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *p = data + (size > 0);
	size_t n = size - (size > 0);

	if (n >= 3 && p[0] == 'F') {
		uint16_t type = (uint16_t)(p[1] | p[2] << 8);
		size_t len = n - 3 < FRAME_MAX_PAYLOAD ? n - 3 : FRAME_MAX_PAYLOAD;

		n = frame_encode(buf, type, p + 3, len);
		p = buf;
	}
	if (size && data[0] == 'g') {
		chan_in_init(&guest, &ops);
		chan_in_feed(&guest, p, n);
		return 0;
	}
	host = boot_link_new();
	for (int i = 0; i < 3; i++) /* ids 1 ping, 2 dump, 3 ping */
		boot_link_request(host, i == 1 ? REQ_DUMP : REQ_PING, NULL);
	memset(&ans, 0, sizeof(ans));
	frame_dec_init(&dec);
	frame_dec_feed(&dec, p, n, on_reply, NULL);
	boot_link_answer_free(&ans);
	boot_link_free(host);
	return 0;
}
