/* The verifier: rejects any malformed, truncated or out-of-bounds program
 * before a single op runs. It checks the header, then walks the code once,
 * checking each operand against its layout letter and each op against the
 * structure rules of its WHERE bits, and simulating the expression stack. */
#include "interp/bc.h"

#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cpuset.h"
#include "lib/topo.h"

enum { SEC_HEAD, SEC_META, SEC_SETUP, SEC_STEPS, SEC_CLAIMS };
enum { BLK_NONE, BLK_CG, BLK_STEP, BLK_REQ, BLK_CLAIM };

struct vstate {
	struct bc_prog *p;
	uint32_t pc;
	int section, block;
	bool cg_in_step; /* the open CG block was opened by a step */
	unsigned cg_cur, depth;
	uint8_t *removed;
	uint32_t cap;
	char *err;
	size_t errlen;
};

static int vfail(struct vstate *v, const char *fmt, ...)
{
	va_list ap;
	int n = snprintf(v->err, v->errlen, "bytecode: at %04x: ", v->pc);

	va_start(ap, fmt);
	if (n > 0 && (size_t)n < v->errlen)
		vsnprintf(v->err + n, v->errlen - (size_t)n, fmt, ap);
	va_end(ap);
	return -1;
}

static int hfail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

int verify_header(const uint8_t *b, size_t len, char *err, size_t errlen)
{
	uint64_t want;
	double num;
	uint64_t u;

	if (len < 4 || memcmp(b, BC_MAGIC, 4))
		return hfail(err, errlen, "not ktsrun bytecode (bad magic)");
	if (len < BC_HDR_LEN)
		return hfail(err, errlen, "bytecode truncated: %zu of %u header bytes", len, BC_HDR_LEN);
	if (b[4] != BC_VERSION_MAJOR || b[5] > BC_VERSION_MINOR)
		return hfail(err, errlen,
			     "bytecode version %u.%u, this ktsrun reads %u.0 to %u.%u: recompile it", b[4],
			     b[5], BC_VERSION_MAJOR, BC_VERSION_MAJOR, BC_VERSION_MINOR);
	if (b[6] != BC_FORMAT)
		return hfail(err, errlen, "bytecode format %u is not the official format %u", b[6],
			     BC_FORMAT);
	if (b[7] != 8 || b[8] != 8 || b[9] != 2)
		return hfail(err, errlen, "bytecode built with other sizes (int %u, float %u, index %u)",
			     b[7], b[8], b[9]);
	if (memcmp(b + 10, BC_CHECK_DATA, 6))
		return hfail(err, errlen, "bytecode corrupted (text-mode or 7-bit conversion?)");
	u = bc_get64(b + 24);
	memcpy(&num, &u, sizeof(num));
	if (bc_get64(b + 16) != BC_CHECK_INT || num != BC_CHECK_NUM)
		return hfail(err, errlen, "bytecode built for another byte order or float format");
	if (bc_get32(b + 32) > BC_MAX_POOL || bc_get32(b + 40) > BC_MAX_CODE)
		return hfail(err, errlen, "bytecode too large (%u constants, %u code bytes)",
			     bc_get32(b + 32), bc_get32(b + 40));
	want = (uint64_t)BC_HDR_LEN + bc_get32(b + 36) + bc_get32(b + 40);
	if (want != len)
		return hfail(err, errlen, "bytecode %s: header says %llu bytes, got %zu",
			     want > len ? "truncated" : "has trailing bytes", (unsigned long long)want, len);
	if (bc_crc32(b + BC_HDR_LEN, len - BC_HDR_LEN) != bc_get32(b + 44))
		return hfail(err, errlen, "bytecode corrupted: checksum mismatch");
	return 0;
}

static bool is_num(const struct bc_prog *p, unsigned k)
{
	return k < p->npool && (p->pool[k].tag == BC_K_INT || p->pool[k].tag == BC_K_FLOAT);
}

/* A cgroup name becomes a directory: keep it to a safe path component. */
static bool safe_name(const char *s)
{
	if (!*s || *s == '.' || strlen(s) > BC_MAX_NAME)
		return false;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') && !(*s >= '0' && *s <= '9') &&
		    *s != '_' && *s != '-' && *s != '.')
			return false;
	return true;
}

static int check_number(struct vstate *v, char kind, unsigned k)
{
	double d;

	if (!is_num(v->p, k))
		return vfail(v, "operand %u is not a number constant", k);
	d = bc_num(v->p, k);
	if (!isfinite(d))
		return vfail(v, "constant %u is not finite", k);
	if ((kind == 'd' || kind == 'z') && d < 0)
		return vfail(v, "constant %u is a negative %s", k, kind == 'd' ? "duration" : "size");
	return 0;
}

static int check_cgroup(struct vstate *v, unsigned id, bool any)
{
	if (any && id == BC_ALL)
		return 0;
	if (id >= v->p->ncgroups)
		return vfail(v, "cgroup %u is not declared", id);
	if (!any && v->removed[id])
		return vfail(v, "cgroup %u is used after its removal", id);
	return 0;
}

static int check_operand(struct vstate *v, enum bc_op op, unsigned i, char kind, unsigned val)
{
	if (op == OP_CG_BEGIN && i == 0)
		return val == v->p->ncgroups ? 0 : vfail(v, "cgroup id %u out of sequence", val);
	switch (kind) {
	case 'c': return check_cgroup(v, val, false);
	case 'C': return check_cgroup(v, val, true);
	case 'p': return val == BC_ROOT ? 0 : check_cgroup(v, val, false);
	case 's':
		if (val >= v->p->npool || v->p->pool[val].tag != BC_K_STR)
			return vfail(v, "operand %u is not a string constant", val);
		return 0;
	case 'n':
	case 'd':
	case 'z':
	case 'f': return check_number(v, kind, val);
	case 'e':
		if (val >= bc_enums[bc_ops[op].etab].count)
			return vfail(v, "%s: value %u out of range", bc_ops[op].name, val);
		return 0;
	case 't':
		if (val != BC_NONE && val >= v->p->nsteps)
			return vfail(v, "step %u does not exist", val);
		return 0;
	case 'w': return 0;
	}
	return vfail(v, "bad layout letter '%c'", kind);
}

static bool cg_settable(const struct vstate *v, unsigned cg)
{
	return v->block == BLK_CG && cg == v->cg_cur;
}

/* May this op appear here? Moves the section forward when it opens one. */
static int check_where(struct vstate *v, enum bc_op op, const unsigned *ops)
{
	unsigned w = bc_ops[op].where;
	bool top = v->block == BLK_NONE;

	if (w & BC_W_HEAD)
		return v->pc == 0 ? 0 : vfail(v, "%s after the start", bc_ops[op].name);
	if (v->pc == 0)
		return vfail(v, "program does not start with SCENARIO");
	if ((w & BC_W_TOP) && top)
		return 0;
	if ((w & BC_W_META) && top && v->section <= SEC_META)
		return v->section = SEC_META, 0;
	if ((w & BC_W_CGDEF) && top && v->section <= SEC_SETUP)
		return v->section = SEC_SETUP, 0;
	if ((w & BC_W_CGDEF) && v->block == BLK_STEP)
		return 0;
	if ((w & (BC_W_CG | BC_W_SET | BC_W_SETOP)) && cg_settable(v, ops[0]))
		return 0;
	if ((w & (BC_W_SETOP | BC_W_STEP)) && v->block == BLK_STEP)
		return 0;
	if ((w & BC_W_STEPS) && top && v->section <= SEC_STEPS)
		return v->section = SEC_STEPS, 0;
	if ((w & BC_W_CLAIMS) && top)
		return v->section = SEC_CLAIMS, 0;
	if ((w & BC_W_EXPR) && (v->block == BLK_REQ || v->block == BLK_CLAIM))
		return 0;
	if ((w & BC_W_REQ) && v->block == BLK_REQ)
		return 0;
	if ((w & BC_W_CLAIM) && v->block == BLK_CLAIM)
		return 0;
	return vfail(v, "%s is not allowed here", bc_ops[op].name);
}

static int declare_cgroup(struct vstate *v, const unsigned *ops)
{
	struct bc_prog *p = v->p;
	const char *name = p->pool[ops[2]].u.s;

	if (p->ncgroups >= BC_MAX_CGROUPS)
		return vfail(v, "more than %u cgroups", BC_MAX_CGROUPS);
	if (!safe_name(name))
		return vfail(v, "cgroup name \"%s\" is not a safe path component", name);
	for (uint32_t i = 0; i < p->ncgroups; i++)
		if (p->cg_parent[i] == ops[1] && !strcmp(p->pool[p->cg_name[i]].u.s, name))
			return vfail(v, "cgroup \"%s\" declared twice", name);
	if (p->ncgroups == v->cap) {
		uint32_t cap = v->cap ? v->cap * 2 : 16;
		void *a = realloc(p->cg_name, cap * sizeof(*p->cg_name));

		if (a)
			p->cg_name = a;
		void *b = realloc(p->cg_parent, cap * sizeof(*p->cg_parent));
		if (b)
			p->cg_parent = b;
		void *c = realloc(v->removed, cap);
		if (c)
			v->removed = c;
		if (!a || !b || !c)
			return vfail(v, "out of memory");
		v->cap = cap;
	}
	p->cg_name[p->ncgroups] = (uint16_t)ops[2];
	p->cg_parent[p->ncgroups] = (uint16_t)ops[1];
	v->removed[p->ncgroups] = 0;
	v->cg_in_step = v->block == BLK_STEP;
	v->cg_cur = p->ncgroups++;
	v->block = BLK_CG;
	return 0;
}

/* Strings the guest writes into the kernel must stay in safe places. */
static int check_knob(struct vstate *v, enum bc_op op, const unsigned *ops)
{
	const char *s = v->p->pool[ops[0]].u.s;

	if (op == OP_SYSCTL) {
		if (!*s || strstr(s, "..") || strchr(s, '/'))
			return vfail(v, "sysctl name \"%s\" is not a dotted name", s);
	} else if (op == OP_KNOB_WRITE || op == OP_KNOB_READ) {
		if ((strncmp(s, "/sys/", 5) && strncmp(s, "/proc/sys/", 10)) || strstr(s, ".."))
			return vfail(v, "knob path \"%s\" is outside /sys and /proc/sys", s);
	}
	return 0;
}

static bool preset_shaped(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 31 || !isalpha((unsigned char)s[0]))
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_')
			return false;
	return true;
}

/* Lists and the topology are read again in the guest; a program that
 * would fail there is refused here, as the compiler refuses its source. */
static int check_text(struct vstate *v, enum bc_op op, const unsigned *ops)
{
	const char *s = v->p->pool[ops[op == OP_TOPOLOGY ? 0 : 1]].u.s;
	struct cpuset set;
	struct topo t;
	char err[160];

	/* a spelling is checked whole; a preset name only for its shape, since
	 * the preset table is the host's (the compiler checked the name) */
	if (op == OP_TOPOLOGY)
		return !topo_parse(s, &t, err, sizeof(err)) || preset_shaped(s) ? 0 : vfail(v, "%s", err);
	if (cpuset_check(&set, s, op == OP_MEMS_LIST ? TOPO_MAX_NODES - 1 : TOPO_MAX_CPUS - 1, err,
			 sizeof(err)))
		return vfail(v, "list \"%s\": %s", s, err);
	return cpuset_count(&set) ? 0 : vfail(v, "list \"%s\" is empty", s);
}

static int expr_effect(struct vstate *v, enum bc_op op)
{
	const struct bc_opinfo *o = &bc_ops[op];

	if (v->depth < o->pop)
		return vfail(v, "%s: expression stack underflow", o->name);
	v->depth = v->depth - o->pop + o->push;
	if (v->depth > BC_MAX_STACK)
		return vfail(v, "expression deeper than %u", BC_MAX_STACK);
	return 0;
}

/* Apply the op's effect on the structure: open or close a block. */
static int apply(struct vstate *v, enum bc_op op, const unsigned *ops)
{
	if (bc_ops[op].where & (BC_W_EXPR | BC_W_REQ | BC_W_CLAIM))
		if (expr_effect(v, op))
			return -1;
	switch (op) {
	case OP_CG_BEGIN: return declare_cgroup(v, ops);
	case OP_CG_END: v->block = v->cg_in_step ? BLK_STEP : BLK_NONE; return 0;
	case OP_STEP_FRAC:
	case OP_STEP_TIME:
		if (v->p->nsteps >= BC_MAX_STEPS)
			return vfail(v, "more than %u steps", BC_MAX_STEPS);
		if (op == OP_STEP_FRAC && (bc_num(v->p, ops[0]) <= 0 || bc_num(v->p, ops[0]) > 1))
			return vfail(v, "step fraction out of (0, 1]");
		v->p->nsteps++;
		v->block = BLK_STEP;
		return 0;
	case OP_STEP_END: v->block = BLK_NONE; return 0;
	case OP_REQ_BEGIN:
	case OP_CLAIM_BEGIN:
		v->block = op == OP_REQ_BEGIN ? BLK_REQ : BLK_CLAIM;
		v->depth = 0;
		return 0;
	case OP_REQ_END:
	case OP_CLAIM_END:
		if (v->depth != 0)
			return vfail(v, "%s leaves %u values on the stack", bc_ops[op].name, v->depth);
		v->block = BLK_NONE;
		return 0;
	case OP_CG_REMOVE:
		/* children go with their parent; parents have lower ids */
		v->removed[ops[0]] = 1;
		for (uint32_t i = ops[0] + 1; i < v->p->ncgroups; i++)
			if (v->p->cg_parent[i] != BC_ROOT && v->removed[v->p->cg_parent[i]])
				v->removed[i] = 1;
		return 0;
	case OP_SYSCTL:
	case OP_KNOB_WRITE:
	case OP_KNOB_READ: return check_knob(v, op, ops);
	case OP_TOPOLOGY:
	case OP_CPUSET_LIST:
	case OP_MEMS_LIST:
	case OP_AFFINITY_LIST: return check_text(v, op, ops);
	default: return 0;
	}
}

static int verify_insn(struct vstate *v, enum bc_op op)
{
	const uint8_t *c = v->p->code + v->pc + 1;
	unsigned ops[8];
	unsigned i = 0;

	for (const char *l = bc_ops[op].layout; *l; l++, i++) {
		ops[i] = *l == 'e' ? *c : bc_get16(c);
		c += bc_operand_len(*l);
		if (check_operand(v, op, i, *l, ops[i]))
			return -1;
	}
	if (check_where(v, op, ops))
		return -1;
	return apply(v, op, ops);
}

int verify_code(struct bc_prog *p, char *err, size_t errlen)
{
	struct vstate v = { .p = p, .err = err, .errlen = errlen };
	int rc = -1;

	while (v.pc < p->code_len) {
		unsigned op = p->code[v.pc];

		if (op >= OP_COUNT) {
			vfail(&v, "unknown opcode %u", op);
			goto out;
		}
		if (p->code_len - v.pc < bc_insn_len(op)) {
			vfail(&v, "%s is truncated", bc_ops[op].name);
			goto out;
		}
		if (verify_insn(&v, op))
			goto out;
		if (op == OP_END) {
			if (v.pc + 1 != p->code_len) {
				vfail(&v, "code after END");
				goto out;
			}
			rc = 0;
			goto out;
		}
		v.pc += bc_insn_len(op);
	}
	vfail(&v, "program does not end with END");
out:
	free(v.removed);
	return rc;
}
