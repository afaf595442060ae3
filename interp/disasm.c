/* Disassembler. Values are shown with their units and cgroups by their
 * dotted path, so golden tests read like the source. */
#include "interp/disasm.h"

#include <inttypes.h>
#include <string.h>

/* Integral and small enough to print whole (no libm in the guest). */
static int whole(double q)
{
	return q > -9e15 && q < 9e15 && q == (double)(long long)q;
}

static void fmt_scaled(char *buf, size_t len, double v, const double *mul, const char *const *unit, int n)
{
	for (int i = 0; i < n; i++)
		if (v != 0 && whole(v / mul[i])) {
			snprintf(buf, len, "%.15g%s", v / mul[i], unit[i]);
			return;
		}
	if (v == 0)
		snprintf(buf, len, "0");
	else
		snprintf(buf, len, "%.15g%s", v, unit[n - 1]);
}

static void fmt_duration(char *buf, size_t len, double ns)
{
	static const double mul[] = { 1e9, 1e6, 1e3, 1 };
	static const char *const unit[] = { "s", "ms", "us", "ns" };

	fmt_scaled(buf, len, ns, mul, unit, 4);
}

static void fmt_size(char *buf, size_t len, double b)
{
	static const double mul[] = { 1099511627776.0, 1073741824.0, 1048576.0, 1024.0, 1 };
	static const char *const unit[] = { "T", "G", "M", "K", "B" };

	fmt_scaled(buf, len, b, mul, unit, 5);
}

static void fmt_string(char *buf, size_t len, const char *s)
{
	size_t o = 0;

	if (len < 8)
		return;
	buf[o++] = '"';
	for (; *s && o + 6 < len; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			o += (size_t)snprintf(buf + o, len - o, "\\%c", c);
		else if (c == '\n')
			o += (size_t)snprintf(buf + o, len - o, "\\n");
		else if (c == '\t')
			o += (size_t)snprintf(buf + o, len - o, "\\t");
		else if (c < 0x20 || c == 0x7f)
			o += (size_t)snprintf(buf + o, len - o, "\\x%02x", c);
		else
			buf[o++] = (char)c;
	}
	buf[o++] = '"';
	buf[o] = 0;
}

void disasm_value(const struct bc_prog *p, char kind, unsigned k, char *buf, size_t len)
{
	double v = bc_num(p, k);

	if (k >= p->npool) {
		snprintf(buf, len, "k%u?", k);
		return;
	}
	if (p->pool[k].tag == BC_K_STR) {
		fmt_string(buf, len, p->pool[k].u.s);
		return;
	}
	switch (kind) {
	case 'd': fmt_duration(buf, len, v); break;
	case 'z': fmt_size(buf, len, v); break;
	case 'f': snprintf(buf, len, "%.6g%%", v * 100); break;
	default:
		if (p->pool[k].tag == BC_K_INT)
			snprintf(buf, len, "%" PRId64, p->pool[k].u.i);
		else
			snprintf(buf, len, "%.15g", v);
	}
}

/* A cgroup's dotted path from the root. */
static void cgroup_path(const struct bc_prog *p, unsigned id, char *buf, size_t len)
{
	if (id == BC_ALL) {
		snprintf(buf, len, "*");
		return;
	}
	if (id >= p->ncgroups) {
		snprintf(buf, len, "cg%u?", id);
		return;
	}
	if (p->cg_parent[id] == BC_ROOT) {
		snprintf(buf, len, "%s", p->pool[p->cg_name[id]].u.s);
		return;
	}
	cgroup_path(p, p->cg_parent[id], buf, len);
	size_t n = strlen(buf);
	snprintf(buf + n, len - n, ".%s", p->pool[p->cg_name[id]].u.s);
}

static void operand(const struct bc_prog *p, enum bc_op op, char kind, unsigned v, char *buf, size_t len)
{
	const char *name;

	switch (kind) {
	case 'c':
	case 'C':
	case 'p':
		if (kind == 'p' && v == BC_ROOT)
			snprintf(buf, len, "/");
		else
			cgroup_path(p, v, buf, len);
		break;
	case 'e':
		name = bc_enum_name(bc_ops[op].etab, v);
		snprintf(buf, len, "%s", name ? name : "?");
		break;
	case 't':
	case 'w':
		if (v == BC_NONE)
			snprintf(buf, len, "%s=all", kind == 't' ? "step" : "worker");
		else
			snprintf(buf, len, "%s=%u", kind == 't' ? "step" : "worker", v + (kind == 't'));
		break;
	default: disasm_value(p, kind, v, buf, len);
	}
}

void disasm_print(const struct bc_prog *p, FILE *f)
{
	char buf[512];
	unsigned indent = 0;

	fprintf(f, "; %u constants, %u bytes of code, %u cgroups, %u steps\n", p->npool, p->code_len,
		p->ncgroups, p->nsteps);
	for (uint32_t pc = 0; pc < p->code_len;) {
		enum bc_op op = p->code[pc];
		const uint8_t *c = p->code + pc + 1;

		if (op == OP_CG_END || op == OP_STEP_END || op == OP_REQ_END || op == OP_CLAIM_END)
			indent -= indent ? 1 : 0;
		fprintf(f, "%04x  %*s%*s", pc, (int)indent * 2, "", *bc_ops[op].layout ? -16 : 0,
			bc_ops[op].name);
		for (const char *l = bc_ops[op].layout; *l; l++) {
			unsigned v = *l == 'e' ? *c : bc_get16(c);
			char kind = *l;

			/* a work parameter's value has the parameter's unit */
			if (op == OP_WORK_ARG && kind == 'n' && c[-1] < BC_WP_COUNT)
				kind = bc_wparam_unit[c[-1]];
			if (op == OP_CHECK && kind == 'n' && c[-1] < BC_CHECK_COUNT)
				kind = bc_check_unit[c[-1]];
			c += bc_operand_len(*l);
			operand(p, op, kind, v, buf, sizeof(buf));
			fprintf(f, " %s", buf);
		}
		fputc('\n', f);
		if (op == OP_CG_BEGIN || op == OP_STEP_FRAC || op == OP_STEP_TIME || op == OP_REQ_BEGIN ||
		    op == OP_CLAIM_BEGIN)
			indent++;
		pc += bc_insn_len(op);
	}
}
