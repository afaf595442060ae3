/* Instruction decoding shared by the interpreter and the claim evaluator. */
#include "interp/interp.h"

enum bc_op interp_decode(const struct bc_prog *p, uint32_t pc, unsigned v[8])
{
	enum bc_op op = (enum bc_op)p->code[pc];
	const uint8_t *c = p->code + pc + 1;
	unsigned i = 0;

	for (const char *l = bc_ops[op].layout; *l && i < 8; l++, i++) {
		v[i] = *l == 'e' ? *c : bc_get16(c);
		c += bc_operand_len(*l);
	}
	return op;
}
