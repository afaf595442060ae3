/* Strict parser for "key=value\n" record payloads from the guest. */
#ifndef KTS_KV_H
#define KTS_KV_H

#include <stddef.h>

#define KV_MAX_PAIRS 48 /* a worker report has 33 keys */
#define KV_MAX_TEXT  4096

struct kv {
	unsigned n;
	const char *key[KV_MAX_PAIRS];
	const char *val[KV_MAX_PAIRS];
	char text[KV_MAX_TEXT + 1];
};

/* Returns 0, or -1 with *err set to a static reason. */
int kv_parse(struct kv *kv, const void *payload, size_t len, const char **err);
const char *kv_get(const struct kv *kv, const char *key);
/* Unsigned integer value of key; -1 if absent or not a number <= max. */
int kv_get_uint(const struct kv *kv, const char *key, unsigned long max, unsigned long *out);

#endif
