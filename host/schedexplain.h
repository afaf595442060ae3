/* How a scheduler ended, for people: the explanation both `schedtest` and
 * `run` print (message, stalled task, verifier excerpt, the scheduler's
 * output, the sched_ext dump, kernel log and console tails), and the
 * matching of an expected failure. */
#ifndef KTS_SCHEDEXPLAIN_H
#define KTS_SCHEDEXPLAIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "host/schedrec.h"

/* Every line is prefixed with indent. console may be NULL. */
void schedexplain_print(FILE *out, const char *indent, const struct schedrec *s, const char *console,
			size_t console_len);
/* Did s fail as expected? kind is an enum scx_kind, or SCX_PASS for any
 * failure; pattern ("" any) must occur in the explanation, message, exit
 * reason, verifier log or the scheduler's stderr. */
bool schedexplain_matches(const struct schedrec *s, int kind, const char *pattern);

#endif
