/* libFuzzer target: the whole front end and the verifier. Any input must
 * give errors or bytecode the verifier accepts; when it compiles, its
 * formatted text must be a fixed point of fmt and compile to the same
 * bytes (the properties the golden tests check, on arbitrary input). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/fmt.h"
#include "grammar/kts.h"
#include "interp/disasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

static void check_fmt(const char *text, size_t len, const uint8_t *bc, size_t bclen)
{
	struct src_set s = { 0 };
	struct sbuf f1 = { 0 }, f2 = { 0 };
	struct kts_opts o = { 0 };
	uint8_t *bc2;
	size_t bc2len;

	if (fmt_file(&s, src_add(&s, "fuzz.kts", text, len), &f1))
		abort(); /* it compiled, so it parses */
	if (fmt_file(&s, src_add(&s, "fuzz2.kts", f1.s, f1.len), &f2) || strcmp(f1.s, f2.s))
		abort(); /* fmt is not idempotent */
	if (kts_compile_mem("fuzz.kts", f1.s, f1.len, &o, &bc2, &bc2len) || bc2len != bclen ||
	    memcmp(bc, bc2, bclen))
		abort(); /* formatting changed the program */
	free(bc2);
	sb_free(&f1);
	sb_free(&f2);
	src_free(&s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct kts_opts o = { 0 };
	struct bc_prog p;
	char err[256];
	uint8_t *bc;
	size_t len;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (kts_compile_mem("fuzz.kts", (const char *)data, size, &o, &bc, &len))
		return 0;
	if (bc_load(&p, bc, len, err, sizeof(err)))
		abort(); /* the compiler made what the verifier refuses */
	disasm_print(&p, devnull);
	bc_prog_free(&p);
	if (!memchr(data, 0, size))
		check_fmt((const char *)data, size, bc, len);
	free(bc);
	return 0;
}
