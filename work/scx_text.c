/* Excerpts of a scheduler's output: its exit line, the verifier log with
 * repeats collapsed, and the sched_ext debug dump. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "work/scx.h"

#define VLOG_MAX_LINES 4096
#define VLOG_MAX_BLOCK 16

void scx_exit_line(const char *text, char *out, size_t len)
{
	const char *p = text, *hit = NULL;

	out[0] = '\0';
	/* the last one counts: a restarted scheduler reports once per run */
	for (; (p = strstr(p, "EXIT: ")) != NULL; p++)
		if (p == text || p[-1] == '\n')
			hit = p;
	if (hit)
		snprintf(out, len, "%.*s", (int)strcspn(hit, "\n"), hit);
}

struct lines {
	const char *s[VLOG_MAX_LINES];
	size_t n[VLOG_MAX_LINES];
	unsigned count, dropped;
};

/* Lines of [p, end), keeping the last VLOG_MAX_LINES. */
static void split(struct lines *l, const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (l->count == VLOG_MAX_LINES) {
			memmove(l->s, l->s + 1, sizeof(l->s[0]) * (VLOG_MAX_LINES - 1));
			memmove(l->n, l->n + 1, sizeof(l->n[0]) * (VLOG_MAX_LINES - 1));
			l->count--;
			l->dropped++;
		}
		l->s[l->count] = p;
		l->n[l->count++] = n;
		p += n + 1;
	}
}

static int same(const struct lines *l, unsigned a, unsigned b)
{
	return l->n[a] == l->n[b] && !memcmp(l->s[a], l->s[b], l->n[a]);
}

/* How many times the block of b lines at i occurs back to back. */
static unsigned reps(const struct lines *l, unsigned i, unsigned b)
{
	unsigned r = 1;

	for (;;) {
		unsigned k, at = i + r * b;

		if (at + b > l->count)
			return r;
		for (k = 0; k < b && same(l, i + k, at + k); k++)
			;
		if (k < b)
			return r;
		r++;
	}
}

struct out {
	char *buf;
	size_t len, used;
	const char **line; /* start of each output line, for the tail */
	unsigned nlines, cap;
};

static void emit(struct out *o, const char *s, size_t n)
{
	if (o->used + 2 > o->len)
		return;
	if (o->nlines < o->cap)
		o->line[o->nlines++] = o->buf + o->used;
	if (n > o->len - o->used - 2)
		n = o->len - o->used - 2;
	memcpy(o->buf + o->used, s, n);
	o->used += n;
	o->buf[o->used++] = '\n';
	o->buf[o->used] = '\0';
}

/* Keep the first `first` lines and the last max lines, with a note between. */
static void trim(struct out *o, unsigned first, unsigned max, unsigned dropped)
{
	unsigned skip = o->nlines - max;
	size_t at = first ? (size_t)(o->line[first] - o->buf) : 0;
	char *tail = strdup(o->line[skip]);
	int n;

	if (!tail)
		return;
	n = snprintf(o->buf + at, o->len - at, "... (%u earlier lines left out)\n%s", skip - first + dropped,
		     tail);
	o->used = n < 0 ? at : at + (size_t)n >= o->len ? o->len - 1 : at + (size_t)n;
	free(tail);
}

static void collapse(const struct lines *l, struct out *o)
{
	unsigned i = 0;

	while (i < l->count) {
		unsigned best_b = 1, best_r = 1;
		char note[80];

		for (unsigned b = 1; b <= VLOG_MAX_BLOCK && i + 2 * b <= l->count; b++) {
			unsigned r = reps(l, i, b);

			if (r > 1 && r * b > best_r * best_b) {
				best_b = b;
				best_r = r;
			}
		}
		for (unsigned k = 0; k < best_b; k++)
			emit(o, l->s[i + k], l->n[i + k]);
		if (best_r > 1) {
			int n = snprintf(note, sizeof(note),
					 "... (the %u line%s above repeat%s %u more times)", best_b,
					 best_b > 1 ? "s" : "", best_b > 1 ? "" : "s", best_r - 1);
			emit(o, note, (size_t)n);
		}
		i += best_b * best_r;
	}
}

/* The end of src (len bytes) into out (outlen), from a line start if cut. */
static size_t copy_tail(char *out, size_t outlen, const char *src, size_t len)
{
	const char *p = src;

	if (len >= outlen) {
		p = src + len - (outlen - 1);
		while (*p && p[-1] != '\n')
			p++;
		len = strlen(p);
	}
	memcpy(out, p, len);
	out[len] = '\0';
	return len;
}

size_t scx_verifier_excerpt(const char *text, char *out, size_t len, unsigned max_lines)
{
	static const char begin[] = "-- BEGIN PROG LOAD LOG --", end[] = "-- END PROG LOAD LOG --";
	const char *b = strstr(text, begin), *e, *failed = strstr(text, "BPF program load failed");
	struct lines *l;
	struct out o = { 0 };
	size_t n = 0;

	if (!len)
		return 0;
	out[0] = '\0';
	if (!b)
		return 0;
	b += sizeof(begin) - 1;
	b += *b == '\n';
	e = strstr(b, end);
	if (!e)
		e = b + strlen(b);
	/* work in a buffer of the log's size; out gets the end of the result */
	o.len = (size_t)(e - b) + 2 * (VLOG_MAX_LINES * 64) + 512;
	o.buf = malloc(o.len);
	l = calloc(1, sizeof(*l));
	o.cap = 2 * VLOG_MAX_LINES + 2; /* lines and repeat notes */
	o.line = calloc(o.cap, sizeof(*o.line));
	if (l && o.buf && o.line) {
		o.buf[0] = '\0';
		if (failed) {
			while (failed > text && failed[-1] != '\n')
				failed--;
			emit(&o, failed, strcspn(failed, "\n"));
		}
		split(l, b, e);
		collapse(l, &o);
		/* the reason is at the end: keep the load-failed line and the last max_lines */
		if (max_lines && o.nlines > max_lines + (failed ? 1 : 0))
			trim(&o, failed ? 1 : 0, max_lines, l->dropped);
		n = len < 16 ? 0 : copy_tail(out, len, o.buf, o.used);
	}
	free(l);
	free(o.buf);
	free(o.line);
	return n;
}

size_t scx_dump_excerpt(const char *text, char *out, size_t len)
{
	static const char uei[] = "\nDEBUG DUMP\n", ev[] = "sched_ext_dump: ";
	const char *p = strstr(text, uei), *end;
	size_t used = 0;

	if (!len)
		return 0;
	out[0] = '\0';
	if (p) {
		p += sizeof(uei) - 1;
		p += strspn(p, "=\n");
		end = strstr(p, "\n====");
		if (!end)
			end = p + strlen(p);
		used = (size_t)(end - p) < len ? (size_t)(end - p) : len - 1;
		memcpy(out, p, used);
		out[used] = '\0';
		return used;
	}
	/* trace: "  comm-12  [000] ..... 1.23: sched_ext_dump: <line>" */
	for (p = text; (p = strstr(p, ev)) != NULL;) {
		size_t n;

		p += sizeof(ev) - 1;
		n = strcspn(p, "\n");
		if (used + n + 2 > len)
			break;
		memcpy(out + used, p, n);
		used += n;
		out[used++] = '\n';
		out[used] = '\0';
		p += n;
	}
	return used;
}
