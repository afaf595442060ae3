/* The guest's side of host requests (guest/chan_in.c), on the host: frames
 * in, REC_REPLY chunks out; everything malformed is dropped or refused and
 * counted, never answered as if it were fine. */
#include <stdlib.h>

#include "guest/chan_in.h"
#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "tests/unit/tu.h"

#define MAX_SENT 400

struct fake {
	unsigned nsent, pings, dumps, sizes, rows, cols;
	char sent[MAX_SENT][KV_MAX_TEXT + 1];
	const char *dump_text; /* NULL: the dump fails */
	size_t dump_len;
};

static struct fake F;
static struct chan_in C;

static int f_ping(void *arg, const char *data, char *out, size_t len, size_t *n)
{
	F.pings++;
	*n = (size_t)snprintf(out, len, "%s", data);
	return 0;
}

static int f_dump(void *arg, char *out, size_t len, size_t *n)
{
	F.dumps++;
	if (!F.dump_text)
		return snprintf(out, len, "no sched_ext scheduler is enabled"), -1;
	memcpy(out, F.dump_text, F.dump_len);
	*n = F.dump_len;
	return 0;
}

static int f_send(void *arg, unsigned type, const char *payload, size_t len)
{
	TU_EQ_INT(type, REC_REPLY);
	TU_CHECK(len <= KV_MAX_TEXT);
	if (F.nsent < MAX_SENT && len <= KV_MAX_TEXT) {
		memcpy(F.sent[F.nsent], payload, len);
		F.sent[F.nsent][len] = '\0';
	}
	F.nsent++;
	return 0;
}

static int f_winsize(void *arg, unsigned rows, unsigned cols, char *out, size_t len, size_t *n)
{
	F.sizes++, F.rows = rows, F.cols = cols;
	*n = 0;
	return 0;
}

static const struct chan_in_ops ops = { f_ping, f_dump, f_send, NULL, f_winsize };
static const struct chan_in_ops ops_no_console = { f_ping, f_dump, f_send, NULL, NULL };

static void reset(void)
{
	memset(&F, 0, sizeof(F));
	chan_in_init(&C, &ops);
}

static void feed_req(unsigned type, const char *payload)
{
	static uint8_t buf[FRAME_MAX_LEN];
	size_t n = frame_encode(buf, (uint16_t)type, payload, strlen(payload));

	chan_in_feed(&C, buf, n);
}

/* Reply i, parsed; its values stay valid until the next call. */
static const struct kv *sent(unsigned i)
{
	static struct kv kv;
	const char *why;

	TU_CHECK(i < F.nsent);
	TU_EQ_INT(kv_parse(&kv, F.sent[i], strlen(F.sent[i]), &why), 0);
	return &kv;
}

TU_TEST(chan_in_ping_answered_in_one_chunk)
{
	const struct kv *kv;

	reset();
	feed_req(REQ_PING, "id=7\ndata=abc-1.2:x_Y\n");
	TU_EQ_INT(F.nsent, 1);
	kv = sent(0);
	TU_EQ_STR(kv_get(kv, "id"), "7");
	TU_EQ_STR(kv_get(kv, "req"), "ping");
	TU_EQ_STR(kv_get(kv, "status"), "ok");
	TU_EQ_STR(kv_get(kv, "seq"), "0");
	TU_EQ_STR(kv_get(kv, "end"), "1");
	TU_EQ_STR(kv_get(kv, "rx_bad"), "0");
	TU_EQ_STR(kv_get(kv, "text"), "abc-1.2:x_Y");
	/* no data: an empty answer, still one chunk with end=1 */
	feed_req(REQ_PING, "id=8\n");
	TU_EQ_INT(F.nsent, 2);
	TU_EQ_STR(kv_get(sent(1), "text"), "");
	TU_EQ_STR(kv_get(sent(1), "end"), "1");
	TU_EQ_INT(C.answered, 2);
}

TU_TEST(chan_in_winsize_checked_then_set)
{
	reset();
	feed_req(REQ_WINSIZE, "id=4\nrows=40\ncols=120\n");
	TU_EQ_INT(F.sizes, 1);
	TU_EQ_INT(F.rows, 40);
	TU_EQ_INT(F.cols, 120);
	TU_EQ_STR(kv_get(sent(0), "req"), "winsize");
	TU_EQ_STR(kv_get(sent(0), "status"), "ok");
	/* zero, above the bound, missing, or a stray key: refused, never set */
	feed_req(REQ_WINSIZE, "id=5\nrows=0\ncols=80\n");
	feed_req(REQ_WINSIZE, "id=6\nrows=24\ncols=4097\n");
	feed_req(REQ_WINSIZE, "id=7\nrows=24\n");
	feed_req(REQ_WINSIZE, "id=8\nrows=24\ncols=80\nx=1\n");
	TU_EQ_INT(F.sizes, 1);
	TU_EQ_INT(F.nsent, 5);
	for (unsigned i = 1; i < 5; i++)
		TU_EQ_STR(kv_get(sent(i), "status"), "error");
	TU_CHECK(strstr(kv_get(sent(1), "text"), "rows and cols") != NULL);
	TU_CHECK(strstr(kv_get(sent(4), "text"), "unexpected key 'x'") != NULL);
	/* a mode with no console refuses it */
	memset(&F, 0, sizeof(F));
	chan_in_init(&C, &ops_no_console);
	feed_req(REQ_WINSIZE, "id=9\nrows=24\ncols=80\n");
	TU_EQ_STR(kv_get(sent(0), "status"), "error");
	TU_CHECK(strstr(kv_get(sent(0), "text"), "no console") != NULL);
}

TU_TEST(chan_in_dump_split_in_escaped_chunks)
{
	static char text[3 * PROTO_REPLY_CHUNK + 10], back[sizeof(text) + 1];
	size_t got = 0;
	unsigned i;

	reset();
	for (i = 0; i < sizeof(text); i++)
		text[i] = i % 61 == 60 ? '\n' : (char)('a' + i % 26);
	F.dump_text = text;
	F.dump_len = sizeof(text);
	feed_req(REQ_DUMP, "id=3\n");
	TU_EQ_INT(F.dumps, 1);
	TU_EQ_INT(F.nsent, 4); /* three full chunks and ten bytes */
	for (i = 0; i < F.nsent; i++) {
		const struct kv *kv = sent(i);
		char seq[8];
		size_t n;

		snprintf(seq, sizeof(seq), "%u", i);
		TU_EQ_STR(kv_get(kv, "seq"), seq);
		TU_EQ_STR(kv_get(kv, "end"), i == F.nsent - 1 ? "1" : "0");
		TU_EQ_STR(kv_get(kv, "req"), "dump");
		TU_EQ_INT(esc_decode(kv_get(kv, "text"), back + got, sizeof(back) - got, &n), 0);
		got += n;
	}
	TU_EQ_INT(got, sizeof(text));
	TU_CHECK(!memcmp(back, text, sizeof(text)));
}

TU_TEST(chan_in_failed_handler_answers_error_with_reason)
{
	reset();
	feed_req(REQ_DUMP, "id=4\n");
	TU_EQ_INT(F.nsent, 1);
	TU_EQ_STR(kv_get(sent(0), "status"), "error");
	TU_EQ_STR(kv_get(sent(0), "text"), "no sched_ext scheduler is enabled");
}

TU_TEST(chan_in_refuses_stray_and_bad_values)
{
	reset();
	feed_req(REQ_PING, "id=1\ndata=a b\n"); /* space: outside the charset */
	feed_req(REQ_PING, "id=2\nx=1\n");
	feed_req(REQ_DUMP, "id=3\ndata=1\n");
	feed_req(REQ_PING, "id=5\ndata=a\ndata=b\n"); /* a key twice */
	TU_EQ_INT(F.pings, 0);
	TU_EQ_INT(F.dumps, 0);
	TU_EQ_INT(F.nsent, 4);
	for (unsigned i = 0; i < 4; i++)
		TU_EQ_STR(kv_get(sent(i), "status"), "error");
	TU_CHECK(strstr(kv_get(sent(1), "text"), "'x'") != NULL);
	TU_CHECK(strstr(kv_get(sent(3), "text"), "'data'") != NULL);
}

TU_TEST(chan_in_drops_what_has_no_usable_id_and_counts_it)
{
	char big[PROTO_REQ_MAX_PAYLOAD + 20];

	reset();
	feed_req(REQ_PING, "data=x\n");	       /* no id */
	feed_req(REQ_PING, "id=0\n");	       /* ids start at 1 */
	feed_req(REQ_PING, "id=2147483648\n"); /* above PROTO_REQ_MAX_ID */
	feed_req(REQ_PING, "id=1");	       /* no newline: not key=value lines */
	feed_req(REC_HELLO, "id=1\n");	       /* a record type, not a request */
	feed_req(REQ_END, "id=1\n");	       /* unknown request type */
	memset(big, 'a', sizeof(big));
	memcpy(big, "id=9\ndata=", 10);
	big[sizeof(big) - 2] = '\n';
	big[sizeof(big) - 1] = '\0';
	feed_req(REQ_PING, big); /* longer than a request may be */
	TU_EQ_INT(F.nsent, 0);
	TU_EQ_INT(C.rejected, 7);
	/* garbage bytes between frames are counted too, and reported */
	chan_in_feed(&C, (const uint8_t *)"xyz", 3);
	feed_req(REQ_PING, "id=10\n");
	TU_EQ_INT(F.nsent, 1);
	TU_EQ_STR(kv_get(sent(0), "rx_bad"), "10");
}

TU_TEST(chan_in_bytes_in_any_split)
{
	static uint8_t buf[2 * FRAME_MAX_LEN];
	size_t a = frame_encode(buf, REQ_PING, "id=1\ndata=one\n", 14);
	size_t b = frame_encode(buf + a, REQ_PING, "id=2\ndata=two\n", 14);

	for (size_t cut = 0; cut <= a + b; cut++) {
		reset();
		chan_in_feed(&C, buf, cut);
		chan_in_feed(&C, buf + cut, a + b - cut);
		TU_EQ_INT(F.nsent, 2);
		TU_EQ_STR(kv_get(sent(0), "text"), "one");
		TU_EQ_STR(kv_get(sent(1), "text"), "two");
	}
}
