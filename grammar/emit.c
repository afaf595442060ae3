/* Bytecode writer. Constants are deduplicated, so the same source always
 * gives the same bytes. */
#include "grammar/emit.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

static void grow(uint8_t **buf, size_t *cap, size_t need)
{
	if (need <= *cap)
		return;
	*cap = need * 2 + 64;
	*buf = realloc(*buf, *cap);
	if (!*buf)
		abort();
}

static void put(uint8_t **buf, size_t *len, size_t *cap, const void *p, size_t n)
{
	if (!n)
		return;
	grow(buf, cap, *len + n);
	memcpy(*buf + *len, p, n);
	*len += n;
}

static void put_le(uint8_t **buf, size_t *len, size_t *cap, uint64_t v, int n)
{
	uint8_t b[8];

	for (int i = 0; i < n; i++)
		b[i] = (uint8_t)(v >> (8 * i));
	put(buf, len, cap, b, (size_t)n);
}

static unsigned add_const(struct emit *w, struct emit_const k)
{
	for (uint32_t i = 0; i < w->nk; i++) {
		const struct emit_const *o = &w->k[i];

		if (o->tag != k.tag)
			continue;
		if ((k.tag == BC_K_STR && !strcmp(o->s, k.s)) || (k.tag == BC_K_INT && o->i == k.i) ||
		    (k.tag == BC_K_FLOAT && !memcmp(&o->d, &k.d, sizeof(k.d))))
			return i;
	}
	if (w->nk >= BC_MAX_POOL) {
		w->overflow = 1;
		return 0;
	}
	if (w->nk == w->kcap) {
		w->kcap = w->kcap ? w->kcap * 2 : 64;
		w->k = realloc(w->k, w->kcap * sizeof(*w->k));
		if (!w->k)
			abort();
	}
	put(&w->pool, &w->plen, &w->pcap, &k.tag, 1);
	if (k.tag == BC_K_STR) {
		k.s = strdup(k.s);
		if (!k.s)
			abort();
		put_le(&w->pool, &w->plen, &w->pcap, strlen(k.s), 4);
		put(&w->pool, &w->plen, &w->pcap, k.s, strlen(k.s) + 1);
	} else if (k.tag == BC_K_INT) {
		put_le(&w->pool, &w->plen, &w->pcap, (uint64_t)k.i, 8);
	} else {
		uint64_t u;

		memcpy(&u, &k.d, sizeof(u));
		put_le(&w->pool, &w->plen, &w->pcap, u, 8);
	}
	w->k[w->nk] = k;
	return w->nk++;
}

unsigned emit_str(struct emit *w, const char *s)
{
	struct emit_const k = { .tag = BC_K_STR, .s = (char *)(uintptr_t)s };

	return add_const(w, k);
}

unsigned emit_num(struct emit *w, double d)
{
	struct emit_const k = { .tag = BC_K_FLOAT, .d = d };

	if (d == floor(d) && fabs(d) < 9e15) {
		k.tag = BC_K_INT;
		k.i = (int64_t)d;
	}
	return add_const(w, k);
}

void emit_op(struct emit *w, enum bc_op op, ...)
{
	va_list ap;
	uint8_t b = (uint8_t)op;

	put(&w->code, &w->len, &w->cap, &b, 1);
	va_start(ap, op);
	for (const char *l = bc_ops[op].layout; *l; l++)
		put_le(&w->code, &w->len, &w->cap, va_arg(ap, unsigned), (int)bc_operand_len(*l));
	va_end(ap);
	if (op == OP_REQ_BEGIN || op == OP_CLAIM_BEGIN)
		w->sp = 0;
	else if (bc_ops[op].where & (BC_W_EXPR | BC_W_REQ | BC_W_CLAIM))
		w->sp = (w->sp > bc_ops[op].pop ? w->sp - bc_ops[op].pop : 0) + bc_ops[op].push;
}

int emit_finish(struct emit *w, uint8_t **out, size_t *len)
{
	uint8_t *b = NULL;
	size_t n = 0, cap = 0;
	double num = BC_CHECK_NUM;
	uint64_t u;
	uint8_t v[] = { BC_VERSION_MAJOR, BC_VERSION_MINOR, BC_FORMAT, 8, 8, 2 };

	if (w->overflow)
		return -1;
	put(&b, &n, &cap, BC_MAGIC, 4);
	put(&b, &n, &cap, v, sizeof(v));
	put(&b, &n, &cap, BC_CHECK_DATA, 6);
	put_le(&b, &n, &cap, BC_CHECK_INT, 8);
	memcpy(&u, &num, sizeof(u));
	put_le(&b, &n, &cap, u, 8);
	put_le(&b, &n, &cap, w->nk, 4);
	put_le(&b, &n, &cap, w->plen, 4);
	put_le(&b, &n, &cap, w->len, 4);
	put_le(&b, &n, &cap, 0, 4); /* CRC, below */
	put(&b, &n, &cap, w->pool, w->plen);
	put(&b, &n, &cap, w->code, w->len);
	u = bc_crc32(b + BC_HDR_LEN, n - BC_HDR_LEN);
	for (int i = 0; i < 4; i++)
		b[44 + i] = (uint8_t)(u >> (8 * i));
	*out = b;
	*len = n;
	return 0;
}

void emit_free(struct emit *w)
{
	for (uint32_t i = 0; i < w->nk; i++)
		free(w->k[i].s);
	free(w->k);
	free(w->code);
	free(w->pool);
	memset(w, 0, sizeof(*w));
}
