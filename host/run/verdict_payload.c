/* Payloads in the verdict: a program that failed (non-zero exit, a signal
 * of its own, never ended) or printed nothing its extractor or the
 * scenario's metric lines could read is an ERROR naming it, its status and
 * its output's tail. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "host/run/verdict.h"
#include "lib/payload.h"

/* The output's last lines on one line, at most len bytes from its end. */
static void tail_line(const struct payload_out *o, char *buf, size_t len)
{
	const char *t = payload_rec_tail(o, 3);
	size_t n = strlen(t), k = 0;

	if (!n) {
		snprintf(buf, len, "it printed nothing");
		return;
	}
	if (n > len - 24)
		t += n - (len - 24);
	k = (size_t)snprintf(buf, len, "output ends: ");
	for (; *t && k + 4 < len; t++)
		if (*t == '\n') {
			if (t[1])
				buf[k++] = ' ', buf[k++] = '|', buf[k++] = ' ';
		} else {
			buf[k++] = (unsigned char)*t < 0x20 ? ' ' : *t;
		}
	buf[k] = '\0';
}

void verdict_payload(struct verdict *v, const struct bc_prog *p, const struct run_data *d)
{
	for (unsigned i = 0; i < d->pay.n; i++) {
		const struct payload_out *o = &d->pay.v[i];
		struct payload_vals vals;
		struct payload_user_metric u[1];
		char how[160], name[160], tail[256], err[600], why[300];
		bool failed = payload_rec_failed(o, how, sizeof(how));
		const struct payload_tool *t = payload_tool_of(o->prog);
		/* rt-app's metrics come from its logs: only work rtapp collects them */
		bool wants = (t && (strcmp(t->prefix, "rtapp") || run_payload_file(p, o->cg))) ||
			     run_payload_user(p, o->cg, u, 1);

		snprintf(name, sizeof(name), "payload %s (worker %u, %s)", o->prog, o->id, o->cg);
		tail_line(o, tail, sizeof(tail));
		if (failed) {
			snprintf(err, sizeof(err), "%s %s", name, how);
			verdict_add(v, V_ERROR, false, err, NAN, NAN, 'n', tail);
		} else if (o->status & PAYLOAD_STOPPED) {
			snprintf(err, sizeof(err), "%s was %s before it finished", name, how);
			verdict_add(
				v, V_INCONCLUSIVE, false, err, NAN, NAN, 'n',
				"its figures cover part of its work: a longer duration, or a shorter payload "
				"(hackbench -l, cyclictest -D, stress-ng -t, rt-app's global duration)");
		} else if (run_payload_vals(p, o, &vals, why, sizeof(why))) {
			snprintf(err, sizeof(err), "%s %s: %s", name, how, why);
			verdict_add(v, V_ERROR, false, err, NAN, NAN, 'n', tail);
		} else if (wants && !vals.n) {
			snprintf(err, sizeof(err), "%s printed nothing parseable", name);
			verdict_add(v, V_ERROR, false, err, NAN, NAN, 'n', tail);
		} else {
			verdict_add(v, V_PASS, false, name, NAN, NAN, 'n', how);
		}
	}
}
