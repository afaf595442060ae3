/* ktsrun.mode=run: load /scenario.ktsb, verify it, read the topology and
 * run it through the interpreter over the guest runtime. Unmet requirements
 * send REC_SKIP; any failure comes back as an error for init's ERROR record. */
#include "guest/runtime.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "guest/chan.h"
#include "guest/paths.h"
#include "guest/runtime_sched.h"
#include "lib/proto.h"

static uint8_t *slurp(const char *path, size_t *len, char *err, size_t errlen)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) ||
	    !(b = malloc((size_t)n + 1)) || fread(b, 1, (size_t)n, f) != (size_t)n) {
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(errno ? errno : EIO));
		free(b);
		if (f)
			fclose(f);
		return NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return b;
}

int runmode_main(const char *fault, char *err, size_t errlen)
{
	struct interp_topo t;
	struct bc_prog p;
	struct runtime *g;
	size_t len;
	uint8_t *b = slurp(guest_paths.scenario, &len, err, errlen);
	enum interp_status st;
	int r = -EIO;

	if (!b)
		return -ENOENT;
	if (bc_load(&p, b, len, err, errlen)) {
		free(b);
		return -EINVAL;
	}
	if ((r = runtime_topo_read(&t, err, errlen)))
		goto out;
	/* the scheduler first, so the workers start under it */
	if ((r = runtime_sched_begin(err, errlen)) < 0)
		goto out;
	if (r > 0) { /* it failed while loading: its result is the run's */
		chan_rec(REC_LOG, "msg=the scenario did not start: the scheduler failed before it could\n");
		r = 0;
		goto out_sched;
	}
	r = -EIO;
	if (!(g = runtime_new(&p, &t, err, errlen)))
		goto out_sched;
	if (!strcmp(fault, "panic_step"))
		runtime_panic_at_step(g);
	st = interp_run(&p, &t, &runtime_ops, g, err, errlen);
	runtime_free(g);
	if (st == INTERP_SKIP)
		chan_rec(REC_SKIP, "reason=%s\n", err);
	r = st == INTERP_ERROR ? -EIO : 0;
out_sched:
	runtime_sched_end();
	if (runtime_sched_failed() && r) { /* the scheduler's result explains the run, not the op it broke */
		for (char *c = err; *c; c++)
			if (*c == '\n' || *c == '\r')
				*c = ' ';
		chan_rec(REC_LOG, "msg=the run ended after the scheduler failed: %s\n", err);
		r = 0;
	}
out:
	for (char *c = err; *c; c++) /* the reason goes into a one-line record */
		if (*c == '\n' || *c == '\r')
			*c = ' ';
	bc_prog_free(&p);
	free(b);
	return r;
}
