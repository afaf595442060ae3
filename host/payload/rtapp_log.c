#include "host/payload/rtapp_log.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/log.h"

/* A row's numbers; the count read, or -1 on a field that is no number. */
static int fields(const char *l, const char *eol, int64_t *v)
{
	int n = 0;

	while (l < eol) {
		char *end;
		unsigned long long u;

		while (l < eol && (*l == ' ' || *l == '\t' || *l == '\r'))
			l++;
		if (l == eol)
			break;
		if (n == RTAPP_LOG_COLS)
			return n + 1;
		errno = 0;
		if (*l == '-') {
			long long s = strtoll(l, &end, 10);

			v[n] = s;
		} else {
			u = strtoull(l, &end, 10);
			v[n] = (int64_t)u; /* rt-app's %lu of a negative value */
		}
		if (end == l || errno || end > eol ||
		    (end < eol && *end != ' ' && *end != '\t' && *end != '\r'))
			return -1;
		n++, l = end;
	}
	return n;
}

int rtapp_log_parse(const char *name, const char *text, struct rtapp_log *l, char *err, size_t errlen)
{
	size_t cap = 0;
	unsigned line = 0;

	l->row = NULL, l->n = 0;
	for (const char *p = text; *p;) {
		const char *eol = strchr(p, '\n') ? strchr(p, '\n') : p + strlen(p);
		int64_t v[RTAPP_LOG_COLS];
		int n;

		line++;
		if (*p == '#' || eol == p + strspn(p, " \t\r")) {
			p = *eol ? eol + 1 : eol;
			continue;
		}
		if ((n = fields(p, eol, v)) != RTAPP_LOG_COLS) {
			rtapp_log_free(l);
			return errf(err, errlen,
				    "rt-app log %s line %u: %s (a row is idx perf run period start end "
				    "rel_st slack "
				    "c_duration c_period wu_lat)",
				    name, line, n < 0 ? "a field is no number" : "not 11 numbers");
		}
		if (l->n == cap) {
			struct rtapp_row *r = realloc(l->row, (cap = cap ? cap * 2 : 256) * sizeof(*r));

			if (!r) {
				rtapp_log_free(l);
				return errf(err, errlen, "out of memory");
			}
			l->row = r;
		}
		l->row[l->n++] = (struct rtapp_row){ v[0], v[1], v[2], v[3], v[4], v[5],
						     v[6], v[7], v[8], v[9], v[10] };
		p = *eol ? eol + 1 : eol;
	}
	return 0;
}

void rtapp_log_free(struct rtapp_log *l)
{
	free(l->row);
	l->row = NULL, l->n = 0;
}
