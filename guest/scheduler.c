/* Guest-side scheduler lifecycle (guest/scheduler.h). */
#include "guest/scheduler.h"
#include "guest/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/chan_serve.h"
#include "guest/probe.h"
#include "guest/spawn.h"
#include "guest/sysfs.h"
#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "work/sys.h"

#define SCHED_OUT guest_paths.sched_out
#define SCHED_ERR guest_paths.sched_err
#define KLOG_MAX  (48 * 1024)
#define FILE_MAX  (256 * 1024)
#define CHUNK	  900 /* raw bytes per REC_SCHED_LOG: escaped, it fits kv's 4 KiB */
/* Each wait below polls in steps this long, answering the host between:
 * with 50 ms steps the load, the stop and the disable each ended 25 ms
 * late on average. */
#define STEP_MS	  10

int scheduler_conf_parse(struct scheduler_conf *c, const char *text, size_t len, char *err, size_t errlen)
{
	static struct kv kv;
	const char *why, *v;
	unsigned long n, t;

	memset(c, 0, sizeof(*c));
	if (kv_parse(&kv, text, len, &why))
		return snprintf(err, errlen, "sched.conf: %s", why), -1;
	if (!(v = kv_get(&kv, "path")) || !v[0] || strlen(v) >= sizeof(c->path))
		return snprintf(err, errlen, "sched.conf: no usable path"), -1;
	snprintf(c->path, sizeof(c->path), "%s", v);
	v = kv_get(&kv, "ops");
	snprintf(c->ops, sizeof(c->ops), "%s", v ? v : "");
	if (kv_get_uint(&kv, "argc", PROTO_SCHED_MAX_ARGS, &n))
		return snprintf(err, errlen, "sched.conf: argc missing or above %d", PROTO_SCHED_MAX_ARGS),
		       -1;
	for (c->argc = 0; c->argc < n; c->argc++) {
		char key[16];

		snprintf(key, sizeof(key), "arg%u", c->argc);
		if (!(v = kv_get(&kv, key)) || strlen(v) >= sizeof(c->args[0]))
			return snprintf(err, errlen, "sched.conf: %s missing or too long", key), -1;
		snprintf(c->args[c->argc], sizeof(c->args[0]), "%s", v);
	}
	c->load_timeout_ms = kv_get_uint(&kv, "load_timeout_ms", 600000, &t) ? 30000 : (unsigned)t;
	c->stop_grace_ms = kv_get_uint(&kv, "stop_grace_ms", 600000, &t) ? 5000 : (unsigned)t;
	c->verifier_stats = !kv_get_uint(&kv, "verifier_stats", 1, &t) && t;
	v = kv_get(&kv, "probe");
	if (v && (strlen(v) >= sizeof(c->probe) || !(v = kv_get(&kv, "probe_names")) ||
		  strlen(v) >= sizeof(c->probe_names)))
		return snprintf(err, errlen, "sched.conf: probe without usable probe_names"), -1;
	if (v) {
		snprintf(c->probe, sizeof(c->probe), "%s", kv_get(&kv, "probe"));
		snprintf(c->probe_names, sizeof(c->probe_names), "%s", v);
	}
	return 0;
}

/* Everything the kernel logged since the start; each line goes through
 * the sched_ext line parser. */
static void drain_kmsg(struct scheduler *g)
{
	char rec[2048];
	ssize_t n;

	if (g->kmsg_fd < 0)
		return;
	while ((n = read(g->kmsg_fd, rec, sizeof(rec) - 1)) != 0) {
		const char *text;
		size_t tl;

		if (n < 0) {
			if (errno == EPIPE || errno == EINTR)
				continue; /* overwritten records: go on with the next */
			return;
		}
		rec[n] = '\0';
		scx_klog_line(&g->run.klog, rec);
		text = strchr(rec, ';');
		text = text ? text + 1 : rec;
		tl = strcspn(text, "\n");
		if (g->klog_len + tl + 1 > KLOG_MAX)
			continue; /* keep the beginning: the disable lines come first */
		memcpy(g->klog + g->klog_len, text, tl);
		g->klog_len += tl;
		g->klog[g->klog_len++] = '\n';
	}
}

static void exec_child(const struct scheduler_conf *c)
{
	char *argv[PROTO_SCHED_MAX_ARGS + 2];

	argv[0] = (char *)(uintptr_t)c->path;
	for (unsigned i = 0; i < c->argc; i++)
		argv[i + 1] = (char *)(uintptr_t)c->args[i];
	argv[c->argc + 1] = NULL;
	if (c->verifier_stats)
		setenv(PROTO_VERIFIER_ENV, "1", 1);
	if (c->probe[0])
		setenv(PROTO_STOP_ENV, "1", 1);
	spawn_exec_logged(c->path, argv, SCHED_OUT, SCHED_ERR);
}

static void note_exit(struct scheduler *g, int st)
{
	g->pid = 0;
	g->t_gone = sys_now_ns();
	if (WIFSIGNALED(st))
		g->run.exit_signal = WTERMSIG(st);
	else
		g->run.exit_code = WEXITSTATUS(st);
}

/* Reap the scheduler if it ended; returns 1 when it is gone. */
static int reaped(struct scheduler *g, int flags)
{
	int st;
	pid_t r;

	if (g->pid <= 0)
		return 1;
	do
		r = waitpid(g->pid, &st, flags);
	while (r < 0 && errno == EINTR);
	if (r <= 0)
		return r < 0; /* ECHILD: gone already */
	note_exit(g, st);
	return 1;
}

static int state_is(const char *want);

/* Auto-repro: the loader stops itself after its load (bpf/loader_hook.h);
 * the probe attaches to its programs, then it goes on to attach. A loader
 * without the hook (a path) enables without stopping: kernel probes only. */
static void probe_loaded(struct scheduler *g, uint64_t deadline)
{
	int st;
	pid_t r;

	while (sys_now_ns() < deadline && state_is("disabled")) {
		r = waitpid(g->pid, &st, WNOHANG | WUNTRACED);
		if (r == g->pid && WIFSTOPPED(st)) {
			if (probe_progs(g->probe_pid, g->probe_why, sizeof(g->probe_why)))
				chan_rec(REC_LOG, "msg=probe: %s\n", g->probe_why);
			kill(g->pid, SIGCONT);
			return;
		}
		if (r == g->pid) {
			note_exit(g, st);
			return;
		}
		chan_serve_ms(STEP_MS);
	}
}

static void write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	/* without the tracefs event the dump comes from the scheduler's stderr only */
	if (fd >= 0) {
		ssize_t n = write(fd, s, strlen(s));

		(void)n;
		close(fd);
	}
}

static int state_is(const char *want)
{
	char s[32];

	return !sysfs_read(s, sizeof(s), "/sys/kernel/sched_ext/state") && !strcmp(s, want);
}

static char *read_file(const char *path, size_t *len)
{
	char *buf = malloc(FILE_MAX + 1);
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	off_t size;
	ssize_t n;

	*len = 0;
	if (!buf || fd < 0) {
		if (fd >= 0)
			close(fd);
		return buf ? (buf[0] = '\0', buf) : NULL;
	}
	size = lseek(fd, 0, SEEK_END);
	/* over the bound: the end, where the exit line and verifier reason are */
	n = pread(fd, buf, FILE_MAX, size > FILE_MAX ? size - FILE_MAX : 0);
	close(fd);
	*len = n > 0 ? (size_t)n : 0;
	buf[*len] = '\0';
	return buf;
}

static void classify(struct scheduler *g)
{
	size_t n;
	char *err = read_file(SCHED_ERR, &n);

	drain_kmsg(g);
	/* a scheduler that stalls our own poller can be enabled and ejected
	 * before we ever read "enabled": the kernel log saw it */
	if (!g->run.enabled && !g->run.ops_mismatch && g->run.klog.enabled &&
	    (!g->c.ops[0] || !strcmp(g->run.klog.ops, g->c.ops))) {
		g->run.enabled = true;
		g->run.left_early = true;
	}
	if (err) {
		scx_exit_line(err, g->run.exit_line, sizeof(g->run.exit_line));
		free(err);
	}
	g->kind = scx_classify(&g->run, g->why, sizeof(g->why));
	g->ended = true;
}

int scheduler_start(struct scheduler *g, const struct scheduler_conf *c, char *err, size_t errlen)
{
	uint64_t deadline;
	char ops[64];

	memset(g, 0, sizeof(*g));
	g->c = *c;
	g->run.exit_code = -1;
	g->kmsg_fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	g->klog = malloc(KLOG_MAX);
	if (!g->klog)
		return snprintf(err, errlen, "out of memory"), -ENOMEM;
	if (g->kmsg_fd >= 0)
		lseek(g->kmsg_fd, 0, SEEK_END);
	if (access(c->path, X_OK))
		return snprintf(err, errlen, "scheduler %s: %s", c->path, strerror(errno)), -errno;
	if (access("/sys/kernel/sched_ext", F_OK))
		return snprintf(err, errlen,
				"this kernel has no sched_ext (CONFIG_SCHED_CLASS_EXT is not set): "
				"build one with 'ktsrun kernel build' and pass --kernel KEY"),
		       -ENOSYS;
	if (!state_is("disabled"))
		return snprintf(err, errlen, "sched_ext is not idle before the start"), -EBUSY;
	write_str(SCHEDULER_DUMP_EVENT, "1"); /* the debug dump also lands in the trace */
	if (c->probe[0] &&
	    (g->probe_pid = probe_start(c->probe, c->probe_names, g->probe_why, sizeof(g->probe_why))) < 0) {
		chan_rec(REC_LOG, "msg=probe: %s\n", g->probe_why);
		g->c.probe[0] = '\0'; /* the scheduler starts unprobed */
	}
	g->t_start = sys_now_ns();
	g->pid = fork();
	if (g->pid < 0)
		return snprintf(err, errlen, "fork: %s", strerror(errno)), -errno;
	if (g->pid == 0)
		exec_child(&g->c);
	deadline = g->t_start + (uint64_t)c->load_timeout_ms * NS_PER_MS;
	if (g->c.probe[0])
		probe_loaded(g, deadline);
	while (sys_now_ns() < deadline) {
		drain_kmsg(g);
		if (state_is("enabled")) {
			g->t_enabled = sys_now_ns();
			if (sysfs_read(ops, sizeof(ops), "/sys/kernel/sched_ext/root/ops"))
				ops[0] = '\0';
			if (c->ops[0] && strcmp(ops, c->ops)) {
				g->run.ops_mismatch = true;
				snprintf(g->run.klog.ops, sizeof(g->run.klog.ops), "%s", ops);
				scheduler_stop(g);
				g->kind = SCX_LOAD;
				scx_classify(&g->run, g->why, sizeof(g->why));
				return 1;
			}
			g->run.enabled = true;
			return 0;
		}
		if (reaped(g, WNOHANG))
			break;
		chan_serve_ms(STEP_MS); /* answers the host meanwhile */
	}
	scheduler_stop(g);
	return 1;
}

int scheduler_poll(struct scheduler *g)
{
	if (g->ended)
		return 1;
	drain_kmsg(g);
	if (!reaped(g, WNOHANG) && state_is("enabled") && !g->run.klog.disabled)
		return 0;
	g->run.left_early = true;
	g->t_noticed = sys_now_ns();
	/* give the scheduler a moment to print its exit report */
	for (int i = 0; i < 2000 / STEP_MS && !reaped(g, WNOHANG); i++)
		chan_serve_ms(STEP_MS);
	scheduler_stop(g);
	return 1;
}

void scheduler_stop(struct scheduler *g)
{
	if (g->ended)
		return;
	if (g->pid > 0) {
		uint64_t end;

		g->t_stop = sys_now_ns();
		g->run.stop_asked = !g->run.left_early;
		kill(g->pid, SIGINT);
		end = g->t_stop + (uint64_t)g->c.stop_grace_ms * NS_PER_MS;
		while (!reaped(g, WNOHANG) && sys_now_ns() < end)
			chan_serve_ms(STEP_MS);
		if (g->pid > 0) {
			g->run.killed = true;
			kill(g->pid, SIGKILL);
			reaped(g, 0);
		}
	}
	/* the disable message can trail the process's end */
	for (int i = 0; i < 1000 / STEP_MS && !state_is("disabled"); i++)
		chan_serve_ms(STEP_MS);
	if (g->probe_pid > 0)
		probe_end(g->probe_pid);
	classify(g);
}

static void send_log(const char *src, const char *text, size_t n)
{
	static char esc[4 * CHUNK + 1];
	unsigned seq = 0;
	size_t off = 0;

	do {
		size_t take = esc_encode(text + off, n - off < CHUNK ? n - off : CHUNK, esc, sizeof(esc));

		off += take;
		chan_rec(REC_SCHED_LOG, "src=%s\nseq=%u\nend=%d\ntext=%s\n", src, seq++, off >= n, esc);
	} while (off < n);
}

static void send_file_logs(void)
{
	size_t n, vn, tn;
	char *out = read_file(SCHED_OUT, &n), *err, *ex = malloc(FILE_MAX + 1), *trace;

	if (out) {
		send_log("stdout", out, n);
		free(out);
	}
	err = read_file(SCHED_ERR, &n);
	if (!err || !ex) {
		free(err);
		free(ex);
		return;
	}
	send_log("stderr", err, n);
	vn = scx_verifier_excerpt(err, ex, FILE_MAX, 60);
	if (vn)
		send_log("verifier", ex, vn);
	vn = scx_dump_excerpt(err, ex, FILE_MAX);
	if (!vn && (trace = read_file("/sys/kernel/tracing/trace", &tn)) != NULL) {
		vn = scx_dump_excerpt(trace, ex, FILE_MAX);
		free(trace);
	}
	if (vn)
		send_log("dump", ex, vn);
	free(err);
	free(ex);
}

static long ms_since(uint64_t from, uint64_t to)
{
	return from && to >= from ? (long)((to - from) / NS_PER_MS) : -1;
}

void scheduler_report(const struct scheduler *g)
{
	const struct scx_klog *k = &g->run.klog;
	uint64_t end = g->t_noticed ? g->t_noticed : g->t_stop ? g->t_stop : g->t_gone;

	send_file_logs();
	if (g->c.probe[0] || g->probe_pid) {
		size_t n, en;
		char *out = read_file(PROBE_OUT, &n), *perr = read_file(PROBE_ERR, &en);
		char *both = malloc(FILE_MAX * 2 + 600);

		if (out && perr && both) {
			int w = snprintf(both, FILE_MAX * 2 + 600, "%s%s%s%s%s",
					 g->probe_why[0] ? "probe: " : "", g->probe_why,
					 g->probe_why[0] ? "\n" : "", out, perr);

			send_log("probe", both, w > 0 ? (size_t)w : 0);
		}
		free(out);
		free(perr);
		free(both);
	}
	if (g->klog_len)
		send_log("kmsg", g->klog, g->klog_len);
	chan_rec(REC_SCHED,
		 "event=result\nkind=%s\nwhy=%.400s\nops=%s\nreason=%s\nmsg=%.250s\ntask=%s\nexit_code=%d\n"
		 "exit_signal=%d\nkilled=%d\nload_ms=%ld\nenabled_ms=%ld\n",
		 scx_kind_name(g->kind), g->why, k->ops, k->reason, k->msg, k->task, g->run.exit_code,
		 g->run.exit_signal, g->run.killed, ms_since(g->t_start, g->t_enabled ? g->t_enabled : 0),
		 g->t_enabled ? ms_since(g->t_enabled, end) : -1);
}

void scheduler_free(struct scheduler *g)
{
	if (g->pid > 0) {
		kill(g->pid, SIGKILL);
		reaped(g, 0);
	}
	if (g->kmsg_fd >= 0)
		close(g->kmsg_fd);
	free(g->klog);
	g->klog = NULL;
}
