/* ktsrun.mode=selftest: run the kernel's sched_ext selftest runner named in
 * /etc/ktsrun/selftest.conf, one test at a time under a watchdog, and send
 * one REC_SELFTEST record per test (lib/selftest_out.h reads the runner). */
#ifndef KTS_GUEST_SELFTEST_H
#define KTS_GUEST_SELFTEST_H

#include <stddef.h>

#define GSELFTEST_CONF "/etc/ktsrun/selftest.conf"
#define GSELFTEST_MAX 40 /* tests named in the conf */

/* 0 (each test's outcome is reported, failures too), or -errno with err
 * when the runner could not be used at all. */
int selftest_run(char *err, size_t errlen);

#endif
