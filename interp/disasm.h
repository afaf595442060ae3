/* The disassembler: a verified program as readable text, one op a line. */
#ifndef KTS_DISASM_H
#define KTS_DISASM_H

#include <stdio.h>

#include "interp/bc.h"

void disasm_print(const struct bc_prog *p, FILE *f);
/* One value formatted as its layout letter says (e.g. 'd' -> "1.5ms"). */
void disasm_value(const struct bc_prog *p, char kind, unsigned k, char *buf, size_t len);

#endif
