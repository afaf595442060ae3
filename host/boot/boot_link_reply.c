/* REC_REPLY records from the guest: parsed as untrusted input, and chunks
 * put back together into one answer (host/boot/boot_link.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/boot/boot_link.h"
#include "lib/esc.h"
#include "lib/kv.h"

static int req_type(const char *name)
{
	for (unsigned t = PROTO_REQ_MIN + 1; t < REQ_END; t++)
		if (!strcmp(name, proto_req_name(t)))
			return (int)t;
	return -1;
}

static int flag(const struct kv *kv, const char *key, bool *out)
{
	unsigned long v;

	if (kv_get_uint(kv, key, 1, &v))
		return -1;
	*out = v;
	return 0;
}

int boot_link_reply_parse(const uint8_t *p, size_t len, struct boot_link_reply *r, char *err, size_t errlen)
{
	static __thread struct kv kv;
	const char *why, *v, *text;
	unsigned long seq;
	int t;

	memset(r, 0, sizeof(*r));
	if (kv_parse(&kv, p, len, &why))
		return snprintf(err, errlen, "reply: %s", why), -1;
	if (kv_get_uint(&kv, "id", PROTO_REQ_MAX_ID, &r->id) || !r->id)
		return snprintf(err, errlen, "reply: id missing or outside 1..%u", PROTO_REQ_MAX_ID), -1;
	if (!(v = kv_get(&kv, "req")) || (t = req_type(v)) < 0)
		return snprintf(err, errlen, "reply %lu: unknown req", r->id), -1;
	r->req = (unsigned)t;
	if (!(v = kv_get(&kv, "status")) || (strcmp(v, "ok") && strcmp(v, "error")))
		return snprintf(err, errlen, "reply %lu: status is neither ok nor error", r->id), -1;
	r->ok = !strcmp(v, "ok");
	/* an answer has at most PROTO_REPLY_MAX bytes, so this many chunks */
	if (kv_get_uint(&kv, "seq", PROTO_REPLY_MAX / PROTO_REPLY_CHUNK, &seq) || flag(&kv, "end", &r->end) ||
	    kv_get_uint(&kv, "rx_bad", ~0ul, &r->rx_bad))
		return snprintf(err, errlen, "reply %lu: seq, end or rx_bad missing or out of range", r->id),
		       -1;
	r->seq = (unsigned)seq;
	if (!(text = kv_get(&kv, "text")) || esc_decode(text, r->text, sizeof(r->text), &r->len))
		return snprintf(err, errlen, "reply %lu: text missing, badly escaped or over %u bytes", r->id,
				PROTO_REPLY_CHUNK),
		       -1;
	return 0;
}

int boot_link_answer_add(struct boot_link_answer *a, const struct boot_link_reply *r)
{
	char *grown;

	if (a->done || (a->id && (a->id != r->id || a->req != r->req)))
		return -1;
	if (a->len + r->len > PROTO_REPLY_MAX || !(grown = realloc(a->text, a->len + r->len + 1)))
		return -1;
	a->id = r->id;
	a->req = r->req;
	a->ok = r->ok;
	a->text = grown;
	memcpy(a->text + a->len, r->text, r->len);
	a->len += r->len;
	a->text[a->len] = '\0';
	a->done = r->end;
	return a->done;
}

void boot_link_answer_free(struct boot_link_answer *a)
{
	free(a->text);
	memset(a, 0, sizeof(*a));
}
