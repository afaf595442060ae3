#include "lib/kv.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int key_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

int kv_parse(struct kv *kv, const void *payload, size_t len, const char **err)
{
	char *p, *end;

	kv->n = 0;
	if (len > KV_MAX_TEXT) {
		*err = "payload too long";
		return -1;
	}
	if (memchr(payload, '\0', len)) {
		*err = "NUL byte in payload";
		return -1;
	}
	memcpy(kv->text, payload, len);
	kv->text[len] = '\0';
	p = kv->text;
	end = kv->text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *eq;

		if (!nl) {
			*err = "line without newline";
			return -1;
		}
		*nl = '\0';
		eq = strchr(p, '=');
		if (!eq || eq == p) {
			*err = "line without key=value";
			return -1;
		}
		for (char *k = p; k < eq; k++)
			if (!key_char(*k)) {
				*err = "bad character in key";
				return -1;
			}
		if (kv->n == KV_MAX_PAIRS) {
			*err = "too many keys";
			return -1;
		}
		*eq = '\0';
		kv->key[kv->n] = p;
		kv->val[kv->n] = eq + 1;
		kv->n++;
		p = nl + 1;
	}
	return 0;
}

const char *kv_get(const struct kv *kv, const char *key)
{
	for (unsigned i = 0; i < kv->n; i++)
		if (!strcmp(kv->key[i], key))
			return kv->val[i];
	return NULL;
}

int kv_get_uint(const struct kv *kv, const char *key, unsigned long max, unsigned long *out)
{
	const char *v = kv_get(kv, key);
	char *end;
	unsigned long x;

	if (!v || *v < '0' || *v > '9')
		return -1;
	errno = 0;
	x = strtoul(v, &end, 10);
	if (errno || *end || x > max)
		return -1;
	*out = x;
	return 0;
}
