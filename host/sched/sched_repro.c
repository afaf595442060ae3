/* Auto-repro's names, output and JSON (host/sched/sched_repro.h). */
#include "host/sched/sched_repro.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/scx_kind.h"

bool sched_repro_wanted(int kind, bool stalls)
{
	return kind == SCX_ERROR || kind == SCX_OTHER || (stalls && kind == SCX_STALL);
}

/* The entry code and syscall glue below every stack teach nothing. */
static bool boring(const char *n, size_t len)
{
	static const char *const pre[] = { "asm_",
					   "entry_",
					   "ret_from_",
					   "__x64_sys_",
					   "do_syscall",
					   "x64_sys",
					   "bpf__sched_ext_ops_",
					   "__bpf_prog_enter",
					   "__bpf_prog_exit",
					   NULL };

	for (size_t i = 0; pre[i]; i++)
		if (len >= strlen(pre[i]) && !strncmp(n, pre[i], strlen(pre[i])))
			return true;
	return false;
}

static bool has(const char *list, const char *n, size_t len)
{
	for (const char *p = list; *p;) {
		size_t w = strcspn(p, " ");

		if (w == len && !strncmp(p, n, len))
			return true;
		p += w + (p[w] == ' ');
	}
	return false;
}

/* "  name+0x1c/0x40" or "... bpf_prog_0123456789abcdef_qmap_enqueue+0x9a/0x..." */
static unsigned scan(const char *text, char *out, size_t len, unsigned n)
{
	for (const char *p = text; p && *p && n < SCHED_REPRO_MAX_NAMES; p++) {
		const char *s = p, *e;
		size_t w;

		if (!(isalpha((unsigned char)*p) || *p == '_') ||
		    (p > text && (isalnum((unsigned char)p[-1]) || p[-1] == '_' || p[-1] == '.')))
			continue;
		for (e = s; isalnum((unsigned char)*e) || *e == '_'; e++)
			;
		if (strncmp(e, "+0x", 3) || !isxdigit((unsigned char)e[3]) || strcspn(e, "/") > 20) {
			p = e > p ? e - 1 : p;
			continue;
		}
		if (!strncmp(s, "bpf_prog_", 9) && e - s > 26 && s[25] == '_')
			s += 26; /* bpf_prog_<16 hex of the tag>_<name> */
		w = (size_t)(e - s);
		if (w && !boring(s, w) && !has(out, s, w) && strlen(out) + w + 2 < len) {
			snprintf(out + strlen(out), len - strlen(out), "%s%.*s", out[0] ? " " : "", (int)w,
				 s);
			n++;
		}
		p = e;
	}
	return n;
}

unsigned sched_repro_names(const struct sched_rec *s, char *out, size_t len)
{
	unsigned n = 0;

	if (!len)
		return 0;
	out[0] = '\0';
	if (s->log[SR_DUMP].text)
		n = scan(s->log[SR_DUMP].text, out, len, n);
	if (s->log[SR_STDERR].text)
		n = scan(s->log[SR_STDERR].text, out, len, n);
	return n;
}

static const char *state_name(enum sched_repro_state s)
{
	switch (s) {
	case REPRO_DONE: return "reproduced";
	case REPRO_NOT_AGAIN: return "did not reproduce";
	case REPRO_NO_WORK: return "first run never reached the workload";
	case REPRO_ERROR: return "error";
	default: return "none";
	}
}

void sched_repro_print(FILE *f, const struct sched_repro *r)
{
	if (r->state == REPRO_NONE)
		return;
	fprintf(f, "=== AUTO-REPRO ===\n");
	fprintf(f, "  a second VM: the same scenario, kernel, topology and scheduler, %.1f s; probed: %s\n",
		r->wall_s, r->names[0] ? r->names : "(nothing)");
	if (r->state != REPRO_DONE)
		fprintf(f, "  %s%s%s\n", state_name(r->state), r->why[0] ? ": " : "", r->why);
	if (r->report) {
		for (const char *p = r->report; *p;) {
			size_t n = strcspn(p, "\n");

			fprintf(f, "  %.*s\n", (int)n, p);
			p += n + (p[n] == '\n');
		}
	}
	fprintf(f, "=== END AUTO-REPRO ===\n");
}

struct json_object *sched_repro_json(const struct sched_repro *r)
{
	struct json_object *j = json_object_new_object();

	json_object_object_add(j, "result", json_object_new_string(state_name(r->state)));
	json_object_object_add(j, "probed", json_object_new_string(r->names));
	json_object_object_add(j, "why", json_object_new_string(r->why));
	json_object_object_add(j, "report", r->report ? json_object_new_string(r->report) : NULL);
	json_object_object_add(j, "wall_s", json_object_new_double(r->wall_s));
	return j;
}

void sched_repro_free(struct sched_repro *r)
{
	free(r->report);
	r->report = NULL;
}
