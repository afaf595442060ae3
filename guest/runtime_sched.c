/* The scheduler of a run: started before the workers, polled on every hold
 * tick, detached/attached/restarted/replaced by step ops, stopped after the
 * workers. Only one instance is ever reported (REC_SCHED_LOG sequences
 * restart per report): the failed one, else the last one. */
#include "guest/runtime_sched.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/paths.h"
#include "guest/scheduler.h"
#include "guest/sysfs.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "work/sys.h"

static struct {
	struct scheduler_conf base, cur; /* the host's, and the one attach loads */
	struct scheduler g;		 /* valid while live */
	bool have, live, running, failed, announced;
} S;

static int start(char *err, size_t errlen)
{
	int rc;

	if (S.live)
		scheduler_free(&S.g), S.live = false;
	if (!S.announced)
		chan_rec(REC_SCHED, "event=started\npath=%s\n", S.cur.path);
	rc = scheduler_start(&S.g, &S.cur, err, errlen);
	if (rc < 0) {
		scheduler_free(&S.g);
		return rc;
	}
	S.live = true;
	if (rc) {
		S.failed = true;
		return 1;
	}
	S.running = true;
	if (!S.announced)
		chan_rec(REC_SCHED, "event=enabled\nops=%s\nload_ms=%llu\n", S.cur.ops,
			 (unsigned long long)((S.g.t_enabled - S.g.t_start) / NS_PER_MS));
	S.announced = true;
	return 0;
}

int runtime_sched_begin(char *err, size_t errlen)
{
	static char text[KV_MAX_TEXT + 1];
	int rc;

	if (access(guest_paths.sched_conf, R_OK))
		return 0; /* the default scheduler */
	if ((rc = sysfs_read(text, sizeof(text) - 1, "%s", guest_paths.sched_conf)))
		return snprintf(err, errlen, "%s: %s", guest_paths.sched_conf, strerror(-rc)), rc;
	strcat(text, "\n"); /* sysfs_read stripped the last newline */
	if (scheduler_conf_parse(&S.base, text, strlen(text), err, errlen))
		return -EINVAL;
	S.cur = S.base, S.have = true;
	return start(err, errlen);
}

bool runtime_sched_tick(void)
{
	if (S.running && scheduler_poll(&S.g)) {
		S.running = false;
		S.failed = S.g.kind != SCX_PASS;
	}
	return S.failed;
}

bool runtime_sched_failed(void)
{
	return S.failed;
}

pid_t runtime_sched_pid(void)
{
	return S.live ? S.g.pid : 0;
}

/* Unload; a scheduler that does not unregister cleanly is a failure. */
static int detach(char *err, size_t errlen)
{
	if (!S.running)
		return snprintf(err, errlen, "no scheduler is attached"), -EINVAL;
	scheduler_stop(&S.g);
	S.running = false;
	if (S.g.kind != SCX_PASS) {
		S.failed = true;
		return snprintf(err, errlen, "the scheduler did not detach cleanly: %s", S.g.why), -EIO;
	}
	return 0;
}

static int attach(char *err, size_t errlen)
{
	int rc;

	if (S.running)
		return snprintf(err, errlen, "a scheduler is attached already"), -EINVAL;
	rc = start(err, errlen);
	if (rc > 0)
		return snprintf(err, errlen, "%s did not load: %s", S.cur.path, S.g.why), -EIO;
	return rc;
}

/* The conf of NAME "ARGS": the host carries each replacement at /sched/<file name>. */
static int replace_conf(const char *name, const char *args, char *err, size_t errlen)
{
	const char *base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	struct scheduler_conf *c = &S.cur;

	*c = S.base;
	snprintf(c->path, sizeof(c->path), "%s/%s", guest_paths.sched_dir, base);
	snprintf(c->ops, sizeof(c->ops), "%s", strncmp(base, "scx_", 4) ? base : base + 4);
	for (c->argc = 0; args && *args;) {
		size_t n;

		args += strspn(args, " ");
		if (!(n = strcspn(args, " ")))
			break;
		if (c->argc == PROTO_SCHED_MAX_ARGS || n >= sizeof(c->args[0]))
			return snprintf(err, errlen, "scheduler replace %s: too many or too long arguments",
					name),
			       -EINVAL;
		snprintf(c->args[c->argc++], sizeof(c->args[0]), "%.*s", (int)n, args);
		args += n;
	}
	return 0;
}

int runtime_sched_op(enum bc_op op, const char *name, const char *args, char *err, size_t errlen)
{
	int rc;

	if (!S.have)
		return snprintf(err, errlen, "%s: the run has no scheduler (the host carried none)",
				bc_ops[op].name),
		       -EINVAL;
	if (S.failed)
		return snprintf(err, errlen, "the scheduler failed: %s", S.g.why), -EIO;
	switch (op) {
	case OP_SCHED: return 0; /* started by runtime_sched_begin: the host chose it (--scheduler wins) */
	case OP_SCHED_ATTACH: return attach(err, errlen);
	case OP_SCHED_DETACH: return detach(err, errlen);
	case OP_SCHED_RESTART: return (rc = detach(err, errlen)) ? rc : attach(err, errlen);
	case OP_SCHED_REPLACE:
		if ((rc = detach(err, errlen)) || (rc = replace_conf(name, args, err, errlen)))
			return rc;
		return attach(err, errlen);
	default: return snprintf(err, errlen, "not a scheduler op"), -EINVAL;
	}
}

void runtime_sched_end(void)
{
	if (!S.live)
		return;
	if (S.running)
		scheduler_stop(&S.g);
	S.running = false;
	S.failed |= S.g.kind != SCX_PASS;
	scheduler_report(&S.g);
	scheduler_free(&S.g);
	S.live = false;
}
