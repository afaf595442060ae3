#include "lib/frame.h"

#include <string.h>
#include <zlib.h>

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	put_le16(p, (uint16_t)v);
	put_le16(p + 2, (uint16_t)(v >> 16));
}

static uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static uint32_t crc_of(const uint8_t *p, size_t n)
{
	return (uint32_t)crc32(crc32(0L, Z_NULL, 0), p, (uInt)n);
}

size_t frame_encode(uint8_t *out, uint16_t type, const void *payload, size_t len)
{
	if (len > FRAME_MAX_PAYLOAD)
		return 0;
	put_le32(out, FRAME_MAGIC);
	put_le16(out + 4, type);
	put_le16(out + 6, 0);
	put_le32(out + 8, (uint32_t)len);
	if (len)
		memcpy(out + FRAME_HDR_LEN, payload, len);
	put_le32(out + FRAME_HDR_LEN + len, crc_of(out, FRAME_HDR_LEN + len));
	return FRAME_HDR_LEN + len + FRAME_CRC_LEN;
}

void frame_dec_init(struct frame_dec *d)
{
	memset(d, 0, sizeof(*d));
}

/* How many leading bytes of buf[0..n) can start a frame: 0 means the first
 * byte is garbage. */
static size_t magic_prefix(const uint8_t *b, size_t n)
{
	static const uint8_t m[4] = { 'K', 'T', 'S', 'F' };
	size_t i;

	for (i = 0; i < n && i < 4; i++)
		if (b[i] != m[i])
			return 0;
	return i;
}

/* Drop bytes up to the next possible frame start after position 0. */
static void resync(struct frame_dec *d)
{
	size_t i;

	for (i = 1; i < d->have; i++)
		if (magic_prefix(d->buf + i, d->have - i))
			break;
	d->garbage_bytes += i;
	memmove(d->buf, d->buf + i, d->have - i);
	d->have -= i;
}

/* Try to take one frame from the buffer head. Returns 1 if progress was made. */
static int step(struct frame_dec *d, frame_cb cb, void *arg)
{
	uint32_t len, total;

	if (d->have == 0)
		return 0;
	if (!magic_prefix(d->buf, d->have)) {
		resync(d);
		return 1;
	}
	if (d->have < FRAME_HDR_LEN)
		return 0;
	len = get_le32(d->buf + 8);
	if (len > FRAME_MAX_PAYLOAD) {
		d->oversized++;
		resync(d);
		return 1;
	}
	total = FRAME_HDR_LEN + len + FRAME_CRC_LEN;
	if (d->have < total)
		return 0;
	if (get_le32(d->buf + FRAME_HDR_LEN + len) != crc_of(d->buf, FRAME_HDR_LEN + len)) {
		d->bad_crc++;
		resync(d);
		return 1;
	}
	d->frames++;
	cb(arg, (uint16_t)(d->buf[4] | d->buf[5] << 8), d->buf + FRAME_HDR_LEN, len);
	memmove(d->buf, d->buf + total, d->have - total);
	d->have -= total;
	return 1;
}

void frame_dec_feed(struct frame_dec *d, const uint8_t *p, size_t n, frame_cb cb, void *arg)
{
	while (n) {
		size_t room = sizeof(d->buf) - d->have;
		size_t take = n < room ? n : room;

		memcpy(d->buf + d->have, p, take);
		d->have += take;
		p += take;
		n -= take;
		while (step(d, cb, arg))
			;
	}
}

size_t frame_dec_pending(const struct frame_dec *d)
{
	return d->have;
}
