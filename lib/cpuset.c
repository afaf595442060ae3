#include "lib/cpuset.h"

#include <stdio.h>
#include <string.h>

void cpuset_zero(struct cpuset *s)
{
	memset(s, 0, sizeof(*s));
}

void cpuset_add(struct cpuset *s, unsigned cpu)
{
	if (cpu < CPUSET_MAX)
		s->w[cpu / 64] |= 1ull << (cpu % 64);
}

bool cpuset_has(const struct cpuset *s, unsigned cpu)
{
	return cpu < CPUSET_MAX && (s->w[cpu / 64] >> (cpu % 64) & 1);
}

bool cpuset_equal(const struct cpuset *a, const struct cpuset *b)
{
	return !memcmp(a, b, sizeof(*a));
}

unsigned cpuset_count(const struct cpuset *s)
{
	unsigned n = 0;

	for (size_t i = 0; i < CPUSET_MAX / 64; i++)
		n += (unsigned)__builtin_popcountll(s->w[i]);
	return n;
}

static int parse_num(const char **p, unsigned *out)
{
	unsigned v = 0;

	if (**p < '0' || **p > '9')
		return -1;
	while (**p >= '0' && **p <= '9') {
		v = v * 10 + (unsigned)(**p - '0');
		if (v >= CPUSET_MAX)
			return -1;
		(*p)++;
	}
	*out = v;
	return 0;
}

int cpuset_parse(struct cpuset *s, const char *p)
{
	cpuset_zero(s);
	if (*p == '\n' || *p == '\0')
		return (*p == '\0' || p[1] == '\0') ? 0 : -1;
	for (;;) {
		unsigned lo, hi;

		if (parse_num(&p, &lo))
			return -1;
		hi = lo;
		if (*p == '-') {
			p++;
			if (parse_num(&p, &hi) || hi < lo)
				return -1;
		}
		for (unsigned c = lo; c <= hi; c++)
			cpuset_add(s, c);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\n')
			p++;
		return *p ? -1 : 0;
	}
}

char *cpuset_format(const struct cpuset *s, char *buf, size_t len)
{
	size_t off = 0;
	unsigned c = 0;

	if (len)
		buf[0] = '\0';
	while (c < CPUSET_MAX) {
		unsigned lo;
		int n;

		if (!cpuset_has(s, c)) {
			c++;
			continue;
		}
		lo = c;
		while (c + 1 < CPUSET_MAX && cpuset_has(s, c + 1))
			c++;
		if (lo == c)
			n = snprintf(buf + off, len - off, "%s%u", off ? "," : "", lo);
		else
			n = snprintf(buf + off, len - off, "%s%u-%u", off ? "," : "", lo, c);
		if (n < 0 || (size_t)n >= len - off)
			break;
		off += (size_t)n;
		c++;
	}
	return buf;
}
