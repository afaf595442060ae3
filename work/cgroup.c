/* cgroup v2 files: read, write, create with controllers, settings. */
#include "work/cgroup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "work/sys.h"

int cgroup_path(char *out, size_t len, const char *root, const char *rel)
{
	size_t rl = strlen(root);
	int n;

	while (rl > 1 && root[rl - 1] == '/')
		rl--;
	while (*rel == '/')
		rel++;
	n = *rel ? snprintf(out, len, "%.*s/%s", (int)rl, root, rel)
		 : snprintf(out, len, "%.*s", (int)rl, root);
	return n < 0 || (size_t)n >= len ? -ENAMETOOLONG : 0;
}

int cgroup_write(const char *dir, const char *file, const char *val, char *err, size_t errlen)
{
	char path[512];
	size_t n = strlen(val);
	ssize_t w;
	int fd, e;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	/* O_TRUNC is ignored by cgroupfs and keeps a fake tree's file exact */
	fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
	if (fd < 0) {
		e = errno;
		snprintf(err, errlen, "cannot open %s: %s", path, strerror(e));
		return -e;
	}
	w = write(fd, val, n);
	e = errno;
	close(fd);
	if (w != (ssize_t)n) {
		e = w < 0 ? e : EIO;
		snprintf(err, errlen, "writing '%s' to %s: %s", val, path, strerror(e));
		return -e;
	}
	return 0;
}

int cgroup_read(const char *dir, const char *file, char *buf, size_t len, char *err, size_t errlen)
{
	char path[512];
	int e;

	snprintf(path, sizeof(path), "%s/%s", dir, file);
	if ((e = sys_read_text(path, buf, len, true)))
		snprintf(err, errlen, "cannot read %s: %s", path, strerror(-e));
	return e;
}

static int has_word(const char *list, const char *w, size_t wl)
{
	for (const char *p = list; *p;) {
		size_t n;

		p += strspn(p, " \n");
		n = strcspn(p, " \n");
		if (n == wl && !strncmp(p, w, wl))
			return 1;
		p += n;
	}
	return 0;
}

int cgroup_available(const char *dir, const char *want, char *out, size_t len, char *err, size_t errlen)
{
	char have[512];
	size_t used = 0;
	int r = cgroup_read(dir, "cgroup.controllers", have, sizeof(have), err, errlen);

	if (r)
		return r;
	out[0] = '\0';
	for (const char *p = want; *p;) {
		size_t n;

		p += strspn(p, " ");
		n = strcspn(p, " ");
		if (n && has_word(have, p, n) && used + n + 2 < len)
			used += (size_t)snprintf(out + used, len - used, "%s%.*s", used ? " " : "", (int)n,
						 p);
		p += n;
	}
	return 0;
}

int cgroup_enable_in(const char *dir, const char *want, char *err, size_t errlen)
{
	char avail[256], line[320];
	size_t used = 0;
	int r = cgroup_available(dir, want, avail, sizeof(avail), err, errlen);

	if (r || !avail[0])
		return r;
	for (const char *p = avail; *p;) {
		size_t n = strcspn(p, " ");

		used += (size_t)snprintf(line + used, sizeof(line) - used, "%s+%.*s", used ? " " : "", (int)n,
					 p);
		p += n;
		p += strspn(p, " ");
	}
	return cgroup_write(dir, "cgroup.subtree_control", line, err, errlen);
}

int cgroup_create(const char *root, const char *rel, const char *controllers, char *err, size_t errlen)
{
	char dir[512], sub[512];
	const char *p = rel;
	int r;

	if (!controllers)
		controllers = CG_CONTROLLERS;
	if (cgroup_path(dir, sizeof(dir), root, "")) {
		snprintf(err, errlen, "cgroup root path too long");
		return -ENAMETOOLONG;
	}
	while (*p == '/')
		p++;
	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && !strncmp(p, "..", 2))) {
			snprintf(err, errlen, "bad cgroup path '%s': empty, '.' or '..' component", rel);
			return -EINVAL;
		}
		if ((r = cgroup_enable_in(dir, controllers, err, errlen)))
			return r;
		if (snprintf(sub, sizeof(sub), "%s/%.*s", dir, (int)n, p) >= (int)sizeof(sub)) {
			snprintf(err, errlen, "cgroup path too long: %s", rel);
			return -ENAMETOOLONG;
		}
		if (mkdir(sub, 0755) && errno != EEXIST) {
			r = -errno;
			snprintf(err, errlen, "cannot create cgroup %s: %s", sub, strerror(errno));
			return r;
		}
		memcpy(dir, sub, sizeof(dir));
		p += n;
		while (*p == '/')
			p++;
	}
	return 0;
}

int cgroup_set_cpus(const char *dir, const char *cpulist, char *err, size_t errlen)
{
	return cgroup_write(dir, "cpuset.cpus", cpulist, err, errlen);
}

int cgroup_set_mems(const char *dir, const char *nodelist, char *err, size_t errlen)
{
	return cgroup_write(dir, "cpuset.mems", nodelist, err, errlen);
}

static int bad(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "%s", what);
	return -EINVAL;
}

int cgroup_set_weight(const char *dir, unsigned weight, char *err, size_t errlen)
{
	char v[16];

	if (weight < 1 || weight > 10000)
		return bad(err, errlen, "cpu.weight must be 1..10000");
	snprintf(v, sizeof(v), "%u", weight);
	return cgroup_write(dir, "cpu.weight", v, err, errlen);
}

int cgroup_set_cpu_max(const char *dir, long long quota_us, unsigned long period_us, char *err, size_t errlen)
{
	char v[48];

	if (period_us < 1000 || period_us > 1000000)
		return bad(err, errlen, "cpu.max period must be 1000..1000000 us");
	if (quota_us >= 0 && quota_us < 1000)
		return bad(err, errlen, "cpu.max quota must be at least 1000 us");
	if (quota_us < 0)
		snprintf(v, sizeof(v), "max %lu", period_us);
	else
		snprintf(v, sizeof(v), "%lld %lu", quota_us, period_us);
	return cgroup_write(dir, "cpu.max", v, err, errlen);
}

static void max_or(char *v, size_t len, long long n)
{
	if (n < 0)
		snprintf(v, len, "max");
	else
		snprintf(v, len, "%lld", n);
}

int cgroup_set_memory(const char *dir, const char *which, long long bytes, char *err, size_t errlen)
{
	char file[16], v[32];

	if (strcmp(which, "max") && strcmp(which, "high") && strcmp(which, "low"))
		return bad(err, errlen, "memory limit must be max, high or low");
	snprintf(file, sizeof(file), "memory.%s", which);
	max_or(v, sizeof(v), bytes);
	return cgroup_write(dir, file, v, err, errlen);
}

int cgroup_set_pids_max(const char *dir, long long n, char *err, size_t errlen)
{
	char v[32];

	max_or(v, sizeof(v), n);
	return cgroup_write(dir, "pids.max", v, err, errlen);
}

int cgroup_move_pid(const char *dir, pid_t pid, char *err, size_t errlen)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", (int)pid);
	return cgroup_write(dir, "cgroup.procs", v, err, errlen);
}

int cgroup_move_thread(const char *dir, pid_t tid, char *err, size_t errlen)
{
	char v[16];

	snprintf(v, sizeof(v), "%d", (int)tid);
	return cgroup_write(dir, "cgroup.threads", v, err, errlen);
}

int cgroup_set_threaded(const char *dir, char *err, size_t errlen)
{
	return cgroup_write(dir, "cgroup.type", "threaded", err, errlen);
}
