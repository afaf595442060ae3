/* A recording fake of the interpreter's runtime: every call appends one
 * line to a log, the clock is virtual (sleep_until jumps), and any op can
 * be made to fail, so interpreter tests assert exact call sequences. */
#ifndef KTS_FAKE_RT_H
#define KTS_FAKE_RT_H

#include <stddef.h>
#include <stdint.h>

#include "interp/interp.h"

struct fake_rt {
	char log[16384];
	size_t used;
	uint64_t now;
	const char *fail_on; /* name of the op to fail, or NULL */
	unsigned calls;
};

extern const struct interp_rt_ops fake_rt_ops;
/* The 1n2l2c1t machine: 4 CPUs, LLCs 0-1 and 2-3. With smt, 1n2l2c2t. */
void fake_topo(struct interp_topo *t, int smt);
/* Compile src, load it and run it against a fresh fake; returns the status,
 * with the log in f and the reason in why. */
enum interp_status fake_run(const char *src, struct fake_rt *f, char *why, size_t len);

#endif
