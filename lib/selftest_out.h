/* The output of the kernel's sched_ext selftest runner
 * (tools/testing/selftests/sched_ext/runner.c, 6.12), read by the guest:
 *
 *   ===== START =====
 *   TEST: NAME
 *   DESCRIPTION: ...        (absent with -q)
 *   OUTPUT:
 *   ok N NAME #             pass; "ok N NAME # SKIP" skip; "not ok N NAME #" fail
 *   =====  END  =====
 *
 * Tests report why they failed on stderr ("ERR: file:line" then a message).
 * The runner has no list option: "-s -t FILTER" prints every test the
 * filter leaves out as skipped, so a filter nothing matches lists them all. */
#ifndef KTS_LIB_SELFTEST_OUT_H
#define KTS_LIB_SELFTEST_OUT_H

#include <stddef.h>

#define ST_NAME_MAX   64
#define ST_REASON_MAX 900 /* escaped, it fits a 4 KiB record */

enum st_result { ST_PASS = 0, ST_SKIP = 1, ST_FAIL = 2 };

/* A test name we accept: 1..63 of [A-Za-z0-9_-]. */
int selftest_out_name_ok(const char *s, size_t n);
const char *selftest_out_result_name(int r);
/* ST_*, or -1 for an unknown word. */
int selftest_out_result_parse(const char *s);
/* The "TEST: NAME" lines of out, in order, into names (at most max). The
 * count, or -1 if a name is malformed or there are more than max. */
int selftest_out_list(const char *out, size_t n, char (*names)[ST_NAME_MAX], unsigned max);
/* ST_* from the result line of test name in out, or -1 if there is none
 * (the runner died or was killed before it printed one). */
int selftest_out_status(const char *out, size_t n, const char *name);
/* Why a test failed or skipped, one text of at most len-1 bytes: stderr from
 * its first "ERR:" line, else the end of stderr, else the test's OUTPUT
 * section in out. Trimmed; "" if there is nothing. */
void selftest_out_reason(const char *out, size_t on, const char *err, size_t en, const char *name, char *buf,
			 size_t len);

#endif
