/* libFuzzer target: the verifier alone, on arbitrary bytes. Whatever it
 * accepts must disassemble without reading out of bounds. Header checks
 * would stop almost every input at the checksum, so a leading byte 'R'
 * asks the target to fix the length fields and the CRC first: then the
 * fuzzer reaches the pool and code walks. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "interp/disasm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static FILE *devnull;

static void put32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bc_prog p;
	char err[256];
	uint8_t *buf;

	if (!devnull)
		devnull = fopen("/dev/null", "w");
	if (size < 1)
		return 0;
	buf = malloc(size);
	memcpy(buf, data, size);
	if (buf[0] == 'R' && size > BC_HDR_LEN + 1) {
		/* keep the pool length, give the rest to code */
		uint8_t *b = buf + 1;
		size_t n = size - 1;
		uint32_t pool = bc_get32(b + 36);

		if (pool > n - BC_HDR_LEN)
			pool = (uint32_t)(n - BC_HDR_LEN);
		put32(b + 36, pool);
		put32(b + 40, (uint32_t)(n - BC_HDR_LEN - pool));
		put32(b + 44, bc_crc32(b + BC_HDR_LEN, n - BC_HDR_LEN));
		if (!bc_load(&p, b, n, err, sizeof(err))) {
			disasm_print(&p, devnull);
			bc_prog_free(&p);
		}
	} else if (!bc_load(&p, buf, size, err, sizeof(err))) {
		disasm_print(&p, devnull);
		bc_prog_free(&p);
	}
	free(buf);
	return 0;
}
