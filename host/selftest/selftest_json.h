#ifndef KTS_HOST_SELFTEST_SELFTEST_JSON_H
#define KTS_HOST_SELFTEST_SELFTEST_JSON_H

#include "host/selftest/selftest_rec.h"

/* {kernel, outcome, passed, skipped, failed, tests: [{name, result,
 * seconds, reason}]}. 0, or -1 after printing the error. */
int selftest_json_write(const char *path, const struct selftest_rec *s, const char *kernel,
			const char *outcome);

#endif
