/* CPU sets and the kernel's cpulist text form ("0-3,8,10-11"). */
#ifndef KTS_LIB_CPUSET_H
#define KTS_LIB_CPUSET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define CPUSET_MAX 256

struct cpuset {
	uint64_t w[CPUSET_MAX / 64];
};

void cpuset_zero(struct cpuset *s);
void cpuset_add(struct cpuset *s, unsigned cpu);
bool cpuset_has(const struct cpuset *s, unsigned cpu);
bool cpuset_equal(const struct cpuset *a, const struct cpuset *b);
unsigned cpuset_count(const struct cpuset *s);
/* Parse a cpulist; trailing newline allowed. 0 or -1 (malformed, out of range). */
int cpuset_parse(struct cpuset *s, const char *text);
/* The same with a bound: every number at most max (below CPUSET_MAX),
 * ranges going up; -1 with the reason in err (may be NULL). */
int cpuset_check(struct cpuset *s, const char *text, unsigned max, char *err, size_t len);
/* Format as a cpulist into buf; returns buf ("" for the empty set). */
char *cpuset_format(const struct cpuset *s, char *buf, size_t len);

#endif
