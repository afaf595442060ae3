/* Both directions at once, with no VM: requests the host queues in
 * boot_link go through a fake backend's COM2 into the guest's chan_in, whose
 * REC_REPLY records come back framed, are decoded as boot.c decodes them,
 * checked against the open requests and put back together. */
#include <stdlib.h>

#include "guest/chan_in.h"
#include "host/boot/boot_link.h"
#include "lib/frame.h"
#include "lib/proto.h"
#include "tests/unit/tu.h"

static struct chan_in guest;
static struct frame_dec host_dec;
static struct boot_link *link_;
static struct boot_link_answer ans[4];
static unsigned bad_replies, nreplies;
static char big_dump[5000];

/* guest -> host: a frame on "COM2 out", decoded by the host at once */
static void host_frame(void *arg, uint16_t type, const uint8_t *p, size_t len)
{
	struct boot_link_reply r;
	char err[200];

	TU_EQ_INT(type, REC_REPLY);
	nreplies++;
	if (boot_link_check_reply(link_, p, len, err, sizeof(err))) {
		bad_replies++;
		return;
	}
	TU_EQ_INT(boot_link_reply_parse(p, len, &r, err, sizeof(err)), 0);
	TU_CHECK(r.id >= 1 && r.id <= 4);
	if (r.id >= 1 && r.id <= 4)
		TU_CHECK(boot_link_answer_add(&ans[r.id - 1], &r) >= 0);
}

static int g_send(void *arg, unsigned type, const char *payload, size_t len)
{
	static uint8_t f[FRAME_MAX_LEN];
	size_t n = frame_encode(f, (uint16_t)type, payload, len);

	/* byte by byte: the host decoder takes any split */
	for (size_t i = 0; i < n; i++)
		frame_dec_feed(&host_dec, f + i, 1, host_frame, NULL);
	return 0;
}

static int g_ping(void *arg, const char *data, char *out, size_t len, size_t *n)
{
	*n = (size_t)snprintf(out, len, "%s", data);
	return 0;
}

static int g_dump(void *arg, char *out, size_t len, size_t *n)
{
	memcpy(out, big_dump, sizeof(big_dump));
	*n = sizeof(big_dump);
	return 0;
}

static const struct chan_in_ops gops = { g_ping, g_dump, g_send, NULL, NULL };

/* host -> guest: the backend's write takes 3 bytes at a time into the
 * "wire"; the guest reads it after the flush (as the real guest does, in
 * another process: flush holds the link's lock while it writes) */
static uint8_t wire[4096];
static size_t wire_len;

static ssize_t v_write(struct vmm *v, enum vmm_stream s, const void *buf, size_t len)
{
	size_t n = len < 3 ? len : 3;

	TU_EQ_INT(s, VMM_COM2);
	if (n > sizeof(wire) - wire_len)
		n = sizeof(wire) - wire_len;
	memcpy(wire + wire_len, buf, n);
	wire_len += n;
	return (ssize_t)n;
}

static const struct vmm_backend vops = { .name = "loop", .write = v_write };

TU_TEST(channel_requests_and_replies_round_trip)
{
	struct vmm vm = { .ops = &vops };

	for (size_t i = 0; i < sizeof(big_dump); i++)
		big_dump[i] = (char)(i % 97 == 96 ? '\n' : 0x20 + i % 90);
	chan_in_init(&guest, &gops);
	frame_dec_init(&host_dec);
	link_ = boot_link_new();
	boot_link_attach(link_, &vm);
	boot_link_ready(link_);
	TU_EQ_INT(boot_link_request(link_, REQ_PING, "data=first\n"), 1);
	TU_EQ_INT(boot_link_request(link_, REQ_DUMP, NULL), 2);
	TU_EQ_INT(boot_link_request(link_, REQ_PING, "data=bad data\n"), 3); /* refused by the guest */
	for (int i = 0; i < 200 && boot_link_pending(link_); i++) {
		boot_link_flush(link_);
		chan_in_feed(&guest, wire, wire_len);
		wire_len = 0;
	}
	TU_EQ_INT(boot_link_pending(link_), 0);
	TU_EQ_INT(bad_replies, 0);
	TU_EQ_INT(nreplies, 1 + 6 + 1); /* 5000 bytes: six chunks of at most 900 */
	TU_CHECK(ans[0].done && ans[0].ok);
	TU_EQ_STR(ans[0].text, "first");
	TU_CHECK(ans[1].done && ans[1].ok && ans[1].req == REQ_DUMP);
	TU_EQ_INT(ans[1].len, sizeof(big_dump));
	TU_CHECK(ans[1].text && !memcmp(ans[1].text, big_dump, sizeof(big_dump)));
	TU_CHECK(ans[2].done && !ans[2].ok);
	TU_CHECK(ans[2].text && strstr(ans[2].text, "ping data must be") != NULL);
	TU_EQ_INT(chan_in_bad(&guest), 0);
	for (int i = 0; i < 4; i++)
		boot_link_answer_free(&ans[i]);
	boot_link_free(link_);
}
