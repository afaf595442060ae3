/* Kernel log lines and run facts -> a sched_ext failure class. */
#include "work/scx.h"

#include <stdio.h>
#include <string.h>

/* Copy up to the first of stop (or the end), bounded; returns the end. */
static const char *take(char *out, size_t len, const char *s, const char *stop)
{
	size_t n = strcspn(s, stop);

	snprintf(out, len, "%.*s", (int)(n < len ? n : len - 1), s);
	return s + n;
}

/* "comm[pid] failed to run for 5.123s" -> task and duration. */
static void stall_task(struct scx_klog *k)
{
	const char *p = strstr(k->msg, " failed to run for ");

	if (!p || p == k->msg || p[-1] != ']')
		return;
	snprintf(k->task, sizeof(k->task), "%.*s", (int)(p - k->msg < 63 ? p - k->msg : 63), k->msg);
	take(k->stall_for, sizeof(k->stall_for), p + strlen(" failed to run for "), " \n");
}

int scx_klog_line(struct scx_klog *k, const char *line)
{
	static const char pfx[] = "sched_ext: ";
	const char *p = line, *semi = strchr(line, ';');
	size_t n;

	/* /dev/kmsg: "prio,seq,usec,flags;text"; the header is digits and commas */
	if (semi && strspn(line, "0123456789,-cC") == (size_t)(semi - line))
		p = semi + 1;
	/* console text: "[   12.345678] sched_ext: ..." */
	if (p[0] == '[' && (semi = strchr(p, ']')) != NULL)
		p = semi + 1 + (semi[1] == ' ');
	if (strncmp(p, pfx, sizeof(pfx) - 1))
		return 0;
	p += sizeof(pfx) - 1;
	if (!strncmp(p, "BPF scheduler \"", 15)) {
		char ops[64];
		const char *q = take(ops, sizeof(ops), p + 15, "\"\n");

		if (*q != '"')
			return 0;
		if (!strncmp(q, "\" enabled", 9)) {
			k->enabled = true;
			snprintf(k->ops, sizeof(k->ops), "%s", ops);
			return 1;
		}
		if (!strncmp(q, "\" disabled (", 12)) {
			k->disabled = true;
			snprintf(k->ops, sizeof(k->ops), "%s", ops);
			take(k->reason, sizeof(k->reason), q + 12, ")\n");
			return 1;
		}
		return 0;
	}
	/* the exit message: "sched_ext: <ops>: <msg>", only after a disable */
	n = strlen(k->ops);
	if (k->disabled && n && !strncmp(p, k->ops, n) && !strncmp(p + n, ": ", 2) && !k->msg[0]) {
		take(k->msg, sizeof(k->msg), p + n + 2, "\n");
		stall_task(k);
		return 1;
	}
	return 0;
}

static enum scx_kind by_reason(const struct scx_run *r, char *why, size_t len)
{
	const struct scx_klog *k = &r->klog;
	const char *msg = k->msg[0] ? k->msg : "no message";

	if (!strcmp(k->reason, "scx_bpf_error")) {
		snprintf(why, len, "scx_bpf_error: %s", msg);
		return SCX_ERROR;
	}
	if (!strcmp(k->reason, "runnable task stall")) {
		snprintf(why, len, "watchdog: runnable task stall: %s%s%s", k->task[0] ? k->task : msg,
			 k->task[0] ? " did not run for " : "", k->task[0] ? k->stall_for : "");
		return SCX_STALL;
	}
	if (!strcmp(k->reason, "unregistered from user space") && !r->left_early) {
		return SCX_PASS;
	}
	if (!strcmp(k->reason, "unregistered from user space") ||
	    !strcmp(k->reason, "unregistered from BPF")) {
		snprintf(why, len, "the scheduler left on its own while work ran (%s)", k->reason);
		return SCX_EXIT;
	}
	snprintf(why, len, "sched_ext disabled it: %s%s%s", k->reason, k->msg[0] ? ": " : "", k->msg);
	return SCX_OTHER;
}

enum scx_kind scx_classify(const struct scx_run *r, char *why, size_t len)
{
	enum scx_kind kind;

	snprintf(why, len, "stayed enabled and exited cleanly");
	if (!r->enabled) {
		if (r->ops_mismatch)
			snprintf(why, len, "enabled, but root/ops is '%s', not the expected name",
				 r->klog.ops);
		else if (r->klog.disabled)
			snprintf(why, len, "load failed: sched_ext disabled it while enabling: %s%s%s",
				 r->klog.reason, r->klog.msg[0] ? ": " : "", r->klog.msg);
		else if (r->exit_code >= 0 || r->exit_signal)
			snprintf(why, len,
				 "load failed: the scheduler ended (%s %d) before sched_ext was enabled%s%s",
				 r->exit_signal ? "signal" : "exit",
				 r->exit_signal ? r->exit_signal : r->exit_code, r->exit_line[0] ? "; " : "",
				 r->exit_line);
		else
			snprintf(why, len, "load failed: sched_ext was not enabled in time");
		return SCX_LOAD;
	}
	if (r->klog.disabled) {
		kind = by_reason(r, why, len);
		if (kind != SCX_PASS)
			return kind;
	} else if (r->left_early) {
		snprintf(why, len, "the scheduler process ended (%s %d) while sched_ext stayed enabled",
			 r->exit_signal ? "signal" : "exit", r->exit_signal ? r->exit_signal : r->exit_code);
		return SCX_OTHER;
	} else if (r->stop_asked && !r->killed) {
		snprintf(why, len, "stopped, but the kernel log never said it was disabled");
		return SCX_OTHER;
	}
	if (r->killed) {
		snprintf(why, len, "it ignored SIGINT and was killed");
		return SCX_OTHER;
	}
	if (r->exit_signal || r->exit_code != 0) {
		snprintf(why, len, "unregistered, but exited with %s %d%s%s",
			 r->exit_signal ? "signal" : "status", r->exit_signal ? r->exit_signal : r->exit_code,
			 r->exit_line[0] ? "; " : "", r->exit_line);
		return SCX_OTHER;
	}
	return SCX_PASS;
}
