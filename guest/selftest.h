/* ktsrun.mode=selftest: run the kernel's sched_ext selftest runner named in
 * /etc/ktsrun/selftest.conf, one test at a time under a watchdog, and send
 * one REC_SELFTEST record per test (lib/selftest_out.h reads the runner). */
#ifndef KTS_GUEST_SELFTEST_H
#define KTS_GUEST_SELFTEST_H

#include <stddef.h>

#include "lib/proto.h"

/* 0 (each test's outcome is reported, failures too), or -errno with err
 * when the runner could not be used at all. */
int selftest_run(char *err, size_t errlen);

#endif
