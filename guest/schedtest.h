/* ktsrun.mode=schedtest: load the scheduler from /etc/ktsrun/sched.conf,
 * run spinners for the configured time while watching it, stop it and
 * report how it ended (guest/scheduler.h). */
#ifndef KTS_GUEST_SCHEDTEST_H
#define KTS_GUEST_SCHEDTEST_H

#include <stddef.h>

/* 0 (whatever the scheduler did, it is reported), or -errno with err when
 * the test could not run. */
int schedtest_run(char *err, size_t errlen);

#endif
