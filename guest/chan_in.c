/* Decoding, checking and answering the host's requests (guest/chan_in.h). */
#include "guest/chan_in.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"

static char answer[PROTO_REPLY_MAX];

void chan_in_init(struct chan_in *c, const struct chan_in_ops *ops)
{
	memset(c, 0, sizeof(*c));
	frame_dec_init(&c->dec);
	c->ops = ops;
}

unsigned long chan_in_bad(const struct chan_in *c)
{
	return c->dec.garbage_bytes + c->dec.bad_crc + c->dec.oversized + c->rejected;
}

/* The answer in chunks: seq 0.. with end=1 on the last; an empty text is
 * one chunk too, so every request gets an end. */
static void reply(struct chan_in *c, unsigned long id, unsigned type, int ok, const char *text, size_t n)
{
	static char esc[4 * PROTO_REPLY_CHUNK + 1], rec[KV_MAX_TEXT];
	unsigned seq = 0;
	size_t off = 0;

	do {
		size_t chunk = n - off < PROTO_REPLY_CHUNK ? n - off : PROTO_REPLY_CHUNK;
		size_t took = esc_encode(text + off, chunk, esc, sizeof(esc));
		int len;

		off += took;
		len = snprintf(
			rec, sizeof(rec), "id=%lu\nreq=%s\nstatus=%s\nseq=%u\nend=%d\nrx_bad=%lu\ntext=%s\n",
			id, proto_req_name(type), ok ? "ok" : "error", seq++, off >= n, chan_in_bad(c), esc);
		if (len < 0 || (size_t)len >= sizeof(rec) ||
		    c->ops->send(c->ops->arg, REC_REPLY, rec, (size_t)len))
			return; /* the host sees the answer end early; nothing better to do */
	} while (off < n);
	c->answered++;
}

__attribute__((format(printf, 4, 5))) static void refuse(struct chan_in *c, unsigned long id, unsigned type,
							 const char *fmt, ...)
{
	char why[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	reply(c, id, type, 0, why, strlen(why));
}

/* A key the request may not have, or one given twice; NULL if none. */
static const char *stray_key(const struct kv *kv, const char *const *allowed)
{
	for (unsigned i = 0; i < kv->n; i++) {
		const char *const *k = allowed;

		while (*k && strcmp(*k, kv->key[i]))
			k++;
		if (!*k)
			return kv->key[i];
		for (unsigned j = 0; j < i; j++)
			if (!strcmp(kv->key[j], kv->key[i]))
				return kv->key[i];
	}
	return NULL;
}

static bool ping_data_ok(const char *d)
{
	if (strlen(d) > PROTO_PING_MAX)
		return false;
	for (; *d; d++)
		if (!((*d >= 'a' && *d <= 'z') || (*d >= 'A' && *d <= 'Z') || (*d >= '0' && *d <= '9') ||
		      strchr("_.:-", *d)))
			return false;
	return true;
}

static void handle_winsize(struct chan_in *c, const struct kv *kv, unsigned long id)
{
	static const char *const keys[] = { "id", "rows", "cols", NULL };
	const char *stray = stray_key(kv, keys);
	unsigned long rows, cols;
	size_t n = 0;
	int rc;

	if (stray)
		return refuse(c, id, REQ_WINSIZE, "unexpected key '%s' in winsize", stray);
	if (kv_get_uint(kv, "rows", PROTO_WINSIZE_MAX, &rows) ||
	    kv_get_uint(kv, "cols", PROTO_WINSIZE_MAX, &cols) || !rows || !cols)
		return refuse(c, id, REQ_WINSIZE, "winsize needs rows and cols, each 1..%u",
			      PROTO_WINSIZE_MAX);
	if (!c->ops->winsize)
		return refuse(c, id, REQ_WINSIZE, "this guest mode has no console to size");
	rc = c->ops->winsize(c->ops->arg, (unsigned)rows, (unsigned)cols, answer, sizeof(answer), &n);
	if (rc)
		n = strnlen(answer, sizeof(answer) - 1);
	reply(c, id, REQ_WINSIZE, !rc, answer, n > sizeof(answer) ? sizeof(answer) : n);
}

static void handle(struct chan_in *c, unsigned type, const struct kv *kv, unsigned long id)
{
	static const char *const ping_keys[] = { "id", "data", NULL }, *const dump_keys[] = { "id", NULL };
	const char *stray, *data;
	size_t n = 0;
	int rc;

	if (type == REQ_WINSIZE)
		return handle_winsize(c, kv, id);

	if (type == REQ_PING) {
		data = kv_get(kv, "data");
		if ((stray = stray_key(kv, ping_keys)))
			return refuse(c, id, type, "unexpected key '%s' in ping", stray);
		if (data && !ping_data_ok(data))
			return refuse(c, id, type, "ping data must be at most %u of [A-Za-z0-9_.:-]",
				      PROTO_PING_MAX);
		rc = c->ops->ping(c->ops->arg, data ? data : "", answer, sizeof(answer), &n);
	} else if (type == REQ_DUMP) {
		if ((stray = stray_key(kv, dump_keys)))
			return refuse(c, id, type, "unexpected key '%s' in dump", stray);
		rc = c->ops->dump(c->ops->arg, answer, sizeof(answer), &n);
	} else {
		return; /* on_frame let only known types through */
	}
	if (rc) /* the reason is in answer */
		n = strnlen(answer, sizeof(answer) - 1);
	reply(c, id, type, !rc, answer, n > sizeof(answer) ? sizeof(answer) : n);
}

static void on_frame(void *arg, uint16_t type, const uint8_t *payload, size_t len)
{
	static struct kv kv;
	struct chan_in *c = arg;
	const char *why;
	unsigned long id;

	/* not a request we know, or no id to answer to: drop it and count it */
	if (type <= PROTO_REQ_MIN || type >= REQ_END || len > PROTO_REQ_MAX_PAYLOAD ||
	    kv_parse(&kv, payload, len, &why) || kv_get_uint(&kv, "id", PROTO_REQ_MAX_ID, &id) || !id) {
		c->rejected++;
		return;
	}
	c->busy = true;
	handle(c, type, &kv, id);
	c->busy = false;
}

void chan_in_feed(struct chan_in *c, const uint8_t *p, size_t n)
{
	frame_dec_feed(&c->dec, p, n, on_frame, c);
}
