#include "guest/schedtest.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>

#include "guest/chan.h"
#include "guest/chan_serve.h"
#include "guest/scheduler.h"
#include "guest/sysfs.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "work/sys.h"
#include "work/workers.h"

#define ST_MAX_SPINNERS 256

static struct workers *spinners(unsigned n, char *err, size_t errlen)
{
	struct work_spec s;
	struct worker_opts o = { 0 };
	struct workers *g;

	work_spec_init(&s, work_type_find("spin"));
	g = workers_new(&s, n, &o, err, errlen);
	if (g && workers_spawn(g, 60000, err, errlen)) {
		workers_free(g);
		return NULL;
	}
	return g;
}

/* Watch the scheduler until the duration ends or it goes away. */
static void watch(struct scheduler *s, unsigned n, unsigned ms)
{
	char err[256];
	uint64_t end = sys_now_ns() + (uint64_t)ms * NS_PER_MS;
	struct workers *g = n ? spinners(n, err, sizeof(err)) : NULL;

	if (n && !g)
		chan_rec(REC_LOG, "msg=spinners did not start: %s\n", err);
	if (g)
		workers_go(g, end);
	while (sys_now_ns() < end && !scheduler_poll(s))
		chan_serve_ms(100); /* a --dump-at request is answered here */
	if (g) {
		workers_stop(g, 2000);
		workers_free(g);
	}
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

int schedtest_run(char *err, size_t errlen)
{
	static char text[KV_MAX_TEXT + 1];
	static struct kv kv;
	struct scheduler_conf c;
	struct scheduler s;
	unsigned long dur, n;
	const char *why;
	int rc;

	if ((rc = sysfs_read(text, sizeof(text), PROTO_SCHED_CONF)))
		return snprintf(err, errlen, "%s: %s", PROTO_SCHED_CONF, strerror(-rc)), rc;
	strcat(text, "\n"); /* sysfs_read stripped the last newline */
	if (scheduler_conf_parse(&c, text, strlen(text), err, errlen))
		return -EINVAL;
	kv_parse(&kv, text, strlen(text), &why);
	if (kv_get_uint(&kv, "duration_ms", 3600000, &dur) ||
	    kv_get_uint(&kv, "spinners", ST_MAX_SPINNERS, &n))
		return snprintf(err, errlen, "sched.conf: duration_ms or spinners missing"), -EINVAL;
	chan_rec(REC_SCHED, "event=started\npath=%s\n", c.path);
	rc = scheduler_start(&s, &c, err, errlen);
	if (rc < 0) {
		scheduler_free(&s);
		return rc;
	}
	if (rc == 0) {
		chan_rec(REC_SCHED, "event=enabled\nops=%s\nload_ms=%llu\n", c.ops,
			 (unsigned long long)((s.t_enabled - s.t_start) / NS_PER_MS));
		watch(&s, (unsigned)n, (unsigned)dur);
	}
	scheduler_stop(&s);
	scheduler_report(&s);
	scheduler_free(&s);
	return 0;
}
