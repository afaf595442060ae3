/* Elapsed time on CLOCK_MONOTONIC, for boots, builds and runs. */
#ifndef KTS_HOST_UTIL_CLOCK_H
#define KTS_HOST_UTIL_CLOCK_H

#include <time.h>

/* Seconds since t0, a CLOCK_MONOTONIC reading. */
double clock_since(const struct timespec *t0);

#endif
