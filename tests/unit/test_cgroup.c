/* work/cgroup*.c against a fake cgroup2 tree in a temp dir (the host runs
 * cgroup v1): the files written, the order, and each error message. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work/cgroup.h"
#include "tests/unit/tu.h"

static void put(const char *dir, const char *file, const char *text)
{
	char p[512];
	FILE *f;

	snprintf(p, sizeof(p), "%s/%s", dir, file);
	f = fopen(p, "w");
	if (!f) {
		tu_fail(__FILE__, __LINE__, "cannot write %s", p);
		return;
	}
	fputs(text, f);
	fclose(f);
}

static const char *get(const char *dir, const char *file)
{
	static char buf[256];
	char e[200];

	if (cgroup_read(dir, file, buf, sizeof(buf), e, sizeof(e)))
		return "(missing)";
	return buf;
}

/* A cgroup directory with the interface files the code touches. */
static void fake_cg(const char *dir, const char *controllers)
{
	mkdir(dir, 0755);
	put(dir, "cgroup.controllers", controllers);
	put(dir, "cgroup.subtree_control", "");
	put(dir, "cgroup.procs", "");
	put(dir, "cgroup.events", "populated 0\nfrozen 0\n");
}

static const char *root(void)
{
	static char r[256];

	snprintf(r, sizeof(r), "%s/cgroot", tu_tmpdir());
	fake_cg(r, "cpuset cpu io memory hugetlb pids rdma misc\n");
	return r;
}

TU_TEST(cg_path_joins_cleanly)
{
	char p[64];

	TU_EQ_INT(cgroup_path(p, sizeof(p), "/sys/fs/cgroup/", "/kts/a"), 0);
	TU_EQ_STR(p, "/sys/fs/cgroup/kts/a");
	TU_EQ_INT(cgroup_path(p, sizeof(p), "/sys/fs/cgroup", ""), 0);
	TU_EQ_STR(p, "/sys/fs/cgroup");
	TU_EQ_INT(cgroup_path(p, 8, "/sys/fs/cgroup", "kts"), -ENAMETOOLONG);
}

TU_TEST(cg_create_enables_controllers_down_the_path)
{
	const char *r = root();
	char kts[300], a[300], err[300], avail[64];

	snprintf(kts, sizeof(kts), "%s/kts", r);
	snprintf(a, sizeof(a), "%s/kts/a", r);
	fake_cg(kts, "cpuset cpu memory\n"); /* kts offers no pids */
	TU_EQ_INT(cgroup_create(r, "kts/a/", NULL, err, sizeof(err)), 0);
	TU_EQ_STR(get(r, "cgroup.subtree_control"), "+cpuset +cpu +memory +pids");
	TU_EQ_STR(get(kts, "cgroup.subtree_control"), "+cpuset +cpu +memory");
	struct stat st;
	TU_EQ_INT(stat(a, &st), 0);
	TU_CHECK(S_ISDIR(st.st_mode));
	/* again: existing directories are fine */
	TU_EQ_INT(cgroup_create(r, "kts/a", "cpu", err, sizeof(err)), 0);
	TU_EQ_STR(get(kts, "cgroup.subtree_control"), "+cpu");
	TU_EQ_INT(cgroup_available(r, "pids nope cpu", avail, sizeof(avail), err, sizeof(err)), 0);
	TU_EQ_STR(avail, "pids cpu");
	/* a/ was made by mkdir, so it has no cgroup.controllers: the error names it */
	TU_EQ_INT(cgroup_create(r, "kts/a/b", NULL, err, sizeof(err)), -ENOENT);
	TU_CHECK(strstr(err, "kts/a/cgroup.controllers: No such file or directory") != NULL);
	TU_EQ_INT(cgroup_create(r, "kts/../x", NULL, err, sizeof(err)), -EINVAL);
	TU_EQ_STR(err, "bad cgroup path 'kts/../x': empty, '.' or '..' component");
}

TU_TEST(cg_settings_write_the_kernel_format)
{
	const char *r = root();
	char d[300], err[300];

	snprintf(d, sizeof(d), "%s/set", r);
	fake_cg(d, "cpuset cpu memory pids\n");
	put(d, "cpuset.cpus", "");
	put(d, "cpuset.mems", "");
	put(d, "cpu.weight", "100");
	put(d, "cpu.max", "max 100000");
	put(d, "memory.max", "max");
	put(d, "memory.high", "max");
	put(d, "memory.low", "0");
	put(d, "pids.max", "max");
	put(d, "cgroup.threads", "");
	put(d, "cgroup.type", "domain");
	TU_EQ_INT(cgroup_set_cpus(d, "0-3,6", err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cpuset.cpus"), "0-3,6");
	TU_EQ_INT(cgroup_set_mems(d, "0", err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cpuset.mems"), "0");
	TU_EQ_INT(cgroup_set_weight(d, 250, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cpu.weight"), "250");
	TU_EQ_INT(cgroup_set_weight(d, 0, err, sizeof(err)), -EINVAL);
	TU_EQ_STR(err, "cpu.weight must be 1..10000");
	TU_EQ_INT(cgroup_set_cpu_max(d, 50000, 100000, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cpu.max"), "50000 100000");
	TU_EQ_INT(cgroup_set_cpu_max(d, -1, 20000, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cpu.max"), "max 20000");
	TU_EQ_INT(cgroup_set_cpu_max(d, 10, 100000, err, sizeof(err)), -EINVAL);
	TU_EQ_INT(cgroup_set_memory(d, "high", 64 << 20, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "memory.high"), "67108864");
	TU_EQ_INT(cgroup_set_memory(d, "max", -1, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "memory.max"), "max");
	TU_EQ_INT(cgroup_set_memory(d, "swap", 1, err, sizeof(err)), -EINVAL);
	TU_EQ_INT(cgroup_set_pids_max(d, 32, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "pids.max"), "32");
	TU_EQ_INT(cgroup_move_pid(d, 1234, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cgroup.procs"), "1234");
	TU_EQ_INT(cgroup_move_thread(d, 4321, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cgroup.threads"), "4321");
	TU_EQ_INT(cgroup_set_threaded(d, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cgroup.type"), "threaded");
	/* a file the kernel would not have: the error names it */
	TU_EQ_INT(cgroup_write(d, "cpu.nope", "1", err, sizeof(err)), -ENOENT);
	TU_CHECK(strstr(err, "set/cpu.nope: No such file or directory") != NULL);
}

TU_TEST(cg_freeze_waits_for_the_events_file)
{
	const char *r = root();
	char d[300], err[300];

	snprintf(d, sizeof(d), "%s/frz", r);
	fake_cg(d, "");
	put(d, "cgroup.freeze", "0");
	put(d, "cgroup.events", "populated 1\nfrozen 1\n");
	TU_EQ_INT(cgroup_freeze(d, true, 100, err, sizeof(err)), 0);
	TU_EQ_STR(get(d, "cgroup.freeze"), "1");
	TU_EQ_INT(cgroup_populated(d, err, sizeof(err)), 1);
	/* thaw never confirmed: times out naming the file */
	TU_EQ_INT(cgroup_freeze(d, false, 30, err, sizeof(err)), -ETIMEDOUT);
	TU_CHECK(strstr(err, "frz/cgroup.events still says frozen 1 30 ms after writing 0") != NULL);
	put(d, "cgroup.events", "populated 0\n");
	TU_EQ_INT(cgroup_freeze(d, true, 30, err, sizeof(err)), -ENOENT);
	TU_CHECK(strstr(err, "has no 'frozen' line") != NULL);
}

TU_TEST(cg_remove_deepest_first_and_kills_leftovers)
{
	const char *r = root();
	char d[300], err[300], pids[32];
	pid_t child;
	int st;
	struct stat sb;

	/* plain directories: rmdir works on them as on cgroupfs */
	snprintf(d, sizeof(d), "%s/rm", r);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/rm/a", r);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/rm/a/b", r);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/rm/c", r);
	mkdir(d, 0755);
	snprintf(d, sizeof(d), "%s/rm", r);
	TU_EQ_INT(cgroup_remove(d, false, 100, err, sizeof(err)), 0);
	TU_CHECK(stat(d, &sb) != 0);
	TU_EQ_INT(cgroup_remove(d, false, 100, err, sizeof(err)), -ENOENT); /* listing fails */

	/* kill: no cgroup.kill in the fake, so each pid of cgroup.procs gets SIGKILL */
	child = fork();
	if (child == 0) {
		pause();
		_exit(0);
	}
	snprintf(d, sizeof(d), "%s/kill", r);
	mkdir(d, 0755);
	snprintf(pids, sizeof(pids), "%d\n", (int)child);
	put(d, "cgroup.procs", pids);
	/* the fake's files make rmdir fail ENOTEMPTY, which is final, not retried */
	TU_EQ_INT(cgroup_remove(d, true, 100, err, sizeof(err)), -ENOTEMPTY);
	TU_CHECK(strstr(err, "cannot remove cgroup") && strstr(err, "Directory not empty"));
	TU_EQ_INT(waitpid(child, &st, 0), child);
	TU_CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL);
}
