/* ktsrun bytecode: the format the compiler writes and the guest runs.
 * See doc/bytecode.md. Plain C and libc only: the guest links this.
 *
 * File layout (all little endian):
 *
 *   off size
 *    0   4   magic "\x1bKTS"
 *    4   1   version major (a different major is refused)
 *    5   1   version minor (a newer minor is refused)
 *    6   1   format (0: the official one)
 *    7   1   size of an integer constant (8)
 *    8   1   size of a float constant (8)
 *    9   1   operand size of an index (2)
 *   10   6   "\x19\x93\r\n\x1a\n": catches text-mode and 7-bit mangling
 *   16   8   int64 0x5678: catches a byte-order mismatch
 *   24   8   double 370.5: catches a float-format mismatch
 *   32   4   number of constants
 *   36   4   bytes of the constant pool
 *   40   4   bytes of code
 *   44   4   CRC-32 (IEEE) of pool and code: catches corruption
 *   48       constant pool, then code
 *
 * A constant is a tag byte then its value: 1 int64, 2 double,
 * 3 string (u32 length, the bytes, a NUL). Code is a sequence of
 * instructions: an opcode byte, then the operands its layout names
 * (bc_ops.h). */
#ifndef KTS_BC_H
#define KTS_BC_H

#include <stddef.h>
#include <stdint.h>

#include "interp/bc_tables.h"

#define BC_MAGIC \
	"\x1b"   \
	"KTS"
#define BC_VERSION_MAJOR 2
#define BC_VERSION_MINOR 2
#define BC_FORMAT	 0
#define BC_CHECK_DATA	 "\x19\x93\r\n\x1a\n"
#define BC_CHECK_INT	 0x5678
#define BC_CHECK_NUM	 370.5
#define BC_HDR_LEN	 48u

#define BC_ALL	0xffffu /* 'C' operand: every cgroup */
#define BC_ROOT 0xffffu /* 'p' operand: no parent */
#define BC_NONE 0xffffu /* 't' and 'w' operands: not selected */

#define BC_MAX_STACK   16   /* expression stack depth the verifier allows */
#define BC_MAX_CGROUPS 4096 /* cgroups a program may declare */
#define BC_MAX_STEPS   4096
#define BC_MAX_NAME    64 /* bytes of a cgroup name (a directory) */
#define BC_MAX_CODE    (16u << 20)
#define BC_MAX_POOL    65535u

enum bc_const_tag { BC_K_INT = 1, BC_K_FLOAT = 2, BC_K_STR = 3 };

/* Where an op may appear (the verifier's structural rules). */
enum {
	BC_W_HEAD = 1 << 0,   /* first op only */
	BC_W_TOP = 1 << 1,    /* outside any block */
	BC_W_META = 1 << 2,   /* outside blocks, before cgroups, steps, claims */
	BC_W_CGDEF = 1 << 3,  /* outside blocks before steps, or inside a step */
	BC_W_CG = 1 << 4,     /* inside CG_BEGIN..CG_END */
	BC_W_SET = 1 << 5,    /* inside CG_BEGIN..CG_END, on that cgroup */
	BC_W_SETOP = 1 << 6,  /* as SET, or as an op of a step */
	BC_W_STEPS = 1 << 7,  /* outside blocks, before claims */
	BC_W_STEP = 1 << 8,   /* an op of a step */
	BC_W_CLAIMS = 1 << 9, /* outside blocks, after steps */
	BC_W_EXPR = 1 << 10,  /* inside a REQ or CLAIM block */
	BC_W_REQ = 1 << 11,   /* inside a REQ block */
	BC_W_CLAIM = 1 << 12, /* inside a CLAIM block */
};

enum bc_op {
#define X(name, layout, where, pop, push, etab, doc) OP_##name,
#include "interp/bc_ops.h"
#undef X
	OP_COUNT
};

/* Enum tables for 'e' operands. */
enum bc_etab {
	BC_E_NONE,
	BC_E_CGF,
	BC_E_WORK,
	BC_E_WPARAM,
	BC_E_AFF,
	BC_E_POLICY,
	BC_E_MEM,
	BC_E_SIG,
	BC_E_FAIL,
	BC_E_TOPO,
	BC_E_METRIC,
	BC_E_MON,
	BC_E_CHECK,
	BC_E_COUNT
};

struct bc_opinfo {
	const char *name;
	const char *layout;
	unsigned where;
	uint8_t pop, push;
	uint8_t etab;
	const char *doc;
};

struct bc_enum {
	const char *const *names;
	unsigned count;
};

extern const struct bc_opinfo bc_ops[OP_COUNT];
extern const struct bc_enum bc_enums[BC_E_COUNT];
/* Unit letter ('d', 'z', 'n', 'f') of each work parameter, metric, monitor
 * finding and topology fact. */
extern const char bc_wparam_unit[BC_WP_COUNT];
extern const unsigned bc_work_params[BC_WORK_COUNT];
extern const int bc_work_group[BC_WORK_COUNT];
extern const unsigned char bc_work_units[BC_WORK_COUNT]; /* enum bc_work_units */
extern const char bc_metric_unit[BC_M_COUNT];
extern const char bc_mon_unit[BC_MON_COUNT];
extern const char bc_topo_unit[BC_TOPO_COUNT];
extern const char bc_check_unit[BC_CHECK_COUNT];

struct bc_const {
	uint8_t tag;
	uint32_t len; /* strings */
	union {
		int64_t i;
		double f;
		const char *s; /* points into the loaded buffer, NUL terminated */
	} u;
};

/* A verified program. Pointers refer to the buffer given to bc_load. */
struct bc_prog {
	const uint8_t *code;
	uint32_t code_len;
	struct bc_const *pool;
	uint32_t npool;
	uint32_t ncgroups, nsteps;
	uint16_t *cg_name;   /* pool index of each cgroup's name */
	uint16_t *cg_parent; /* parent id or BC_ROOT */
};

/* Check the header, index the pool and verify the code. Returns 0, or -1
 * with one message in err. On success free with bc_prog_free. */
int bc_load(struct bc_prog *p, const void *buf, size_t len, char *err, size_t errlen);
void bc_prog_free(struct bc_prog *p);

/* Operand bytes of a layout letter; total length of an instruction. */
unsigned bc_operand_len(char kind);
unsigned bc_insn_len(enum bc_op op);
uint16_t bc_get16(const uint8_t *p);
uint32_t bc_get32(const uint8_t *p);
uint64_t bc_get64(const uint8_t *p);
double bc_num(const struct bc_prog *p, unsigned k);
uint32_t bc_crc32(const void *buf, size_t len);
/* Name of value v of enum table t, or NULL. */
const char *bc_enum_name(unsigned t, unsigned v);

/* verify.c */
int verify_header(const uint8_t *buf, size_t len, char *err, size_t errlen);
int verify_code(struct bc_prog *p, char *err, size_t errlen);

#endif
