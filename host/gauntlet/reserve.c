#include "host/gauntlet/reserve.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "host/util/cache.h"
#include "host/util/fs.h"
#include "host/util/log.h"

static int lock_dir(const char *dir, char *out, size_t len, char *err, size_t errlen)
{
	char root[4096];

	if (dir)
		snprintf(out, len, "%s", dir);
	else if (cache_root(root, sizeof(root), 1, err, errlen))
		return -1;
	else
		snprintf(out, len, "%s/cpulocks", root);
	if (fs_mkdirs(out))
		return errf(err, errlen, "%s: cannot create the CPU lock directory: %s", out,
			    strerror(errno));
	return 0;
}

int reserve_take(const char *dir, unsigned ncpus, unsigned n, struct reserve *r, char *err, size_t errlen)
{
	char d[4200], path[4300];

	memset(r, 0, sizeof(*r));
	CPU_ZERO(&r->cpus);
	if (lock_dir(dir, d, sizeof(d), err, errlen))
		return -1;
	for (unsigned c = 0; c < ncpus && c < RESERVE_MAX && r->n < n; c++) {
		int fd;

		snprintf(path, sizeof(path), "%s/cpu%u.lock", d, c);
		if ((fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0) {
			reserve_drop(r);
			return errf(err, errlen, "%s: %s", path, strerror(errno));
		}
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			close(fd);
			continue;
		}
		r->fd[r->n++] = fd;
		CPU_SET(c, &r->cpus);
	}
	if (r->n == n)
		return 0;
	reserve_drop(r);
	snprintf(err, errlen, "fewer than %u of %u host CPUs are free", n, ncpus);
	return 1;
}

void reserve_drop(struct reserve *r)
{
	for (unsigned i = 0; i < r->n; i++)
		close(r->fd[i]);
	r->n = 0;
	CPU_ZERO(&r->cpus);
}
