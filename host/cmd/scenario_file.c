#include "host/cmd/scenario_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/util/log.h"
#include "interp/bc.h"

#define SCENARIO_FILE_MAX (64u << 20) /* far above what the compiler writes */

int scenario_file_is_bytecode(const char *path)
{
	FILE *f = fopen(path, "rb");
	char magic[4];
	int yes;

	if (!f)
		return 0;
	yes = fread(magic, 1, 4, f) == 4 && !memcmp(magic, BC_MAGIC, 4);
	fclose(f);
	return yes;
}

/* The whole of a regular file no larger than the verifier takes. */
static int read_bytecode(const char *path, uint8_t **buf, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;

	*buf = NULL;
	if (!f || fstat(fileno(f), &st) || !S_ISREG(st.st_mode) || st.st_size > SCENARIO_FILE_MAX) {
		log_err("cannot read %s: %s", path,
			f ? "not a regular file of at most 64 MiB" : strerror(errno));
		if (f)
			fclose(f);
		return -1;
	}
	*len = (size_t)st.st_size;
	*buf = malloc(*len ? *len : 1);
	if (!*buf || fread(*buf, 1, *len, f) != *len) {
		log_err("cannot read %s: %s", path, *buf ? "short read" : "out of memory");
		free(*buf);
		*buf = NULL;
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

int scenario_file_load(const char *path, const struct kts_opts *o, uint8_t **bc, size_t *len)
{
	struct bc_prog p;
	char err[256];

	if (!scenario_file_is_bytecode(path))
		return kts_compile_file(path, o, bc, len);
	if (o->ndefs) {
		log_err("%s is compiled: -D cannot change it; compile the source again with -D", path);
		return 1;
	}
	if (read_bytecode(path, bc, len))
		return 1;
	if (bc_load(&p, *bc, *len, err, sizeof(err))) {
		log_err("%s: %s; compile it again with 'ktsrun compile'", path, err);
		free(*bc);
		*bc = NULL;
		return 1;
	}
	bc_prog_free(&p);
	return 0;
}
