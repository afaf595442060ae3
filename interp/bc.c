/* Bytecode tables and loading: the parts the compiler, the guest and the
 * disassembler share. */
#include "interp/bc.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct bc_opinfo bc_ops[OP_COUNT] = {
#define X(name, layout, where, pop, push, etab, doc) \
	{ #name, layout, where, pop, push, BC_E_##etab, doc },
#include "interp/bc_ops.h"
#undef X
};

#define NAME1(n) #n,
#define NAME2(n, a) #n,
#define NAME3(n, a, b) #n,
static const char *const cgf_names[] = { BC_CGFS(NAME1) };
static const char *const work_names[] = { BC_WORKS(NAME3) };
static const char *const wparam_names[] = { BC_WPARAMS(NAME2) };
static const char *const aff_names[] = { BC_AFFS(NAME1) };
static const char *const policy_names[] = { BC_POLICIES(NAME1) };
static const char *const mem_names[] = { BC_MEMS(NAME1) };
static const char *const sig_names[] = { BC_SIGS(NAME1) };
static const char *const fail_names[] = { BC_FAILS(NAME1) };
static const char *const topo_names[] = { BC_TOPOS(NAME2) };
static const char *const metric_names[] = { BC_METRICS(NAME3) };
static const char *const mon_names[] = { BC_MONS(NAME2) };
static const char *const check_names[] = { BC_CHECKS(NAME2) };

#define TAB(a) { a, sizeof(a) / sizeof(a[0]) }
const struct bc_enum bc_enums[BC_E_COUNT] = {
	[BC_E_NONE] = { NULL, 0 },	    [BC_E_CGF] = TAB(cgf_names),
	[BC_E_WORK] = TAB(work_names),	    [BC_E_WPARAM] = TAB(wparam_names),
	[BC_E_AFF] = TAB(aff_names),	    [BC_E_POLICY] = TAB(policy_names),
	[BC_E_MEM] = TAB(mem_names),	    [BC_E_SIG] = TAB(sig_names),
	[BC_E_FAIL] = TAB(fail_names),	    [BC_E_TOPO] = TAB(topo_names),
	[BC_E_METRIC] = TAB(metric_names), [BC_E_MON] = TAB(mon_names),
	[BC_E_CHECK] = TAB(check_names),
};

const char bc_wparam_unit[BC_WP_COUNT] = {
#define X(n, u) u,
	BC_WPARAMS(X)
#undef X
};
const unsigned bc_work_params[BC_WORK_COUNT] = {
#define X(n, p, g) p,
	BC_WORKS(X)
#undef X
};
const int bc_work_group[BC_WORK_COUNT] = {
#define X(n, p, g) g,
	BC_WORKS(X)
#undef X
};
const char bc_metric_unit[BC_M_COUNT] = {
#define X(n, u, a) u,
	BC_METRICS(X)
#undef X
};
const char bc_mon_unit[BC_MON_COUNT] = {
#define X(n, u) u,
	BC_MONS(X)
#undef X
};
const char bc_topo_unit[BC_TOPO_COUNT] = {
#define X(n, u) u,
	BC_TOPOS(X)
#undef X
};
const char bc_check_unit[BC_CHECK_COUNT] = {
#define X(n, u) u,
	BC_CHECKS(X)
#undef X
};

const char *bc_enum_name(unsigned t, unsigned v)
{
	if (t >= BC_E_COUNT || v >= bc_enums[t].count)
		return NULL;
	return bc_enums[t].names[v];
}

unsigned bc_operand_len(char kind)
{
	return kind == 'e' ? 1 : 2;
}

unsigned bc_insn_len(enum bc_op op)
{
	unsigned n = 1;

	for (const char *l = bc_ops[op].layout; *l; l++)
		n += bc_operand_len(*l);
	return n;
}

uint16_t bc_get16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

uint32_t bc_get32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

uint64_t bc_get64(const uint8_t *p)
{
	return (uint64_t)bc_get32(p) | (uint64_t)bc_get32(p + 4) << 32;
}

double bc_num(const struct bc_prog *p, unsigned k)
{
	if (k >= p->npool)
		return 0;
	if (p->pool[k].tag == BC_K_INT)
		return (double)p->pool[k].u.i;
	if (p->pool[k].tag == BC_K_FLOAT)
		return p->pool[k].u.f;
	return 0;
}

/* Bitwise CRC-32 (IEEE, reflected): no table, no zlib, for the guest. */
uint32_t bc_crc32(const void *buf, size_t len)
{
	const uint8_t *b = buf;
	uint32_t crc = 0xffffffffu;

	while (len--) {
		crc ^= *b++;
		for (int i = 0; i < 8; i++)
			crc = (crc >> 1) ^ (0xedb88320u & (0u - (crc & 1)));
	}
	return ~crc;
}

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
static int load_pool(struct bc_prog *p, const uint8_t *pool, uint32_t bytes, char *err,
		     size_t errlen)
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
			if (k->len >= bytes - off || pool[off + k->len] != 0 ||
			    memchr(pool + off, 0, k->len))
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
