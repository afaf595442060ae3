/* Loading bytecode: index the constant pool, then verify the header and the
 * code (verify.c) before anything runs it. */
#include "interp/bc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static double get_double(const uint8_t *p)
{
	uint64_t u = bc_get64(p);
	double d;

	memcpy(&d, &u, sizeof(d));
	return d;
}

/* Index the pool; every entry must lie inside it and strings end in NUL. */
static int load_pool(struct bc_prog *p, const uint8_t *pool, uint32_t bytes, char *err, size_t errlen)
{
	uint32_t off = 0;

	for (uint32_t i = 0; i < p->npool; i++) {
		struct bc_const *k = &p->pool[i];

		if (off >= bytes)
			return fail(err, errlen, "bytecode: constant %u lies past the pool", i);
		k->tag = pool[off++];
		if (k->tag == BC_K_INT || k->tag == BC_K_FLOAT) {
			if (bytes - off < 8)
				return fail(err, errlen, "bytecode: constant %u is truncated", i);
			if (k->tag == BC_K_INT)
				k->u.i = (int64_t)bc_get64(pool + off);
			else
				k->u.f = get_double(pool + off);
			off += 8;
		} else if (k->tag == BC_K_STR) {
			if (bytes - off < 4)
				return fail(err, errlen, "bytecode: constant %u is truncated", i);
			k->len = bc_get32(pool + off);
			off += 4;
			if (k->len >= bytes - off || pool[off + k->len] != 0 || memchr(pool + off, 0, k->len))
				return fail(err, errlen, "bytecode: string constant %u is malformed", i);
			k->u.s = (const char *)pool + off;
			off += k->len + 1;
		} else {
			return fail(err, errlen, "bytecode: constant %u has unknown tag %u", i, k->tag);
		}
	}
	if (off != bytes)
		return fail(err, errlen, "bytecode: %u stray bytes after the constant pool", bytes - off);
	return 0;
}

int bc_load(struct bc_prog *p, const void *buf, size_t len, char *err, size_t errlen)
{
	const uint8_t *b = buf;
	uint32_t pool_bytes;

	memset(p, 0, sizeof(*p));
	if (verify_header(b, len, err, errlen))
		return -1;
	p->npool = bc_get32(b + 32);
	pool_bytes = bc_get32(b + 36);
	p->code_len = bc_get32(b + 40);
	p->code = b + BC_HDR_LEN + pool_bytes;
	p->pool = calloc(p->npool ? p->npool : 1, sizeof(*p->pool));
	if (!p->pool)
		return fail(err, errlen, "bytecode: out of memory");
	if (load_pool(p, b + BC_HDR_LEN, pool_bytes, err, errlen) || verify_code(p, err, errlen)) {
		bc_prog_free(p);
		return -1;
	}
	return 0;
}

void bc_prog_free(struct bc_prog *p)
{
	free(p->pool);
	free(p->cg_name);
	free(p->cg_parent);
	memset(p, 0, sizeof(*p));
}
