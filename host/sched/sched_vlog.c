/* Verifier logs (host/sched/sched_vlog.h). */
#include "host/sched/sched_vlog.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/kv.h"

#define VLOG_MAX_LINES 100000 /* the last ones: the reason is at the end */
#define VLOG_MAX_BLOCK 64     /* lines in one loop iteration */
#define VLOG_MAX_PASS  8      /* nesting depth found */

static const char hook_tag[] = "ktsrun-verifier: ";

static int take_long(const struct kv *kv, const char *key, long *out)
{
	const char *v = kv_get(kv, key);
	char *end;

	*out = -1;
	if (!v)
		return -1;
	*out = strtol(v, &end, 10);
	return *end || end == v ? (*out = -1) : 0;
}

/* "prog=N type=T verified_insns=N ..." as key=value lines for kv. */
static int parse_prog(const char *line, size_t n, struct sched_vlog_prog *p)
{
	static struct kv kv;
	char buf[512];
	const char *why, *name, *type;

	if (n + 1 >= sizeof(buf))
		return -1;
	for (size_t i = 0; i < n; i++)
		buf[i] = line[i] == ' ' ? '\n' : line[i];
	buf[n] = '\n';
	buf[n + 1] = '\0';
	if (kv_parse(&kv, buf, n + 1, &why) || !(name = kv_get(&kv, "prog")) ||
	    !(type = kv_get(&kv, "type")) || !name[0] || strlen(name) >= sizeof(p->name) ||
	    strlen(type) >= sizeof(p->type))
		return -1;
	snprintf(p->name, sizeof(p->name), "%s", name);
	snprintf(p->type, sizeof(p->type), "%s", type);
	take_long(&kv, "verified_insns", &p->verified_insns);
	take_long(&kv, "processed", &p->processed);
	take_long(&kv, "states", &p->states);
	take_long(&kv, "peak_states", &p->peak_states);
	return 0;
}

unsigned sched_vlog_stats_parse(const char *text, struct sched_vlog_stats *s)
{
	const char *p = text;

	memset(s, 0, sizeof(*s));
	while (*p) {
		size_t n = strcspn(p, "\n");

		if (n > sizeof(hook_tag) - 1 && !memcmp(p, hook_tag, sizeof(hook_tag) - 1)) {
			const char *rest = p + sizeof(hook_tag) - 1;
			size_t rn = n - (sizeof(hook_tag) - 1);

			if (rn == 4 && !memcmp(rest, "done", 4))
				s->done = 1;
			else if (rn > 9 && !memcmp(rest, "load fail", 9))
				s->reloaded = 1;
			else if (s->n < SCHED_VLOG_MAX_PROGS && !parse_prog(rest, rn, &s->prog[s->n]))
				s->n++;
		}
		p += n + (p[n] == '\n');
	}
	return s->n;
}

size_t sched_vlog_find(const char *text, const char **log)
{
	static const char begin[] = "-- BEGIN PROG LOAD LOG --", end[] = "-- END PROG LOAD LOG --";
	static const char fail[] = "BPF program load failed";
	const char *b = strstr(text, begin), *e, *failed = b, *f;

	*log = NULL;
	if (!b)
		return 0;
	e = strstr(b, end);
	e = e ? e : b + strlen(b);
	/* the nearest before the log: a loader may have failed once already */
	for (f = text; (f = strstr(f, fail)) && f < b; f++)
		failed = f;
	while (failed > text && failed[-1] != '\n')
		failed--;
	*log = failed;
	return (size_t)(e - failed);
}

/* A plain line (count 0) or count back-to-back iterations of kids. */
struct item {
	unsigned line, count, nkids;
	uint64_t hash;
	struct item *kids;
};

struct text {
	const char **s;
	size_t *n, *key;
	unsigned count;
};

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* The part of a line that says which instruction it is about. */
static size_t key_len(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && is_digit(s[i]))
		i++;
	if (i && i < n && s[i] == ':') {
		size_t j = i + 1, k;

		while (j < n && s[j] == ' ')
			j++;
		if (j == n || s[j] != '(')
			return i + 1; /* "12: R1=..." a state at insn 12 */
		for (k = j; k < n && s[k] != ';'; k++)
			;
		while (k > j && s[k - 1] == ' ')
			k--;
		return k;
	}
	if (n > 5 && !memcmp(s, "from ", 5)) {
		const char *c = memchr(s, ':', n);

		return c ? (size_t)(c - s) + 1 : n;
	}
	return n;
}

static uint64_t mix(uint64_t h, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h;
}

static int item_eq(const struct text *t, const struct item *a, const struct item *b)
{
	if (a->hash != b->hash || a->count != b->count || a->nkids != b->nkids)
		return 0;
	if (!a->count)
		return t->key[a->line] == t->key[b->line] &&
		       !memcmp(t->s[a->line], t->s[b->line], t->key[a->line]);
	for (unsigned i = 0; i < a->nkids; i++)
		if (!item_eq(t, &a->kids[i], &b->kids[i]))
			return 0;
	return 1;
}

static int seq_eq(const struct text *t, const struct item *a, const struct item *b, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (!item_eq(t, &a[i], &b[i]))
			return 0;
	return 1;
}

static void item_free(struct item *it)
{
	for (unsigned i = 0; i < it->nkids; i++)
		item_free(&it->kids[i]);
	free(it->kids);
	it->kids = NULL;
	it->nkids = 0;
}

/* Replace every back-to-back repeat of b items by one group. 1 if any. */
static int fold(const struct text *t, struct item *it, unsigned *n, unsigned b)
{
	unsigned i = 0, o = 0;
	int changed = 0;

	while (i < *n) {
		unsigned r = 1;

		while (i + (r + 1) * b <= *n && seq_eq(t, &it[i], &it[i + r * b], b))
			r++;
		if (r < 2) {
			it[o++] = it[i++];
			continue;
		}
		struct item g = { .count = r, .nkids = b, .kids = malloc(b * sizeof(struct item)) };

		if (!g.kids) {
			it[o++] = it[i++];
			continue;
		}
		/* the last iteration is shown: it is the one nearest the reason */
		memcpy(g.kids, &it[i + (r - 1) * b], b * sizeof(struct item));
		g.hash = mix(14695981039346656037ULL, &r, sizeof(r));
		for (unsigned k = 0; k < b; k++)
			g.hash = mix(g.hash, &g.kids[k].hash, sizeof(g.kids[k].hash));
		for (unsigned k = 0; k < (r - 1) * b; k++)
			item_free(&it[i + k]);
		it[o++] = g;
		i += r * b;
		changed = 1;
	}
	*n = o;
	return changed;
}

struct out {
	char *buf;
	size_t len, used;
	int full;
};

static void put(struct out *o, unsigned indent, const char *s, size_t n)
{
	if (o->full || o->used + indent + n + 2 > o->len) {
		o->full = 1;
		return;
	}
	memset(o->buf + o->used, ' ', indent);
	memcpy(o->buf + o->used + indent, s, n);
	o->used += indent + n;
	o->buf[o->used++] = '\n';
	o->buf[o->used] = '\0';
}

static unsigned shown(const struct item *it)
{
	unsigned n = 1;

	for (unsigned i = 0; i < it->nkids; i++)
		n += shown(&it->kids[i]);
	return n;
}

static void emit(struct out *o, const struct text *t, const struct item *it, unsigned indent)
{
	char head[80];
	int n;

	if (!it->count) {
		put(o, indent, t->s[it->line], t->n[it->line]);
		return;
	}
	n = snprintf(head, sizeof(head), "%u x the following %u line%s:", it->count, shown(it) - 1,
		     shown(it) == 2 ? "" : "s");
	put(o, indent, head, (size_t)n);
	for (unsigned i = 0; i < it->nkids; i++)
		emit(o, t, &it->kids[i], indent + 2);
}

static unsigned count_lines(const char *log, size_t n)
{
	unsigned total = 0;
	const char *end = log + n;

	for (const char *q = log; q < end; total++) {
		const char *nl = memchr(q, '\n', (size_t)(end - q));

		q = nl ? nl + 1 : end;
	}
	return total;
}

/* Lines of log (total of them), the last VLOG_MAX_LINES; returns how many were dropped. */
static unsigned split(struct text *t, const char *log, size_t n, unsigned total)
{
	unsigned skip = total > VLOG_MAX_LINES ? total - VLOG_MAX_LINES : 0;
	const char *p = log, *end = log + n;

	for (unsigned i = 0; p < end; i++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl - p) : (size_t)(end - p);

		if (i >= skip) {
			t->s[t->count] = p;
			t->n[t->count] = len;
			t->key[t->count] = key_len(p, len);
			t->count++;
		}
		p += len + 1;
	}
	return skip;
}

size_t sched_vlog_collapse(const char *log, size_t n, char *out, size_t len)
{
	struct text t = { 0 };
	struct item *it = NULL;
	struct out o = { .buf = out, .len = len };
	unsigned count, dropped, lines;

	if (!len)
		return 0;
	out[0] = '\0';
	n = strnlen(log, n); /* text: a NUL ends it */
	lines = count_lines(log, n);
	count = lines < VLOG_MAX_LINES ? lines + 1 : VLOG_MAX_LINES;
	t.s = malloc(count * sizeof(*t.s));
	t.n = malloc(count * sizeof(*t.n));
	t.key = malloc(count * sizeof(*t.key));
	if (!t.s || !t.n || !t.key)
		goto out;
	dropped = split(&t, log, n, lines);
	if (!(it = calloc(t.count + 1, sizeof(*it))))
		goto out;
	for (unsigned i = 0; i < t.count; i++) {
		it[i].line = i;
		it[i].hash = mix(14695981039346656037ULL, t.s[i], t.key[i]);
	}
	count = t.count;
	/* inner loops first: an outer iteration compares equal once its inner loop is one group */
	for (unsigned pass = 0, changed = 1; changed && pass < VLOG_MAX_PASS; pass++) {
		changed = 0;
		for (unsigned b = 1; b <= VLOG_MAX_BLOCK && 2 * b <= count; b++)
			changed |= (unsigned)fold(&t, it, &count, b);
	}
	if (dropped) {
		char note[64];
		int k = snprintf(note, sizeof(note), "... (%u earlier lines left out)", dropped);

		put(&o, 0, note, (size_t)k);
	}
	for (unsigned i = 0; i < count; i++)
		emit(&o, &t, &it[i], 0);
	for (unsigned i = 0; i < count; i++)
		item_free(&it[i]);
out:
	free(it);
	free(t.s);
	free(t.n);
	free(t.key);
	return o.used;
}
