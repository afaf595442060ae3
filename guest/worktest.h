/* ktsrun.mode=worktest: every work type, briefly, in a cgroup; one
 * REC_WORKER per worker. The end-to-end proof of the runtime without the
 * language. */
#ifndef KTS_GUEST_WORKTEST_H
#define KTS_GUEST_WORKTEST_H

#include <stddef.h>

/* 0, or -errno with where/why in err (the init reports it as an ERROR). */
int worktest_run(char *err, size_t errlen);

#endif
