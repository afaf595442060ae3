/* ktsrun.mode=chantest: the host-to-guest channel end to end. PID 1 answers
 * requests while it waits for one line on its console (COM1), sends the line
 * back in REC_CONSOLE and ends; `ktsrun chantest` drives it. */
#ifndef KTS_GUEST_CHANTEST_H
#define KTS_GUEST_CHANTEST_H

#include <stddef.h>

#include "lib/proto.h"

#define CHANTEST_WAIT_MS 120000u /* for the line, at most */

/* 0, or -errno with the reason in err (the init reports it as an ERROR). */
int chantest_run(char *err, size_t errlen);

#endif
