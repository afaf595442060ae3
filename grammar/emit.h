/* Bytecode writer: builds the constant pool and the code, then the header. */
#ifndef KTS_GRAMMAR_EMIT_H
#define KTS_GRAMMAR_EMIT_H

#include <stddef.h>
#include <stdint.h>

#include "interp/bc.h"

struct emit_const {
	uint8_t tag;
	double d;
	int64_t i;
	char *s;
};

struct emit {
	uint8_t *code, *pool;
	size_t len, cap, plen, pcap;
	struct emit_const *k;
	uint32_t nk, kcap;
	int overflow; /* more constants than an index can name */
	unsigned sp;  /* expression stack height, counted as the verifier does */
};

unsigned emit_str(struct emit *w, const char *s);
/* A number: stored as an int when it is integral and fits, else a double. */
unsigned emit_num(struct emit *w, double d);
/* Append an op; one unsigned argument per letter of its layout. */
void emit_op(struct emit *w, enum bc_op op, ...);
/* Header + pool + code in one malloc'd buffer. */
int emit_finish(struct emit *w, uint8_t **out, size_t *len);
void emit_free(struct emit *w);

#endif
