/* Host CPUs reserved for one VM: one lock file per CPU under
 * <cache>/cpulocks/, held with flock while the VM runs, so ktsrun
 * processes on one host (-j within one, several gauntlets side by side)
 * never put two VMs on one CPU. The kernel drops a flock when its holder
 * dies, so a killed ktsrun leaves no stale reservation. */
#ifndef KTS_HOST_GAUNTLET_RESERVE_H
#define KTS_HOST_GAUNTLET_RESERVE_H

#include <sched.h>
#include <stddef.h>

#define RESERVE_MAX 256

struct reserve {
	int fd[RESERVE_MAX];
	unsigned n;
	cpu_set_t cpus; /* the reserved CPUs, for the VM's affinity */
};

/* Take n of the host's ncpus CPUs without waiting: 0 with r filled; 1
 * (nothing kept) when fewer are free; -1 when the lock directory cannot be
 * used (err says why). dir NULL: the cache's cpulocks/. */
int reserve_take(const char *dir, unsigned ncpus, unsigned n, struct reserve *r, char *err, size_t errlen);
void reserve_drop(struct reserve *r);

#endif
