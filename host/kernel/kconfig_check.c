#include "host/kernel/kconfig_check.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* One option setting; name and value point into a private copy of the text. */
struct kopt {
	const char *name;
	const char *val; /* raw value ("y", "\"str\"", "n" for not set) */
	int line;
};

struct kopts {
	struct kopt *v;
	size_t n, cap;
	char *text;
};

enum { LINE_SKIP, LINE_OPT, LINE_BAD };

static bool name_ok(const char *s, size_t len)
{
	if (len == 0)
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
			return false;
	}
	return true;
}

/* A string value must be one quoted token: "..." with \-escapes inside. */
static bool string_ok(const char *v)
{
	size_t i = 1;

	for (; v[i] && v[i] != '"'; i++)
		if (v[i] == '\\' && v[i + 1])
			i++;
	return v[i] == '"' && v[i + 1] == '\0';
}

/* Classify one NUL-terminated line (CR and trailing blanks already cut). */
static int parse_line(char *s, struct kopt *o)
{
	static const char notset[] = " is not set";
	size_t len = strlen(s);

	while (*s == ' ' || *s == '\t')
		s++, len--;
	if (len == 0)
		return LINE_SKIP;
	if (!strncmp(s, "# CONFIG_", 9)) {
		size_t nl = strlen(notset);
		if (len > nl && !strcmp(s + len - nl, notset) && name_ok(s + 9, len - nl - 9)) {
			s[len - nl] = '\0';
			o->name = s + 2;
			o->val = "n";
			return LINE_OPT;
		}
		return LINE_SKIP; /* a comment that merely starts alike */
	}
	if (s[0] == '#')
		return LINE_SKIP;
	if (strncmp(s, "CONFIG_", 7))
		return LINE_BAD;
	char *eq = strchr(s, '=');
	if (!eq || !name_ok(s + 7, (size_t)(eq - s - 7)) || !eq[1])
		return LINE_BAD;
	if (eq[1] == '"' && !string_ok(eq + 1))
		return LINE_BAD;
	*eq = '\0';
	o->name = s;
	o->val = eq + 1;
	return LINE_OPT;
}

static int push(struct kopts *k, const struct kopt *o)
{
	if (k->n == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		struct kopt *v = realloc(k->v, cap * sizeof(*v));
		if (!v)
			return -1;
		k->v = v;
		k->cap = cap;
	}
	k->v[k->n++] = *o;
	return 0;
}

/*
 * Split text into options. With strict set, a malformed line is an error
 * (its number goes to *badline); otherwise it is skipped.
 */
static int parse_all(struct kopts *k, const char *text, size_t len, bool strict, int *badline)
{
	char *p, *end;
	int line = 0;

	k->text = malloc(len + 1);
	if (!k->text)
		return -1;
	memcpy(k->text, text, len);
	k->text[len] = '\0';
	p = k->text;
	end = k->text + len;
	while (p < end) {
		char *nl = memchr(p, '\n', (size_t)(end - p));
		char *next = nl ? nl + 1 : end;
		char *e = nl ? nl : end;
		struct kopt o = { 0 };

		line++;
		while (e > p && (e[-1] == '\r' || e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = '\0';
		if (memchr(p, '\0', (size_t)(e - p)) != NULL) {
			/* an embedded NUL: never a valid line */
			if (strict) {
				*badline = line;
				return -2;
			}
			p = next;
			continue;
		}
		switch (parse_line(p, &o)) {
		case LINE_OPT:
			o.line = line;
			if (push(k, &o))
				return -1;
			break;
		case LINE_BAD:
			if (strict) {
				*badline = line;
				return -2;
			}
			break;
		}
		p = next;
	}
	return 0;
}

static void kopts_free(struct kopts *k)
{
	free(k->v);
	free(k->text);
}

/* Last setting of name (kconfig lets a later line override an earlier one). */
static const struct kopt *find_last(const struct kopts *k, const char *name)
{
	for (size_t i = k->n; i-- > 0;)
		if (!strcmp(k->v[i].name, name))
			return &k->v[i];
	return NULL;
}

/* Next character of a value, undoing kconfig's string escapes; 0 at the end. */
static char next_char(const char **p, bool quoted)
{
	const char *s = *p;

	if (!*s || (quoted && *s == '"'))
		return 0;
	if (quoted && *s == '\\' && s[1])
		s++;
	*p = s + 1;
	return *s;
}

/* Strings compare by content after unescaping; other values literally. */
static bool same_value(const char *a, const char *b)
{
	bool qa = a[0] == '"', qb = b[0] == '"';
	char ca, cb;

	if (qa != qb)
		return false;
	a += qa;
	b += qb;
	do {
		ca = next_char(&a, qa);
		cb = next_char(&b, qb);
		if (ca != cb)
			return false;
	} while (ca);
	return true;
}

struct msgbuf {
	char *s;
	size_t len, used;
	bool full;
};

__attribute__((format(printf, 2, 3))) static void msg_add(struct msgbuf *m, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (m->full || m->len == 0)
		return;
	va_start(ap, fmt);
	n = vsnprintf(m->s + m->used, m->len - m->used, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= m->len - m->used) {
		/* out of room: end with "..." so the cut is visible */
		m->full = true;
		if (m->len >= 4)
			strcpy(m->s + m->len - 4, "...");
		return;
	}
	m->used += (size_t)n;
}

/* Fragment duplicates with different values are a mistake in the fragment. */
static int check_dups(const struct kopts *f, struct msgbuf *m)
{
	for (size_t i = 0; i < f->n; i++) {
		const struct kopt *last = find_last(f, f->v[i].name);
		if (last != &f->v[i] && !same_value(last->val, f->v[i].val)) {
			msg_add(m, "fragment sets %s twice with different values (lines %d and %d)",
				f->v[i].name, f->v[i].line, last->line);
			return -1;
		}
	}
	return 0;
}

int kconfig_check(const char *frag, size_t flen, const char *cfg, size_t clen, char *msg, size_t msglen)
{
	struct kopts f = { 0 }, c = { 0 };
	struct msgbuf m = { msg, msglen, 0, false };
	int bad = 0, rc, missing = 0;

	if (msglen)
		msg[0] = '\0';
	rc = parse_all(&f, frag, flen, true, &bad);
	if (rc == 0)
		rc = parse_all(&c, cfg, clen, false, &bad);
	if (rc == -2) {
		msg_add(&m, "fragment line %d: expected CONFIG_NAME=VALUE or '# CONFIG_NAME is not set'",
			bad);
		rc = -1;
		goto out;
	}
	if (rc < 0) {
		msg_add(&m, "out of memory");
		goto out;
	}
	rc = check_dups(&f, &m);
	if (rc < 0)
		goto out;
	for (size_t i = 0; i < f.n; i++) {
		const struct kopt *want = &f.v[i], *got;

		if (find_last(&f, want->name) != want)
			continue; /* a later line of the fragment decides */
		got = find_last(&c, want->name);
		if (got ? same_value(want->val, got->val) : !strcmp(want->val, "n"))
			continue;
		msg_add(&m, "%s%s=%s (got: %s)", missing ? "; " : "", want->name, want->val,
			!got			 ? "absent"
			: !strcmp(got->val, "n") ? "not set"
						 : got->val);
		missing++;
	}
	rc = missing;
out:
	kopts_free(&f);
	kopts_free(&c);
	return rc;
}
