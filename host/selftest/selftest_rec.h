/* REC_SELFTEST records from the guest (guest/selftest.c), parsed as
 * untrusted input: "name=N\nresult=pass|skip|fail\nms=N\nreason=ESCAPED\n". */
#ifndef KTS_HOST_SELFTEST_SELFTEST_REC_H
#define KTS_HOST_SELFTEST_SELFTEST_REC_H

#include <stddef.h>
#include <stdint.h>

#include "lib/selftest_out.h"

#define SELFTEST_REC_MAX 256 /* tests in one run */

struct selftest_rec_test {
	char name[ST_NAME_MAX];
	int result; /* ST_* */
	unsigned long ms;
	char reason[ST_REASON_MAX + 1];
};

struct selftest_rec {
	struct selftest_rec_test *t;
	unsigned n;
	unsigned count[3]; /* by ST_* */
};

/* Take one record. 0, or -1 with the reason in err (the record is dropped):
 * malformed, a bad escape, a reason too long, a repeated name, too many. */
int selftest_rec_take(struct selftest_rec *s, const uint8_t *p, size_t len, char *err, size_t errlen);
void selftest_rec_free(struct selftest_rec *s);

#endif
