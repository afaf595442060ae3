#include "host/payload/payload_rec.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "host/util/log.h"
#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "lib/payload.h"

static struct payload_out *slot(struct payload_rec *r, unsigned id, bool *fresh)
{
	struct payload_out *v;

	*fresh = false;
	for (unsigned i = 0; i < r->n; i++)
		if (r->v[i].id == id)
			return &r->v[i];
	if (r->n == PAYLOAD_REC_MAX || !(v = realloc(r->v, (r->n + 1) * sizeof(*v))))
		return NULL;
	r->v = v;
	memset(&v[r->n], 0, sizeof(v[r->n]));
	v[r->n].id = id;
	*fresh = true;
	return &v[r->n++];
}

static int name(const struct kv *kv, const char *key, char *buf, size_t len)
{
	const char *s = kv_get(kv, key);

	if (!s || !s[0] || strlen(s) >= len)
		return -1;
	snprintf(buf, len, "%s", s);
	return 0;
}

int payload_rec_take(struct payload_rec *r, const uint8_t *p, size_t len, char *err, size_t errlen)
{
	static struct kv kv;
	const char *why, *text;
	unsigned long id, seq, end, st, size;
	char chunk[KV_MAX_TEXT];
	struct payload_out *o;
	size_t n;
	bool fresh;

	if (kv_parse(&kv, p, len, &why))
		return errf(err, errlen, "payload record: %s", why);
	text = kv_get(&kv, "text");
	if (!text || kv_get_uint(&kv, "id", 1u << 20, &id) || kv_get_uint(&kv, "seq", 1u << 20, &seq) ||
	    kv_get_uint(&kv, "end", 1, &end) || kv_get_uint(&kv, "status", ~0ul, &st) ||
	    kv_get_uint(&kv, "size", ~0ul, &size))
		return errf(err, errlen, "payload record: bad id, seq, end, status, size or text");
	if (!(o = slot(r, (unsigned)id, &fresh)))
		return errf(err, errlen, "payload record: more than %d payload workers", PAYLOAD_REC_MAX);
	if (fresh && (name(&kv, "cg", o->cg, sizeof(o->cg)) || name(&kv, "prog", o->prog, sizeof(o->prog))))
		return errf(err, errlen, "payload record: bad cg or prog");
	if (o->done || seq != o->next_seq)
		return errf(err, errlen, "payload %u: chunk %lu out of order (expected %u)", o->id, seq,
			    o->next_seq);
	if (esc_decode(text, chunk, sizeof(chunk), &n) || o->len + n > PROTO_PAYLOAD_TAIL)
		return errf(err, errlen, "payload %u: bad escape or too much text", o->id);
	if (!o->text && !(o->text = calloc(1, PROTO_PAYLOAD_TAIL + 1)))
		return errf(err, errlen, "out of memory");
	memcpy(o->text + o->len, chunk, n);
	o->len += n;
	o->text[o->len] = '\0';
	o->status = st, o->size = size;
	o->next_seq++;
	o->done = end;
	return 0;
}

static struct payload_file *file_slot(struct payload_out *o, const char *name)
{
	struct payload_file *f;

	for (unsigned i = 0; i < o->nfile; i++)
		if (!strcmp(o->file[i].name, name))
			return &o->file[i];
	if (o->nfile == PROTO_PAYLOAD_FILES || !(f = realloc(o->file, (o->nfile + 1) * sizeof(*f))))
		return NULL;
	o->file = f;
	f = &f[o->nfile++];
	memset(f, 0, sizeof(*f));
	snprintf(f->name, sizeof(f->name), "%s", name);
	return f;
}

int payload_rec_take_file(struct payload_rec *r, const uint8_t *p, size_t len, char *err, size_t errlen)
{
	static struct kv kv;
	const char *why, *text, *name;
	unsigned long id, seq, end, size;
	char chunk[KV_MAX_TEXT];
	struct payload_out *o = NULL;
	struct payload_file *f;
	size_t n;

	if (kv_parse(&kv, p, len, &why))
		return errf(err, errlen, "payload file record: %s", why);
	text = kv_get(&kv, "text"), name = kv_get(&kv, "name");
	if (!text || !name || !name[0] || strlen(name) >= sizeof(f->name) || strchr(name, '/') ||
	    kv_get_uint(&kv, "id", 1u << 20, &id) || kv_get_uint(&kv, "seq", 1u << 20, &seq) ||
	    kv_get_uint(&kv, "end", 1, &end) || kv_get_uint(&kv, "size", ~0ul, &size))
		return errf(err, errlen, "payload file record: bad id, name, seq, end, size or text");
	for (unsigned i = 0; i < r->n && !o; i++)
		o = r->v[i].id == id ? &r->v[i] : NULL;
	if (!o)
		return errf(err, errlen, "payload file record: no payload %lu", id);
	if (!(f = file_slot(o, name)))
		return errf(err, errlen, "payload %u: more than %u files", o->id, PROTO_PAYLOAD_FILES);
	if (f->done || seq != f->next_seq)
		return errf(err, errlen, "payload %u: file %s: chunk %lu out of order (expected %u)", o->id,
			    name, seq, f->next_seq);
	if (esc_decode(text, chunk, sizeof(chunk), &n) || f->len + n > PROTO_PAYLOAD_FILE_MAX)
		return errf(err, errlen, "payload %u: file %s: bad escape or too much text", o->id, name);
	if (!f->text && !(f->text = calloc(1, PROTO_PAYLOAD_FILE_MAX + 1)))
		return errf(err, errlen, "out of memory");
	memcpy(f->text + f->len, chunk, n);
	f->len += n;
	f->text[f->len] = '\0';
	f->size = size, f->next_seq++, f->done = end;
	return 0;
}

void payload_rec_free(struct payload_rec *r)
{
	for (unsigned i = 0; i < r->n; i++) {
		for (unsigned j = 0; j < r->v[i].nfile; j++)
			free(r->v[i].file[j].text);
		free(r->v[i].file);
		free(r->v[i].text);
	}
	free(r->v);
	r->v = NULL, r->n = 0;
}

bool payload_rec_failed(const struct payload_out *o, char *buf, size_t len)
{
	int ws = (int)(o->status & 0xffff);

	if (!(o->status & PAYLOAD_ENDED)) {
		snprintf(buf, len, "never ended (its worker did not report how)");
		return true;
	}
	if (o->status & PAYLOAD_STOPPED) {
		snprintf(buf, len, "stopped by the run's end (%s %d)", WIFSIGNALED(ws) ? "signal" : "exit",
			 WIFSIGNALED(ws) ? WTERMSIG(ws) : WEXITSTATUS(ws));
		return false;
	}
	if (WIFSIGNALED(ws)) {
		snprintf(buf, len, "killed by signal %d (%s)%s", WTERMSIG(ws), strsignal(WTERMSIG(ws)),
			 WCOREDUMP(ws) ? ", core dumped" : "");
		return true;
	}
	snprintf(buf, len, "exited %d%s", WEXITSTATUS(ws),
		 WEXITSTATUS(ws) == 127 ? " (the program could not be started: see its output)" : "");
	return WEXITSTATUS(ws) != 0;
}

const char *payload_rec_tail(const struct payload_out *o, unsigned lines)
{
	const char *t = o->text ? o->text : "";
	size_t n = strlen(t);

	while (n > 0 && t[n - 1] == '\n')
		n--;
	while (n > 0 && lines > 0)
		if (t[--n] == '\n')
			lines--;
	return t + n + (t[n] == '\n');
}
