#include "host/sched/sched_rec.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/log.h"
#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "lib/scx_kind.h"

static const char *const src_names[SR_NSRC] = { "stdout", "stderr", "verifier", "dump", "kmsg", "probe" };

const char *sched_rec_src_name(int src)
{
	return src >= 0 && src < SR_NSRC ? src_names[src] : "?";
}

static int copy(const struct kv *kv, const char *key, char *out, size_t len, int need)
{
	const char *v = kv_get(kv, key);

	if (!v) {
		out[0] = '\0';
		return need ? -1 : 0;
	}
	if (strlen(v) >= len)
		return -1;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

static int get_long(const struct kv *kv, const char *key, long min, long max, long *out)
{
	const char *v = kv_get(kv, key);
	char *end;
	long n;

	if (!v || !*v)
		return -1;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno || *end || n < min || n > max)
		return -1;
	*out = n;
	return 0;
}

static int take_result(struct sched_rec *s, const struct kv *kv, char *err, size_t errlen)
{
	char kind[16];
	const long day = 86400000;

	if (copy(kv, "kind", kind, sizeof(kind), 1) || (s->kind = scx_kind_parse(kind)) < 0)
		return errf(err, errlen, "sched result: bad kind");
	if (copy(kv, "why", s->why, sizeof(s->why), 1) || copy(kv, "ops", s->ops, sizeof(s->ops), 0) ||
	    copy(kv, "reason", s->reason, sizeof(s->reason), 0) ||
	    copy(kv, "msg", s->msg, sizeof(s->msg), 0) || copy(kv, "task", s->task, sizeof(s->task), 0))
		return errf(err, errlen, "sched result: a text field is missing or too long");
	if (get_long(kv, "exit_code", -1, 255, &s->exit_code) ||
	    get_long(kv, "exit_signal", 0, 64, &s->exit_signal) || get_long(kv, "killed", 0, 1, &s->killed) ||
	    get_long(kv, "load_ms", -1, day, &s->load_ms) ||
	    get_long(kv, "enabled_ms", -1, day, &s->enabled_ms))
		return errf(err, errlen, "sched result: a number is missing or out of range");
	if (s->result)
		return errf(err, errlen, "sched result: sent twice");
	s->result = true;
	return 0;
}

static int take_event(struct sched_rec *s, const struct kv *kv, char *err, size_t errlen)
{
	const char *ev = kv_get(kv, "event");

	if (!ev)
		return errf(err, errlen, "sched record without event");
	if (!strcmp(ev, "started")) {
		s->started = true;
		return copy(kv, "path", s->path, sizeof(s->path), 1)
			       ? errf(err, errlen, "sched started: bad path")
			       : 0;
	}
	if (!strcmp(ev, "enabled")) {
		if (!s->started || copy(kv, "ops", s->ops, sizeof(s->ops), 0) ||
		    get_long(kv, "load_ms", 0, 86400000, &s->load_ms))
			return errf(err, errlen, "sched enabled: out of order or bad fields");
		s->enabled = true;
		return 0;
	}
	if (!strcmp(ev, "result"))
		return take_result(s, kv, err, errlen);
	return errf(err, errlen, "sched record: unknown event");
}

static int take_log(struct sched_rec *s, const struct kv *kv, char *err, size_t errlen)
{
	const char *src = kv_get(kv, "src"), *text = kv_get(kv, "text");
	unsigned long seq, end;
	struct sched_rec_log *l = NULL;
	char chunk[KV_MAX_TEXT];
	size_t n;

	for (int i = 0; src && i < SR_NSRC; i++)
		if (!strcmp(src, src_names[i]))
			l = &s->log[i];
	if (!l || !text || kv_get_uint(kv, "seq", 1u << 20, &seq) || kv_get_uint(kv, "end", 1, &end))
		return errf(err, errlen, "sched log: bad src, seq, end or text");
	if (l->done || seq != l->next_seq)
		return errf(err, errlen, "sched log %s: chunk %lu out of order (expected %u)", src, seq,
			    l->next_seq);
	if (esc_decode(text, chunk, sizeof(chunk), &n))
		return errf(err, errlen, "sched log %s: bad escape in text", src);
	if (!l->text && !(l->text = calloc(1, SCHED_REC_LOG_MAX + 1)))
		return errf(err, errlen, "out of memory");
	if (l->len + n > SCHED_REC_LOG_MAX) {
		l->dropped += l->len + n - SCHED_REC_LOG_MAX;
		n = SCHED_REC_LOG_MAX - l->len;
	}
	memcpy(l->text + l->len, chunk, n);
	l->len += n;
	l->text[l->len] = '\0';
	l->next_seq++;
	l->done = end;
	return 0;
}

int sched_rec_take(struct sched_rec *s, unsigned type, const uint8_t *p, size_t len, char *err, size_t errlen)
{
	static struct kv kv;
	const char *why;

	if (kv_parse(&kv, p, len, &why))
		return errf(err, errlen, "%s record: %s", proto_rec_name(type), why);
	if (type == REC_SCHED)
		return take_event(s, &kv, err, errlen);
	if (type == REC_SCHED_LOG)
		return take_log(s, &kv, err, errlen);
	return errf(err, errlen, "not a sched record");
}

void sched_rec_free(struct sched_rec *s)
{
	for (int i = 0; i < SR_NSRC; i++) {
		free(s->log[i].text);
		s->log[i].text = NULL;
	}
}
