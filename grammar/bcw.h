/* Bytecode writer: builds the constant pool and the code, then the header. */
#ifndef KTS_BCW_H
#define KTS_BCW_H

#include <stddef.h>
#include <stdint.h>

#include "interp/bc.h"

struct bcw_const {
	uint8_t tag;
	double d;
	int64_t i;
	char *s;
};

struct bcw {
	uint8_t *code, *pool;
	size_t len, cap, plen, pcap;
	struct bcw_const *k;
	uint32_t nk, kcap;
	int overflow; /* more constants than an index can name */
};

unsigned bcw_str(struct bcw *w, const char *s);
/* A number: stored as an int when it is integral and fits, else a double. */
unsigned bcw_num(struct bcw *w, double d);
/* Append an op; one unsigned argument per letter of its layout. */
void bcw_op(struct bcw *w, enum bc_op op, ...);
/* Header + pool + code in one malloc'd buffer. */
int bcw_finish(struct bcw *w, uint8_t **out, size_t *len);
void bcw_free(struct bcw *w);

#endif
