#include "lib/cpuset.h"

#include <stdarg.h>
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

__attribute__((format(printf, 3, 4))) static int why(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	if (err && len) {
		va_start(ap, fmt);
		vsnprintf(err, len, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* One number of the list, at most max; the value saturates so a long run
 * of digits cannot overflow. */
static int parse_num(const char *text, const char **p, unsigned max, unsigned *out, char *err, size_t len)
{
	unsigned long v = 0;

	if (**p < '0' || **p > '9')
		return why(err, len, "expected a number at character %u", (unsigned)(*p - text) + 1);
	for (; **p >= '0' && **p <= '9'; (*p)++)
		if ((v = v * 10 + (unsigned long)(**p - '0')) > 0xffffffffUL)
			v = 0xffffffffUL;
	if (v > max)
		return why(err, len, "%u is past %u, the largest allowed", (unsigned)v, max);
	*out = (unsigned)v;
	return 0;
}

int cpuset_check(struct cpuset *s, const char *text, unsigned max, char *err, size_t len)
{
	const char *p = text;

	if (max >= CPUSET_MAX)
		max = CPUSET_MAX - 1;
	cpuset_zero(s);
	if (*p == '\n' || *p == '\0')
		return (*p == '\0' || p[1] == '\0') ? 0 : why(err, len, "text after the end");
	for (;;) {
		unsigned lo, hi;

		if (parse_num(text, &p, max, &lo, err, len))
			return -1;
		hi = lo;
		if (*p == '-') {
			p++;
			if (parse_num(text, &p, max, &hi, err, len))
				return -1;
			if (hi < lo)
				return why(err, len, "range %u-%u goes down; write the smaller number first",
					   lo, hi);
		}
		for (unsigned c = lo; c <= hi; c++)
			cpuset_add(s, c);
		if (*p == ',') {
			p++;
			continue;
		}
		if (*p == '\n')
			p++;
		if (*p > ' ' && *p < 0x7f)
			return why(err, len, "unexpected '%c' at character %u", *p, (unsigned)(p - text) + 1);
		return *p ? why(err, len, "unexpected byte at character %u", (unsigned)(p - text) + 1) : 0;
	}
}

int cpuset_parse(struct cpuset *s, const char *p)
{
	return cpuset_check(s, p, CPUSET_MAX - 1, NULL, 0);
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
