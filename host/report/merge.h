/* ktsrun report merge: the shards of one gauntlet into one result. Refused
 * when the inputs are not shards of the same gauntlet: another ktsrun
 * version, another scenario set or variant count, another budget choice
 * (left_out), or a variant in two inputs. */
#ifndef KTS_HOST_REPORT_MERGE_H
#define KTS_HOST_REPORT_MERGE_H

#include <stddef.h>

struct json_object;

/* Merge n parsed results (not consumed); *out is a new object with the
 * results sorted by variant name and the worst verdict. 0, or -1 with a
 * one-line reason in err naming the input (names[i]). */
int merge_json(struct json_object *const *in, const char *const *names, size_t n, struct json_object **out,
	       char *err, size_t errlen);
/* Shards (of "shard": "K/N") missing from the inputs, e.g. "2/3", into buf;
 * "" when all are there. */
void merge_missing(struct json_object *merged_from, char *buf, size_t len);

#endif
