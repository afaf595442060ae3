/* The .kts front end's public interface: source in, verified bytecode out. */
#ifndef KTS_KTS_H
#define KTS_KTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct kts_define {
	const char *name;
	const char *value;
};

struct kts_opts {
	const struct kts_define *defs; /* -D name=value */
	int ndefs;
	FILE *diag; /* where errors go; NULL: count them only */
	/* A `topology` line that is no spelling may name a preset: the host's
	 * table (host/gauntlet/preset.c) says; 0 if it does, else -1 with err.
	 * NULL: spellings only. */
	int (*topo_name)(const char *name, char *err, size_t errlen);
	/* work exec's program: can the guest run it? The host looks for it and
	 * its libraries (host/payload/payload_find.c); 0, else -1 with err.
	 * NULL: not checked. */
	int (*program)(const char *prog, char *err, size_t errlen);
};

/* Compile a file (path) or a buffer (name for messages, text). On success
 * returns 0 with a malloc'd bytecode buffer that has passed the verifier;
 * on failure returns the number of errors (all of them reported). */
int kts_compile_file(const char *path, const struct kts_opts *o, uint8_t **out, size_t *len);
int kts_compile_mem(const char *name, const char *text, size_t tlen, const struct kts_opts *o, uint8_t **out,
		    size_t *len);

#endif
