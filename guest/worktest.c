/* ktsrun.mode=worktest. Steps, each announced by a REC_STEP:
 *   one per work type: max(2, group size) workers in /sys/fs/cgroup/kts/run
 *     for WT_RUN_MS, one REC_WORKER each, then the cgroup's cpu.stat;
 *   "check_freeze":  2 spinners, the cgroup frozen for WT_FREEZE_MS mid-run:
 *     their largest gap must show it;
 *   "check_sigstop": 2 spinners, the second SIGSTOPped before the release: it
 *     must be reported without progress;
 *   "check_threads": 2 spinners as threads of PID 1 (outside the cgroup);
 *   "check_policy":  4 bursty workers (50% duty, so the RT ones leave room),
 *     one per policy batch+nice 5 / idle / fifo 10 / rr 10: all must run.
 * Then the cgroup tree is removed (killing leftovers) and the init sends DONE. */
#include "guest/worktest.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/sysfs.h"
#include "lib/proto.h"
#include "work/cgroup.h"
#include "work/rec.h"
#include "work/sys.h"
#include "work/work_exec.h"
#include "work/workers.h"

#define WT_RUN_MS    400
#define WT_FREEZE_MS 300
#define WT_CG	     "kts/run"

static char cg_dir[256];
static unsigned step, worker_id;
static char rec[8192];

static void send_step(const char *name)
{
	if (rec_step(rec, sizeof(rec), ++step, name, sys_now_ns()) > 0)
		chan_rec(REC_STEP, "%s", rec);
}

static void send_cgroup(void)
{
	char stat[1024], cpus[256] = "", e[200];
	struct rec_cgroup_stat s = { .name = "kts", .path = cg_dir, .cpus_effective = cpus };

	if (cgroup_read(cg_dir, "cpu.stat", stat, sizeof(stat), e, sizeof(e)))
		return;
	cgroup_read(cg_dir, "cpuset.cpus.effective", cpus, sizeof(cpus), e, sizeof(e));
	rec_parse_cpu_stat(stat, &s);
	if (rec_cgroup(rec, sizeof(rec), &s) > 0)
		chan_rec(REC_CGROUP, "%s", rec);
}

static void send_workers(struct workers *g, const char *set, const char *work)
{
	for (unsigned i = 0; i < workers_size(g); i++) {
		struct telem_report r;
		struct rec_id id = { worker_id++, set, work, (int)workers_pid(g, i), workers_fate(g, i) };

		workers_report(g, i, &r);
		if (rec_worker(rec, sizeof(rec), &id, &r) > 0)
			chan_rec(REC_WORKER, "%s", rec);
	}
}

/* Orphans of killed workers (fork_exit children) come to PID 1. */
static void reap_strays(void)
{
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
}

static struct workers *start(const struct work_spec *s, unsigned n, char *err, size_t errlen)
{
	struct worker_opts o = { .cgroup = cg_dir };
	struct workers *g = workers_new(s, n, &o, err, errlen);

	if (g && workers_spawn(g, 10000, err, errlen)) {
		workers_free(g);
		return NULL;
	}
	return g;
}

static int run_type(const struct work_type *t, char *err, size_t errlen)
{
	struct work_spec s;
	struct workers *g;
	unsigned n;

	work_spec_init(&s, t);
	if (!strcmp(t->name, "sequence"))
		s.args.v[0] = WT_RUN_MS / 4;   /* all three default phases within the run */
	if (!strcmp(t->name, "rt_starvation")) /* 50% duty: the normal worker runs within the run */
		s.args.v[2] = s.args.v[1];
	if (t->flags & WT_ARGV) /* the host put it in the initramfs */
		s.argv[0] = WORKTEST_EXEC_PROG, s.argc = 1;
	n = work_group_size(t, &s.args) > 2 ? work_group_size(t, &s.args) : 2;
	n = n > t->min_workers ? n : t->min_workers;
	send_step(t->name);
	if (!(g = start(&s, n, err, errlen)))
		return -EIO;
	workers_go(g, sys_now_ns() + WT_RUN_MS * NS_PER_MS);
	workers_wait(g, WT_RUN_MS + 5000);
	workers_stop(g, 2000);
	send_workers(g, "kts", t->name);
	for (unsigned i = 0; (t->flags & WT_ARGV) && i < workers_size(g); i++) {
		char path[64];

		work_exec_out_path(workers_pid(g, i), path, sizeof(path));
		unlink(path);
	}
	workers_free(g);
	send_cgroup();
	reap_strays();
	return 0;
}

/* Freeze the cgroup under running spinners; thaw; the gap must show it. */
static int run_freeze(char *err, size_t errlen)
{
	struct work_spec s;
	struct workers *g;
	int r;

	work_spec_init(&s, work_type_find("spin"));
	send_step("check_freeze");
	if (!(g = start(&s, 2, err, errlen)))
		return -EIO;
	workers_go(g, sys_now_ns() + (WT_RUN_MS + WT_FREEZE_MS) * NS_PER_MS);
	usleep(WT_RUN_MS * 1000 / 2);
	r = cgroup_freeze(cg_dir, true, 5000, err, errlen);
	if (!r) {
		usleep(WT_FREEZE_MS * 1000);
		r = cgroup_freeze(cg_dir, false, 5000, err, errlen);
	}
	workers_wait(g, WT_RUN_MS + 5000);
	workers_stop(g, 2000);
	send_workers(g, "kts", "check_freeze");
	workers_free(g);
	return r;
}

/* A worker stopped before the release must come back without progress. */
static int run_sigstop(char *err, size_t errlen)
{
	struct work_spec s;
	struct workers *g;

	work_spec_init(&s, work_type_find("spin"));
	send_step("check_sigstop");
	if (!(g = start(&s, 2, err, errlen)))
		return -EIO;
	kill(workers_pid(g, 1), SIGSTOP);
	workers_go(g, sys_now_ns() + WT_RUN_MS / 2 * NS_PER_MS);
	workers_wait(g, WT_RUN_MS + 1000);
	workers_stop(g, 500);
	send_workers(g, "kts", "check_sigstop");
	workers_free(g);
	reap_strays();
	return 0;
}

/* Run `work` with per-worker options; every worker must make progress. */
static int run_opts(const char *name, const char *work, const char *args, unsigned n,
		    const struct worker_opts *o, char *err, size_t errlen)
{
	struct work_spec s;
	struct workers *g;

	work_spec_init(&s, work_type_find(work));
	if (args && work_args_parse(s.type, &s.args, args, err, errlen))
		return -EINVAL;
	send_step(name);
	if (!(g = workers_new(&s, n, &o[0], err, errlen)))
		return -EINVAL;
	for (unsigned i = 1; i < n; i++)
		workers_set_opts(g, i, &o[i], err, errlen);
	if (workers_spawn(g, 10000, err, errlen)) {
		workers_free(g);
		return -EIO;
	}
	workers_go(g, sys_now_ns() + WT_RUN_MS / 2 * NS_PER_MS);
	workers_wait(g, WT_RUN_MS + 5000);
	workers_stop(g, 2000);
	send_workers(g, "none", name);
	workers_free(g);
	return 0;
}

static int run_checks(char *err, size_t errlen)
{
	struct worker_opts thr[2] = { { .threads = true }, { .threads = true } };
	struct worker_opts pol[4] = {
		{ .policy = WORKER_POLICY_BATCH, .set_nice = true, .nice = 5 },
		{ .policy = WORKER_POLICY_IDLE },
		{ .policy = WORKER_POLICY_FIFO, .prio = 10 },
		{ .policy = WORKER_POLICY_RR, .prio = 10 },
	};
	int r;

	if ((r = run_freeze(err, errlen)) || (r = run_sigstop(err, errlen)) ||
	    (r = run_opts("check_threads", "spin", NULL, 2, thr, err, errlen)))
		return r;
	return run_opts("check_policy", "bursty", "burst_us=1000,sleep_us=1000", 4, pol, err, errlen);
}

static int setup_cgroup(char *err, size_t errlen)
{
	char cpus[256], mems[64];
	int r;

	if (sysfs_read(cpus, sizeof(cpus), "/sys/devices/system/cpu/online") ||
	    sysfs_read(mems, sizeof(mems), "/sys/devices/system/node/online"))
		snprintf(mems, sizeof(mems), "0");
	cgroup_path(cg_dir, sizeof(cg_dir), CG_ROOT, WT_CG);
	if ((r = cgroup_create(CG_ROOT, WT_CG, NULL, err, errlen)) ||
	    (r = cgroup_set_cpus(cg_dir, cpus, err, errlen)) ||
	    (r = cgroup_set_mems(cg_dir, mems, err, errlen)) ||
	    (r = cgroup_set_weight(cg_dir, 100, err, errlen)) ||
	    (r = cgroup_set_cpu_max(cg_dir, -1, 100000, err, errlen)) ||
	    (r = cgroup_set_memory(cg_dir, "high", -1, err, errlen)) ||
	    (r = cgroup_set_memory(cg_dir, "max", 1ll << 30, err, errlen)) ||
	    (r = cgroup_set_memory(cg_dir, "low", 0, err, errlen)) ||
	    (r = cgroup_set_pids_max(cg_dir, 4096, err, errlen)))
		return r;
	return 0;
}

int worktest_run(char *err, size_t errlen)
{
	char top[256], e2[300];
	size_t n;
	const struct work_type *t = work_types(&n);
	int r;

	cgroup_path(top, sizeof(top), CG_ROOT, "kts");
	if ((r = setup_cgroup(err, errlen)))
		goto out;
	for (size_t i = 0; i < n && !r; i++)
		r = run_type(&t[i], err, errlen);
	if (!r)
		r = run_checks(err, errlen);
out:
	if (cgroup_remove(top, true, 5000, e2, sizeof(e2)) && !r) {
		snprintf(err, errlen, "%s", e2);
		r = -EBUSY;
	}
	return r;
}
