#include "host/sched/sched_explain.h"

#include <string.h>

#include "lib/scx_kind.h"

/* The last n lines of text under a title, each line indented. */
static void tail(FILE *out, const char *ind, const char *title, const char *text, size_t len, unsigned n)
{
	const char *p, *start = text;
	unsigned lines = 0;

	if (!text || !len)
		return; /* NULL + 0 is undefined: no arithmetic before this */
	for (p = text + len; p > text; p--)
		if (p[-1] == '\n' && p != text + len && ++lines >= n) {
			start = p;
			break;
		}
	fprintf(out, "%s--- %s%s ---\n", ind, title, start != text ? " (last lines)" : "");
	while (start < text + len) {
		size_t l = strcspn(start, "\n");

		fprintf(out, "%s%.*s\n", ind, (int)l, start);
		start += l + (start[l] == '\n');
	}
}

void sched_explain_print(FILE *out, const char *ind, const struct sched_rec *s, const char *console,
			 size_t console_len)
{
	const struct sched_rec_log *l = s->log;

	if (s->msg[0])
		fprintf(out, "%smessage: %s\n", ind, s->msg);
	if (s->task[0])
		fprintf(out, "%sstalled task: %s\n", ind, s->task);
	tail(out, ind, "verifier log", l[SR_VERIFIER].text, l[SR_VERIFIER].len, 60);
	tail(out, ind, "scheduler stderr", l[SR_STDERR].text, l[SR_STDERR].len, 30);
	tail(out, ind, "scheduler stdout", l[SR_STDOUT].text, l[SR_STDOUT].len, 5);
	tail(out, ind, "sched_ext dump", l[SR_DUMP].text, l[SR_DUMP].len, 30);
	tail(out, ind, "kernel log since the start", l[SR_KMSG].text, l[SR_KMSG].len, 20);
	tail(out, ind, "guest console", console, console_len, 10);
}

static bool has(const char *text, const char *pat)
{
	return text && strstr(text, pat);
}

bool sched_explain_matches(const struct sched_rec *s, int kind, const char *pat)
{
	if (!s->result || s->kind == SCX_PASS || (kind != SCX_PASS && s->kind != kind))
		return false;
	return !*pat || has(s->why, pat) || has(s->msg, pat) || has(s->reason, pat) ||
	       has(s->log[SR_VERIFIER].text, pat) || has(s->log[SR_STDERR].text, pat);
}
