/*
 * The kernel's sched_ext selftests, built for one cached kernel:
 *
 *   <cache root>/selftest/<kernel key>/runner     tools/testing/selftests/sched_ext
 *   <cache root>/selftest/<kernel key>/build.log
 *   <cache root>/selftest/<kernel key>.failed.log the last failed build
 *   <cache root>/selftest/.locks/<kernel key>.lock
 *
 * In 6.12 every test and its BPF skeleton is linked into the one runner
 * binary, so the runner is all the guest needs (plus libelf and zlib).
 */
#ifndef KTS_HOST_SELFTEST_SELFTEST_BUILD_H
#define KTS_HOST_SELFTEST_SELFTEST_BUILD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#include "host/kernel/kernel_cache.h"

/* The cached runner of kernel k in path. 0, or -1 (none built). */
int selftest_build_find(const struct kernel_cache_entry *k, char *path, size_t len);

/* Build the runner for k unless cached (force: anyway), with progress
 * lines. 0 and the runner's path, or an exit status after printing one
 * error line (EXIT_ERROR, or 128+signal). */
int selftest_build_run(const struct kernel_cache_entry *k, int jobs, bool force, char *path, size_t len);

#endif
