/* cgroup v2 life cycle: freeze and thaw, emptiness, removal, self. */
#include "work/cgroup.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "work/sys.h"

/* Value of "key N" in cgroup.events, or -errno. */
static int events_value(const char *dir, const char *key, char *err, size_t errlen)
{
	char buf[256];
	size_t kl = strlen(key);
	int r = cgroup_read(dir, "cgroup.events", buf, sizeof(buf), err, errlen);

	if (r)
		return r;
	for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ' ')
			return atoi(p + kl + 1);
	snprintf(err, errlen, "%s/cgroup.events has no '%s' line", dir, key);
	return -ENOENT;
}

int cgroup_populated(const char *dir, char *err, size_t errlen)
{
	return events_value(dir, "populated", err, errlen);
}

static void nap_ms(unsigned ms)
{
	struct timespec ts = { 0, (long)ms * 1000000 };

	nanosleep(&ts, NULL);
}

int cgroup_freeze(const char *dir, bool freeze, unsigned timeout_ms, char *err, size_t errlen)
{
	uint64_t end = sys_now_ns() + (uint64_t)timeout_ms * NS_PER_MS;
	int r = cgroup_write(dir, "cgroup.freeze", freeze ? "1" : "0", err, errlen);

	if (r)
		return r;
	for (;;) {
		int v = events_value(dir, "frozen", err, errlen);

		if (v < 0)
			return v;
		if (v == (int)freeze)
			return 0;
		if (sys_now_ns() >= end)
			break;
		nap_ms(5);
	}
	snprintf(err, errlen, "%s/cgroup.events still says frozen %d %u ms after writing %d to cgroup.freeze",
		 dir, !freeze, timeout_ms, freeze);
	return -ETIMEDOUT;
}

/* SIGKILL what is left: cgroup.kill (Linux 5.14+) or each pid in cgroup.procs. */
static void kill_all(const char *dir)
{
	char path[512], line[32], e[8];
	FILE *f;

	if (!cgroup_write(dir, "cgroup.kill", "1", e, sizeof(e)))
		return;
	snprintf(path, sizeof(path), "%s/cgroup.procs", dir);
	if (!(f = fopen(path, "re")))
		return;
	while (fgets(line, sizeof(line), f)) {
		int pid = atoi(line);

		if (pid > 1 && pid != getpid())
			kill(pid, SIGKILL);
	}
	fclose(f);
}

static int remove_one(const char *dir, bool kill, uint64_t end, unsigned timeout_ms, char *err,
		      size_t errlen);

static int remove_children(const char *dir, bool kill, uint64_t end, unsigned timeout_ms, char *err,
			   size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int r = 0;

	if (!d) {
		r = -errno;
		snprintf(err, errlen, "cannot list cgroup %s: %s", dir, strerror(errno));
		return r;
	}
	while (!r && (e = readdir(d))) {
		char sub[512];

		if (e->d_type != DT_DIR || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name) >= (int)sizeof(sub)) {
			snprintf(err, errlen, "cgroup path too long under %s", dir);
			r = -ENAMETOOLONG;
			break;
		}
		r = remove_one(sub, kill, end, timeout_ms, err, errlen);
	}
	closedir(d);
	return r;
}

static int remove_one(const char *dir, bool kill, uint64_t end, unsigned timeout_ms, char *err, size_t errlen)
{
	int r = remove_children(dir, kill, end, timeout_ms, err, errlen);

	if (r)
		return r;
	for (;;) {
		if (kill)
			kill_all(dir);
		if (rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		/* EBUSY: tasks are still in it (or exiting); anything else is final */
		if (errno != EBUSY || sys_now_ns() >= end)
			break;
		nap_ms(10);
	}
	r = -errno;
	if (r == -EBUSY)
		snprintf(err, errlen, "cannot remove cgroup %s: still has tasks after %u ms%s", dir,
			 timeout_ms, kill ? " (killed)" : "; remove with kill to end them");
	else
		snprintf(err, errlen, "cannot remove cgroup %s: %s", dir, strerror(-r));
	return r;
}

int cgroup_remove(const char *dir, bool kill, unsigned timeout_ms, char *err, size_t errlen)
{
	char e[8];

	/* a frozen cgroup's tasks cannot exit; thaw first (ignore: may not exist) */
	if (kill)
		cgroup_write(dir, "cgroup.freeze", "0", e, sizeof(e));
	return remove_one(dir, kill, sys_now_ns() + (uint64_t)timeout_ms * NS_PER_MS, timeout_ms, err,
			  errlen);
}

int cgroup_self(const char *root, char *out, size_t len, char *err, size_t errlen)
{
	char line[512];
	FILE *f = fopen("/proc/self/cgroup", "re");
	int r = -ENOENT;

	if (!f) {
		r = -errno;
		snprintf(err, errlen, "cannot open /proc/self/cgroup: %s", strerror(errno));
		return r;
	}
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "0::", 3)) {
			r = cgroup_path(out, len, root, line + 3);
			break;
		}
	}
	fclose(f);
	if (r == -ENOENT)
		snprintf(err, errlen, "/proc/self/cgroup has no cgroup v2 (0::) line");
	else if (r)
		snprintf(err, errlen, "cgroup path too long");
	return r;
}
