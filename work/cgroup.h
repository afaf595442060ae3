/* cgroup v2 operations. Every function takes the directory of the cgroup
 * (absolute: root + "/" + relative path), returns 0 or -errno, and on
 * error writes one line into err naming the file and the reason. The root
 * is a parameter so the unit tests point it at a fake tree in a temp dir
 * (the host runs cgroup v1); the guest uses CG_ROOT. */
#ifndef KTS_WORK_CGROUP_H
#define KTS_WORK_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CG_ROOT	       "/sys/fs/cgroup"
/* Controllers enabled along a created path, where the parent offers them. */
#define CG_CONTROLLERS "cpuset cpu memory pids"

/* dir = root/rel, without a doubled slash; -ENAMETOOLONG or 0. */
int cgroup_path(char *out, size_t len, const char *root, const char *rel);
int cgroup_write(const char *dir, const char *file, const char *val, char *err, size_t errlen);
/* Read a file, trailing newline stripped. */
int cgroup_read(const char *dir, const char *file, char *buf, size_t len, char *err, size_t errlen);

/* Create root/rel and every missing ancestor (mkdir -p). Before creating a
 * child under X, enable in X/cgroup.subtree_control the controllers of
 * `controllers` (NULL: CG_CONTROLLERS) that X/cgroup.controllers lists.
 * An existing directory is fine. */
int cgroup_create(const char *root, const char *rel, const char *controllers, char *err, size_t errlen);
/* Enable in dir/cgroup.subtree_control those of want (e.g. CG_CONTROLLERS)
 * that dir/cgroup.controllers lists. */
int cgroup_enable_in(const char *dir, const char *want, char *err, size_t errlen);
/* The subset of `want` listed in dir/cgroup.controllers, space-separated. */
int cgroup_available(const char *dir, const char *want, char *out, size_t len, char *err, size_t errlen);

int cgroup_set_cpus(const char *dir, const char *cpulist, char *err, size_t errlen);
int cgroup_set_mems(const char *dir, const char *nodelist, char *err, size_t errlen);
/* cpu.weight, 1..10000 (100 is the default share). */
int cgroup_set_weight(const char *dir, unsigned weight, char *err, size_t errlen);
/* cpu.max: quota_us < 0 means "max" (no limit); period_us 1000..1000000. */
int cgroup_set_cpu_max(const char *dir, long long quota_us, unsigned long period_us, char *err,
		       size_t errlen);
/* memory.max / memory.high / memory.low; bytes < 0 means "max". */
int cgroup_set_memory(const char *dir, const char *which, long long bytes, char *err, size_t errlen);
/* pids.max; n < 0 means "max". */
int cgroup_set_pids_max(const char *dir, long long n, char *err, size_t errlen);
/* Move a whole process (cgroup.procs) or one thread (cgroup.threads; the
 * cgroup must be threaded, see cgroup_set_threaded). pid 0 = the caller. */
int cgroup_move_pid(const char *dir, pid_t pid, char *err, size_t errlen);
int cgroup_move_thread(const char *dir, pid_t tid, char *err, size_t errlen);
int cgroup_set_threaded(const char *dir, char *err, size_t errlen);

/* cgroup.freeze, then wait until cgroup.events says "frozen 1" (or 0). */
int cgroup_freeze(const char *dir, bool freeze, unsigned timeout_ms, char *err, size_t errlen);
/* "populated" of cgroup.events: 1, 0, or -errno. */
int cgroup_populated(const char *dir, char *err, size_t errlen);
/* Remove dir and its descendants, deepest first, retrying while a cgroup
 * is busy (tasks still exiting) until timeout_ms. With kill, leftover
 * tasks are killed first (cgroup.kill, else SIGKILL to cgroup.procs). */
int cgroup_remove(const char *dir, bool kill, unsigned timeout_ms, char *err, size_t errlen);

/* The caller's own cgroup directory under root, from /proc/self/cgroup. */
int cgroup_self(const char *root, char *out, size_t len, char *err, size_t errlen);

#endif
