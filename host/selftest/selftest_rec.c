#include "host/selftest/selftest_rec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/log.h"
#include "lib/esc.h"
#include "lib/kv.h"

#define MS_MAX (24UL * 3600 * 1000)

/* kv keeps the first of a repeated key; a record that repeats one is not ours. */
static int repeats(const struct kv *kv)
{
	for (unsigned i = 0; i < kv->n; i++)
		for (unsigned j = i + 1; j < kv->n; j++)
			if (!strcmp(kv->key[i], kv->key[j]))
				return 1;
	return 0;
}

int selftest_rec_take(struct selftest_rec *s, const uint8_t *p, size_t len, char *err, size_t errlen)
{
	static struct kv kv;
	struct selftest_rec_test t = { 0 };
	const char *why, *name, *res, *reason;
	size_t rn;

	if (kv_parse(&kv, p, len, &why))
		return errf(err, errlen, "selftest record: %s", why);
	if (repeats(&kv))
		return errf(err, errlen, "selftest record: a key repeated");
	name = kv_get(&kv, "name");
	res = kv_get(&kv, "result");
	reason = kv_get(&kv, "reason");
	if (!name || !selftest_out_name_ok(name, strlen(name)))
		return errf(err, errlen, "selftest record: no usable name");
	if (!res || (t.result = selftest_out_result_parse(res)) < 0)
		return errf(err, errlen, "selftest record %s: result is not pass, skip or fail", name);
	if (kv_get_uint(&kv, "ms", MS_MAX, &t.ms))
		return errf(err, errlen, "selftest record %s: ms missing or above a day", name);
	if (!reason || esc_decode(reason, t.reason, sizeof(t.reason), &rn) || memchr(t.reason, '\0', rn))
		return errf(err, errlen, "selftest record %s: reason missing, malformed or too long", name);
	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->t[i].name, name))
			return errf(err, errlen, "selftest record %s: a second result", name);
	if (s->n >= SELFTEST_REC_MAX)
		return errf(err, errlen, "selftest record %s: more than %d tests", name, SELFTEST_REC_MAX);
	if (!s->t && !(s->t = calloc(SELFTEST_REC_MAX, sizeof(*s->t))))
		return errf(err, errlen, "out of memory");
	memcpy(t.name, name, strlen(name) + 1);
	s->t[s->n++] = t;
	s->count[t.result]++;
	return 0;
}

void selftest_rec_free(struct selftest_rec *s)
{
	free(s->t);
	memset(s, 0, sizeof(*s));
}
