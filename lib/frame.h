/* Framed records on the guest-to-host channel (COM2).
 *
 *   0      4      6       8        12           12+len
 *   +------+------+-------+--------+------------+-----------+
 *   | KTSF | type | flags | len    | payload... | crc32     |
 *   +------+------+-------+--------+------------+-----------+
 *   all little endian; crc32 (zlib) covers magic..payload.
 *
 * The host treats every byte as untrusted: the decoder resynchronises on the
 * magic after garbage, a bad CRC, or a length above FRAME_MAX_PAYLOAD.
 */
#ifndef KTS_FRAME_H
#define KTS_FRAME_H

#include <stddef.h>
#include <stdint.h>

#define FRAME_MAGIC	  0x4653544bu /* "KTSF" */
#define FRAME_HDR_LEN	  12u
#define FRAME_CRC_LEN	  4u
#define FRAME_MAX_PAYLOAD 65536u
#define FRAME_MAX_LEN	  (FRAME_HDR_LEN + FRAME_MAX_PAYLOAD + FRAME_CRC_LEN)

/* Encode one frame into out (size >= FRAME_HDR_LEN + len + FRAME_CRC_LEN).
 * Returns the frame length, or 0 if len exceeds FRAME_MAX_PAYLOAD. */
size_t frame_encode(uint8_t *out, uint16_t type, const void *payload, size_t len);

typedef void (*frame_cb)(void *arg, uint16_t type, const uint8_t *payload, size_t len);

struct frame_dec {
	uint8_t buf[FRAME_MAX_LEN];
	size_t have;
	/* counters of what was thrown away, for the verdict */
	unsigned long frames;
	unsigned long garbage_bytes;
	unsigned long bad_crc;
	unsigned long oversized;
};

void frame_dec_init(struct frame_dec *d);
/* Feed bytes; cb runs once per valid frame, in order. */
void frame_dec_feed(struct frame_dec *d, const uint8_t *p, size_t n, frame_cb cb, void *arg);
/* Bytes held back at end of stream: a truncated frame when non-zero. */
size_t frame_dec_pending(const struct frame_dec *d);

#endif
