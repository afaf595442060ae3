/* Auto-repro's names, output and JSON (host/sched/sched_repro.h). */
#include "host/sched/sched_repro.h"

#include <ctype.h>
#include <json-c/json.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/scx_kind.h"

bool sched_repro_wanted(int kind, bool stalls)
{
	return kind == SCX_ERROR || kind == SCX_OTHER || (stalls && kind == SCX_STALL);
}

/* The entry, interrupt, syscall and context-switch glue under every stack
 * teaches nothing, and probing the hot ones (schedule) costs the second run
 * time under TCG. */
static bool boring(const char *n, size_t len)
{
	static const char *const pre[] = {
		"asm_",
		"entry_",
		"ret_from_",
		"__x64_sys_",
		"do_syscall",
		"x64_sys",
		"bpf__sched_ext_ops_",
		"__bpf_prog_enter",
		"__bpf_prog_exit",
		"schedule",
		"__schedule",
		"preempt_schedule",
		"irqentry_",
		"irq_work_",
		"sysvec_",
		"__sysvec_",
		"irq_exit",
		"do_idle",
		"cpu_startup_entry",
		"kthread",
		"worker_thread",
		"smpboot_thread_fn",
		NULL,
	};

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

#define AT "kernel function at 0x"

/* addr2line's answers for n addresses ("0x..."), one line each, into out. */
static int addr2line(const char *vmlinux, char addrs[][24], unsigned n, char *out, size_t len)
{
	char *argv[SCHED_REPRO_MAX_NAMES + 4];
	posix_spawn_file_actions_t fa;
	extern char **environ;
	int fd[2], st, rc = -1;
	size_t used = 0;
	ssize_t r;
	pid_t pid;
	static char prog[] = "addr2line", opt[] = "-e";

	argv[0] = prog, argv[1] = opt, argv[2] = (char *)(uintptr_t)vmlinux;
	for (unsigned i = 0; i < n; i++)
		argv[3 + i] = addrs[i];
	argv[3 + n] = NULL;
	if (pipe(fd))
		return -1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fd[1], 1);
	posix_spawn_file_actions_addclose(&fa, fd[0]);
	if (!posix_spawnp(&pid, "addr2line", &fa, NULL, argv, environ)) {
		close(fd[1]);
		fd[1] = -1;
		while (used + 1 < len && (r = read(fd[0], out + used, len - 1 - used)) > 0)
			used += (size_t)r;
		out[used] = '\0';
		rc = waitpid(pid, &st, 0) == pid && WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1;
	}
	posix_spawn_file_actions_destroy(&fa);
	close(fd[0]);
	if (fd[1] >= 0)
		close(fd[1]);
	return rc;
}

void sched_repro_lines(struct sched_repro *r, const char *vmlinux)
{
	char addrs[SCHED_REPRO_MAX_NAMES][24], lines[8192], *out, *o;
	const char *p, *l = lines;
	unsigned n = 0;

	if (!r->report || !vmlinux || !vmlinux[0])
		return;
	for (p = r->report; n < SCHED_REPRO_MAX_NAMES && (p = strstr(p, AT)); p += sizeof(AT) - 1) {
		size_t h = strspn(p + sizeof(AT) - 1, "0123456789abcdef");

		if (h && h <= 16 && p[sizeof(AT) - 1 + h] == ')')
			snprintf(addrs[n++], sizeof(addrs[0]), "0x%.*s", (int)h, p + sizeof(AT) - 1);
	}
	if (!n || addr2line(vmlinux, addrs, n, lines, sizeof(lines)) ||
	    !(out = malloc(strlen(r->report) + sizeof(lines) + 1)))
		return;
	/* "kernel function at 0xADDR)" -> "kernel function, kernel/sched/ext.c:2017)" */
	for (p = r->report, o = out; *p;) {
		const char *at = strstr(p, AT), *src;
		size_t h, w = strcspn(l, "\n");

		if (!at || !*l) {
			strcpy(o, p);
			break;
		}
		h = strspn(at + sizeof(AT) - 1, "0123456789abcdef");
		memcpy(o, p, (size_t)(at - p)), o += at - p;
		src = memmem(l, w, "/src/", 5); /* the build tree's prefix says nothing */
		src = src ? src + 5 : l;
		if (h && h <= 16 && at[sizeof(AT) - 1 + h] == ')' && strncmp(src, "??", 2))
			o += sprintf(o, "kernel function, %.*s", (int)(w - (size_t)(src - l)), src);
		else
			o += sprintf(o, "%.*s", (int)(sizeof(AT) - 1 + h), at);
		p = at + sizeof(AT) - 1 + h;
		l += w + (l[w] == '\n');
	}
	free(r->report);
	r->report = out;
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
