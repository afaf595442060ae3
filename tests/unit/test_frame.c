#include <stdlib.h>

#include "lib/frame.h"
#include "tests/unit/tu.h"

struct got {
	int n;
	uint16_t type[8];
	size_t len[8];
	uint8_t first[8];
};

static void take(void *arg, uint16_t type, const uint8_t *payload, size_t len)
{
	struct got *g = arg;

	if (g->n < 8) {
		g->type[g->n] = type;
		g->len[g->n] = len;
		g->first[g->n] = len ? payload[0] : 0;
	}
	g->n++;
}

static uint8_t buf[3 * FRAME_MAX_LEN];
static struct frame_dec dec;

TU_TEST(frame_roundtrip_two_frames_any_split)
{
	size_t a = frame_encode(buf, 3, "hello", 5);
	size_t b = frame_encode(buf + a, 9, "", 0);

	TU_EQ_INT(a, FRAME_HDR_LEN + 5 + FRAME_CRC_LEN);
	/* every split point of the stream gives the same two frames */
	for (size_t cut = 0; cut <= a + b; cut++) {
		struct got g = { 0 };

		frame_dec_init(&dec);
		frame_dec_feed(&dec, buf, cut, take, &g);
		frame_dec_feed(&dec, buf + cut, a + b - cut, take, &g);
		TU_EQ_INT(g.n, 2);
		TU_EQ_INT(g.type[0], 3);
		TU_EQ_INT(g.len[0], 5);
		TU_EQ_INT(g.first[0], 'h');
		TU_EQ_INT(g.type[1], 9);
		TU_EQ_INT(g.len[1], 0);
		TU_EQ_INT(frame_dec_pending(&dec), 0);
		TU_EQ_INT(dec.garbage_bytes, 0);
	}
}

TU_TEST(frame_garbage_before_and_between_is_skipped)
{
	struct got g = { 0 };
	size_t n = 0;

	memcpy(buf, "junkKTS", 7);
	n = 7;
	n += frame_encode(buf + n, 1, "a", 1);
	memcpy(buf + n, "\xffKT", 3);
	n += 3;
	n += frame_encode(buf + n, 2, "b", 1);
	frame_dec_init(&dec);
	frame_dec_feed(&dec, buf, n, take, &g);
	TU_EQ_INT(g.n, 2);
	TU_EQ_INT(g.first[1], 'b');
	TU_EQ_INT(dec.garbage_bytes, 10);
}

TU_TEST(frame_bad_crc_dropped_next_frame_kept)
{
	struct got g = { 0 };
	size_t a = frame_encode(buf, 1, "abc", 3);
	size_t b = frame_encode(buf + a, 2, "def", 3);

	buf[FRAME_HDR_LEN + 1] ^= 0x40; /* flip a payload bit of the first */
	frame_dec_init(&dec);
	frame_dec_feed(&dec, buf, a + b, take, &g);
	TU_EQ_INT(g.n, 1);
	TU_EQ_INT(g.type[0], 2);
	TU_EQ_INT(dec.bad_crc, 1);
}

TU_TEST(frame_oversized_length_rejected_without_waiting)
{
	struct got g = { 0 };
	size_t a = frame_encode(buf, 1, "x", 1);
	size_t b;

	buf[8] = 0xff; /* length 0x...ff01 > FRAME_MAX_PAYLOAD */
	buf[10] = 0x01;
	b = frame_encode(buf + a, 7, "ok", 2);
	frame_dec_init(&dec);
	frame_dec_feed(&dec, buf, a + b, take, &g);
	TU_EQ_INT(dec.oversized, 1);
	TU_EQ_INT(g.n, 1);
	TU_EQ_INT(g.type[0], 7);
}

TU_TEST(frame_truncated_stays_pending)
{
	struct got g = { 0 };
	size_t a = frame_encode(buf, 1, "abcdef", 6);

	frame_dec_init(&dec);
	frame_dec_feed(&dec, buf, a - 3, take, &g);
	TU_EQ_INT(g.n, 0);
	TU_EQ_INT(frame_dec_pending(&dec), a - 3);
}

TU_TEST(frame_max_payload_accepted_larger_refused)
{
	struct got g = { 0 };
	uint8_t *payload = calloc(1, FRAME_MAX_PAYLOAD + 1);
	size_t a = frame_encode(buf, 5, payload, FRAME_MAX_PAYLOAD);

	TU_EQ_INT(frame_encode(buf + a, 5, payload, FRAME_MAX_PAYLOAD + 1), 0);
	frame_dec_init(&dec);
	frame_dec_feed(&dec, buf, a, take, &g);
	TU_EQ_INT(g.n, 1);
	TU_EQ_INT(g.len[0], FRAME_MAX_PAYLOAD);
	free(payload);
}

TU_TEST(frame_random_noise_never_yields_frames)
{
	struct got g = { 0 };

	srand(7);
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)rand();
	/* sprinkle magics so the decoder has to reject headers, not just skip */
	for (size_t i = 0; i + 4 < sizeof(buf); i += 997)
		memcpy(buf + i, "KTSF", 4);
	frame_dec_init(&dec);
	frame_dec_feed(&dec, buf, sizeof(buf), take, &g);
	TU_EQ_INT(g.n, 0);
	TU_CHECK(dec.garbage_bytes > sizeof(buf) - FRAME_MAX_LEN);
}
