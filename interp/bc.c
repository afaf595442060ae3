/* Bytecode tables: the parts the compiler, the verifier, the guest and the
 * disassembler share. */
#include "interp/bc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct bc_opinfo bc_ops[OP_COUNT] = {
#define X(name, layout, where, pop, push, etab, doc) { #name, layout, where, pop, push, BC_E_##etab, doc },
#include "interp/bc_ops.h"
#undef X
};

#define NAME1(n)	  #n,
#define NAME2(n, a)	  #n,
#define NAME3(n, a, b)	  #n,
#define NAME4(n, a, b, c) #n,
static const char *const cgf_names[] = { BC_CGFS(NAME1) };
static const char *const work_names[] = { BC_WORKS(NAME4) };
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
	[BC_E_NONE] = { NULL, 0 },	   [BC_E_CGF] = TAB(cgf_names),
	[BC_E_WORK] = TAB(work_names),	   [BC_E_WPARAM] = TAB(wparam_names),
	[BC_E_AFF] = TAB(aff_names),	   [BC_E_POLICY] = TAB(policy_names),
	[BC_E_MEM] = TAB(mem_names),	   [BC_E_SIG] = TAB(sig_names),
	[BC_E_FAIL] = TAB(fail_names),	   [BC_E_TOPO] = TAB(topo_names),
	[BC_E_METRIC] = TAB(metric_names), [BC_E_MON] = TAB(mon_names),
	[BC_E_CHECK] = TAB(check_names),
};

const char bc_wparam_unit[BC_WP_COUNT] = {
#define X(n, u) u,
	BC_WPARAMS(X)
#undef X
};
const unsigned bc_work_params[BC_WORK_COUNT] = {
#define X(n, p, g, u) p,
	BC_WORKS(X)
#undef X
};
const int bc_work_group[BC_WORK_COUNT] = {
#define X(n, p, g, u) g,
	BC_WORKS(X)
#undef X
};
const unsigned char bc_work_units[BC_WORK_COUNT] = {
#define X(n, p, g, u) BC_UNITS_##u,
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
