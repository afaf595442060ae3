/* How a scheduler ended, for people: the explanation both `schedtest` and
 * `run` print (message, stalled task, verifier excerpt, the scheduler's
 * output, the sched_ext dump, kernel log and console tails), and the
 * matching of an expected failure. */
#ifndef KTS_HOST_SCHED_SCHED_EXPLAIN_H
#define KTS_HOST_SCHED_SCHED_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "host/sched/sched_rec.h"

/* Every line is prefixed with indent. console may be NULL. */
void sched_explain_print(FILE *out, const char *indent, const struct sched_rec *s, const char *console,
			 size_t console_len);
/* Did s fail as expected? kind is an enum scx_kind, or SCX_PASS for any
 * failure; pattern ("" any) must occur in the explanation, message, exit
 * reason, verifier log or the scheduler's stderr. */
bool sched_explain_matches(const struct sched_rec *s, int kind, const char *pattern);

#endif
