/* Metrics from a payload's output: one extractor per tool the project
 * knows (lib/payload.h lists what each gives, with units), and the
 * scenario's own `metric NAME = regex "..."` lines for any program. Values
 * are in the bytecode's units: durations in ns. */
#ifndef KTS_HOST_PAYLOAD_PAYLOAD_METRIC_H
#define KTS_HOST_PAYLOAD_PAYLOAD_METRIC_H

#include <stddef.h>

#define PAYLOAD_MAX_VALS 32

struct payload_val {
	char name[64];
	double v;
	char unit; /* 'd' ns, 'n' plain */
};

struct payload_vals {
	unsigned n;
	struct payload_val v[PAYLOAD_MAX_VALS];
};

/* A metric the scenario defines: group 1 of the POSIX extended regex, at
 * its last match in the output, is the value. */
struct payload_user_metric {
	const char *name, *regex;
};

/* Fill out from text, the output of prog (a name or path). 0, or -1 with
 * err saying why (an unusable regex). out->n == 0: nothing was found. */
int payload_metric_extract(const char *prog, const char *text, const struct payload_user_metric *user,
			   unsigned nuser, struct payload_vals *out, char *err, size_t errlen);
/* Add a value (its unit from lib/payload.h); NaN or a full set is dropped. */
void payload_metric_put(struct payload_vals *o, const char *name, double v);
/* A value by name, or NULL. */
const struct payload_val *payload_metric_get(const struct payload_vals *vals, const char *name);

#endif
