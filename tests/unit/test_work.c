/* work/work*.c, work/worker*.c: the table, argument checks, and every work
 * type run for real (briefly) as forked workers and as threads. */
#include <errno.h>
#include <linux/capability.h>
#include <sched.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "work/sys.h"
#include "work/work_exec.h"
#include "work/work.h"
#include "work/workers.h"
#include "tests/unit/tu.h"

TU_TEST(work_table_is_complete_and_consistent)
{
	static const char *const required[] = {
		"spin",
		"yield",
		"mixed",
		"bursty",
		"idle_churn",
		"io_sync",
		"pipe_io",
		"futex_pingpong",
		"futex_fanout",
		"cache_pressure",
		"cache_yield",
		"cache_pipe",
		"fork_exit",
		"nice_sweep",
		"affinity_churn",
		"policy_churn",
		"cgroup_churn",
		"wake_chain",
		"thundering_herd",
		"mutex_contention",
		"page_fault_churn",
		"sequence",
	};
	size_t n;
	const struct work_type *t = work_types(&n);

	TU_CHECK(n >= 20);
	for (size_t i = 0; i < sizeof(required) / sizeof(required[0]); i++)
		TU_CHECK(work_type_find(required[i]) != NULL);
	TU_CHECK(work_type_find("nope") == NULL);
	for (size_t i = 0; i < n; i++) {
		TU_CHECK(t[i].run && t[i].summary && t[i].unit && t[i].nparams <= WORK_MAX_PARAMS);
		TU_CHECK(work_type_find(t[i].name) == &t[i]); /* names unique */
		for (unsigned j = 0; j < t[i].nparams; j++) {
			const struct work_param *p = &t[i].param[j];

			TU_CHECK(p->min <= p->def && p->def <= p->max);
			TU_CHECK(work_param_index(&t[i], p->name) == (int)j);
		}
		if (t[i].group_param >= 0)
			TU_CHECK((unsigned)t[i].group_param < t[i].nparams);
	}
}

TU_TEST(work_args_and_group_checks)
{
	const struct work_type *pp = work_type_find("pipe_io"), *fan = work_type_find("futex_fanout");
	struct work_spec s;
	char err[200];

	work_spec_init(&s, pp);
	TU_EQ_INT(s.args.v[0], 64);
	TU_EQ_INT(work_args_set(pp, &s.args, "msg_bytes", 5000, err, sizeof(err)), -1);
	TU_EQ_STR(err, "work pipe_io: msg_bytes = 5000 is outside 8..4096 bytes");
	TU_EQ_INT(work_args_set(pp, &s.args, "bogus", 1, err, sizeof(err)), -1);
	TU_EQ_STR(err, "work pipe_io has no parameter 'bogus'");
	TU_EQ_INT(work_args_parse(pp, &s.args, "msg_bytes=128,work_loops=7", err, sizeof(err)), 0);
	TU_EQ_INT(s.args.v[0], 128);
	TU_EQ_INT(s.args.v[1], 7);
	TU_EQ_INT(work_args_parse(pp, &s.args, "msg_bytes=12x", err, sizeof(err)), -1);
	TU_EQ_STR(err, "work pipe_io: msg_bytes = '12x' is not an integer");
	TU_EQ_INT(work_check_workers(&s, 3, 0, err, sizeof(err)), -1);
	TU_EQ_STR(err, "work pipe_io runs in groups of 2; 3 workers is not a multiple of 2");
	TU_EQ_INT(work_check_workers(&s, 1, 0, err, sizeof(err)), -1);
	TU_EQ_STR(err, "work pipe_io needs at least 2 workers, got 1");
	TU_EQ_INT(work_check_workers(&s, 4, 0, err, sizeof(err)), 0);

	work_spec_init(&s, fan);
	TU_EQ_INT(work_group_size(fan, &s.args), 4);
	TU_EQ_INT(work_check_workers(&s, 6, 0, err, sizeof(err)), -1);
	work_args_set(fan, &s.args, "size", 3, err, sizeof(err));
	TU_EQ_INT(work_check_workers(&s, 6, 0, err, sizeof(err)), 0);

	work_spec_init(&s, work_type_find("cgroup_churn"));
	TU_EQ_INT(work_check_workers(&s, 1, 1, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "needs fork mode") != NULL);

	work_spec_init(&s, work_type_find("sequence"));
	TU_EQ_INT(work_spec_add_phase(&s, pp, &s.args, 10, err, sizeof(err)), -1);
	TU_EQ_STR(err, "sequence: pipe_io works in groups; a phase must be an independent type");
	TU_EQ_INT(work_spec_add_phase(&s, work_type_find("spin"), &s.args, 0, err, sizeof(err)), -1);
}

/* Run `name` with n workers for ms; returns the group (caller frees). */
static struct workers *run(const char *name, const char *args, unsigned n, bool threads, unsigned ms)
{
	const struct work_type *t = work_type_find(name);
	struct worker_opts o = { .threads = threads };
	struct work_spec s;
	struct workers *g;
	char err[300];

	work_spec_init(&s, t);
	if (args && work_args_parse(t, &s.args, args, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "%s", err);
		return NULL;
	}
	g = workers_new(&s, n, &o, err, sizeof(err));
	if (!g || workers_spawn(g, 5000, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "%s: %s", name, err);
		workers_free(g);
		return NULL;
	}
	workers_go(g, sys_now_ns() + ms * NS_PER_MS);
	if (workers_wait(g, ms + 3000))
		tu_fail(__FILE__, __LINE__, "%s: workers did not return after the deadline", name);
	workers_stop(g, 1000);
	return g;
}

static unsigned workers_for(const struct work_type *t)
{
	struct work_spec s;

	unsigned n;

	work_spec_init(&s, t);
	n = work_group_size(t, &s.args) > 2 ? work_group_size(t, &s.args) : 2;
	return n > t->min_workers ? n : t->min_workers;
}

/* Host-side exceptions: what a container on cgroup v1 cannot do. */
/* Raising nice back (nice_sweep) and leaving SCHED_IDLE (policy_churn)
 * need CAP_SYS_NICE; without it these types must fail with that reason. */
static bool needs_cap_sys_nice(const char *name)
{
	return !strcmp(name, "nice_sweep") || !strcmp(name, "policy_churn") ||
	       !strcmp(name, "priority_inversion") || !strcmp(name, "rt_starvation");
}

static bool may_renice(void)
{
	struct __user_cap_header_struct h = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct d[2] = { 0 };

	return syscall(SYS_capget, &h, d) == 0 && (d[0].effective & (1u << CAP_SYS_NICE));
}

/* Every worker fails for the reason; in priority_inversion only the waiter
 * (nice -10) needs the privilege, the holder (nice 19) and hogs run on; in
 * rt_starvation only the FIFO workers, the normal ones run on. */
static void refused_for_want_of_privilege(struct workers *g, unsigned w, const char *name)
{
	bool some_may_run = !strcmp(name, "priority_inversion") || !strcmp(name, "rt_starvation");
	unsigned failed = 0;

	for (unsigned k = 0; k < w; k++) {
		struct telem_report r;

		workers_report(g, k, &r);
		if (some_may_run && !strcmp(r.state, "done"))
			continue;
		if (strcmp(r.state, "failed") ||
		    (!strstr(r.msg, "Permission denied") && !strstr(r.msg, "CAP_SYS_NICE")))
			tu_fail(__FILE__, __LINE__, "%s worker %u without CAP_SYS_NICE: state %s: %s", name,
				k, r.state, r.msg);
		failed++;
	}
	if (!failed)
		tu_fail(__FILE__, __LINE__, "%s: no worker was refused without CAP_SYS_NICE", name);
}

static const char *host_args(const char *name)
{
	if (!strcmp(name, "policy_churn"))
		return "rt=0"; /* SCHED_FIFO may be refused in a container */
	if (!strcmp(name, "nice_sweep"))
		return "lo=0,hi=5"; /* negative nice may be refused */
	if (!strcmp(name, "sequence"))
		return "phase_ms=30"; /* every default phase within the short run */
	if (!strcmp(name, "rt_starvation"))
		return "sleep_us=1000"; /* 50% duty: the host has no fair server to share a 100% one */
	return NULL;
}

/* Worker k of a WT_WAKES type must have wake samples: not mutex_contention's
 * (an uncontended lock never waits), only priority_inversion's waiter
 * (worker 1), not preempt_storm's hogs (worker 0 of each pair by default). */
static bool measures_wakes(const char *name, unsigned k)
{
	if (!strcmp(name, "mutex_contention"))
		return false;
	if (!strcmp(name, "priority_inversion"))
		return k == 1;
	if (!strcmp(name, "preempt_storm"))
		return k % 2;
	return true;
}

static bool no_wake(struct workers *g, unsigned w, const char *name)
{
	for (unsigned k = 0; k < w; k++) {
		struct telem_report r;

		workers_report(g, k, &r);
		if (measures_wakes(name, k) && !r.wake_n)
			return true;
	}
	return false;
}

static void every_type(bool threads)
{
	size_t n;
	const struct work_type *t = work_types(&n);

	for (size_t i = 0; i < n; i++) {
		struct workers *g;
		unsigned w = workers_for(&t[i]);

		if (!strcmp(t[i].name, "cgroup_churn"))
			continue; /* needs cgroup v2: tests/e2e/worktest.sh runs it in the VM */
		if (threads && (t[i].flags & WT_FORK_ONLY))
			continue;
		if (t[i].flags & WT_ARGV)
			continue; /* needs a program: work_exec_runs_the_program_and_keeps_its_output */
		if (!(g = run(t[i].name, host_args(t[i].name), w, threads, 150)))
			continue;
		if (needs_cap_sys_nice(t[i].name) && !may_renice()) {
			refused_for_want_of_privilege(g, w, t[i].name);
			workers_free(g);
			continue;
		}
		/* on a loaded host 150 ms may hold no complete wake: run longer
		 * once before judging, so only a type that never wakes fails */
		if ((t[i].flags & WT_WAKES) && no_wake(g, w, t[i].name)) {
			workers_free(g);
			if (!(g = run(t[i].name, host_args(t[i].name), w, threads, 1000)))
				continue;
		}
		for (unsigned k = 0; k < w; k++) {
			struct telem_report r;

			workers_report(g, k, &r);
			if (strcmp(r.state, "done") || !r.units || !r.iters || r.wall_ns == 0 ||
			    r.cpu_ns > r.wall_ns * 2 + 50000000 || !cpuset_count(&r.cpus) ||
			    strcmp(workers_fate(g, k), threads ? "joined" : "exited"))
				tu_fail(__FILE__, __LINE__,
					"%s worker %u (%s): state %s fate %s units %llu iters %llu wall %llu "
					"cpu %llu: %s",
					t[i].name, k, threads ? "thread" : "fork", r.state,
					workers_fate(g, k), (unsigned long long)r.units,
					(unsigned long long)r.iters, (unsigned long long)r.wall_ns,
					(unsigned long long)r.cpu_ns, r.msg);
			if ((t[i].flags & WT_WAKES) && measures_wakes(t[i].name, k) && !r.wake_n)
				tu_fail(__FILE__, __LINE__, "%s worker %u: no wake latency sample", t[i].name,
					k);
			TU_CHECK(r.wake_p50 <= r.wake_p90 && r.wake_p90 <= r.wake_p99 &&
				 r.wake_p99 <= r.wake_max);
		}
		workers_free(g);
	}
}

/* exec: the program runs in a child with the worker's settings, its output
 * lands in the worker's file, its status in the telemetry's slot; one still
 * running at the end gets SIGTERM and counts as stopped. */
static struct workers *exec_run(const char *const *argv, unsigned argc, unsigned ms, char *out, size_t outlen,
				uint64_t *status)
{
	struct work_spec s;
	struct worker_opts o = { 0 };
	struct workers *g;
	char err[300], path[64];
	FILE *f;
	size_t n = 0;

	work_spec_init(&s, work_type_find("exec"));
	for (unsigned i = 0; i < argc; i++)
		s.argv[i] = argv[i];
	s.argc = argc;
	g = workers_new(&s, 1, &o, err, sizeof(err));
	if (!g || workers_spawn(g, 5000, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "exec: %s", err);
		workers_free(g);
		return NULL;
	}
	workers_go(g, sys_now_ns() + ms * NS_PER_MS);
	workers_wait(g, ms + 3000);
	workers_stop(g, 1000);
	work_exec_out_path(workers_pid(g, 0), path, sizeof(path));
	if ((f = fopen(path, "r"))) {
		n = fread(out, 1, outlen - 1, f);
		fclose(f);
	}
	out[n] = '\0';
	unlink(path);
	*status = workers_telem(g, 0)->slot;
	return g;
}

TU_TEST(work_exec_runs_the_program_and_keeps_its_output)
{
	static const char *const echo[] = { "echo", "a b", "c" },
				 *const fail[] = { "sh", "-c", "echo no >&2; exit 3" },
				 *const slow[] = { "sleep", "30" }, *const none[] = { "/nonexistent/prog" };
	struct workers *g;
	struct work_spec s;
	char out[512], err[200];
	uint64_t st;

	work_spec_init(&s, work_type_find("exec"));
	TU_EQ_INT(work_check_workers(&s, 1, 0, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "needs a program") != NULL);
	if ((g = exec_run(echo, 3, 300, out, sizeof(out), &st))) {
		TU_EQ_STR(out, "a b c\n"); /* argv as given: no shell splitting */
		TU_CHECK((st & PAYLOAD_ENDED) && !(st & PAYLOAD_STOPPED) && WIFEXITED((int)(st & 0xffff)));
		TU_EQ_INT(workers_telem(g, 0)->units, 1);
		TU_EQ_INT(workers_telem(g, 0)->aux, 0);
		workers_free(g);
	}
	if ((g = exec_run(fail, 3, 300, out, sizeof(out), &st))) {
		TU_EQ_STR(out, "no\n"); /* stderr is kept */
		TU_EQ_INT(WEXITSTATUS((int)(st & 0xffff)), 3);
		TU_EQ_INT(workers_telem(g, 0)->aux, 1);
		workers_free(g);
	}
	if ((g = exec_run(slow, 2, 200, out, sizeof(out), &st))) {
		TU_CHECK(st & PAYLOAD_STOPPED);
		TU_CHECK(WIFSIGNALED((int)(st & 0xffff)) && WTERMSIG((int)(st & 0xffff)) == SIGTERM);
		workers_free(g);
	}
	if ((g = exec_run(none, 1, 200, out, sizeof(out), &st))) {
		TU_CHECK(strstr(out, "exec /nonexistent/prog: No such file") != NULL);
		TU_EQ_INT(WEXITSTATUS((int)(st & 0xffff)), 127);
		workers_free(g);
	}
}

/* exec with a file (work rtapp's JSON): the program starts in a directory
 * of its own that holds the file, and what it leaves there stays for the
 * runtime to send. */
TU_TEST(work_exec_gives_the_file_in_its_own_directory)
{
	struct work_spec s;
	struct worker_opts o = { 0 };
	struct workers *g;
	char err[300], dir[64], path[128], out[256] = "";
	FILE *f;

	work_spec_init(&s, work_type_find("exec"));
	s.argv[0] = "sh", s.argv[1] = "-c", s.argv[2] = "pwd; cat in.json > left.log";
	s.argc = 3;
	s.file_name = "in.json", s.file_text = "{\"tasks\": {}}";
	g = workers_new(&s, 1, &o, err, sizeof(err));
	if (!g || workers_spawn(g, 5000, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "exec: %s", err);
		workers_free(g);
		return;
	}
	workers_go(g, sys_now_ns() + 300 * NS_PER_MS);
	workers_wait(g, 3300);
	workers_stop(g, 1000);
	work_exec_dir_path(workers_pid(g, 0), dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/left.log", dir);
	if ((f = fopen(path, "r"))) {
		out[fread(out, 1, sizeof(out) - 1, f)] = '\0';
		fclose(f);
	}
	TU_EQ_STR(out, "{\"tasks\": {}}");
	work_exec_out_path(workers_pid(g, 0), path, sizeof(path));
	if ((f = fopen(path, "r"))) {
		out[fread(out, 1, sizeof(out) - 1, f)] = '\0';
		fclose(f);
	}
	TU_CHECK(!strncmp(out, dir, strlen(dir))); /* it ran there */
	TU_EQ_INT(WEXITSTATUS((int)(workers_telem(g, 0)->slot & 0xffff)), 0);
	unlink(path);
	snprintf(path, sizeof(path), "%s/left.log", dir);
	unlink(path);
	snprintf(path, sizeof(path), "%s/in.json", dir);
	unlink(path);
	rmdir(dir);
	workers_free(g);
}

TU_TEST(work_every_type_forked)
{
	every_type(false);
}

TU_TEST(work_every_type_threads)
{
	every_type(true);
}

/* A worker SIGSTOPped mid-run still leaves its telemetry, is reported as
 * unfinished and killed, and its last iteration shows when it stopped; one
 * stopped before the release shows no progress at all. */
TU_TEST(worker_stopped_keeps_telemetry_and_is_detected)
{
	struct work_spec s;
	struct worker_opts o = { 0 };
	struct telem_report r0, r1, r2;
	struct workers *g;
	char err[300];
	uint64_t go, stopped;

	work_spec_init(&s, work_type_find("spin"));
	g = workers_new(&s, 3, &o, err, sizeof(err));
	TU_CHECK(g != NULL);
	if (!g)
		return;
	TU_EQ_INT(workers_spawn(g, 5000, err, sizeof(err)), 0);
	kill(workers_pid(g, 2), SIGSTOP); /* never gets going */
	go = sys_now_ns();
	workers_go(g, go + 400 * NS_PER_MS);
	usleep(100000);
	kill(workers_pid(g, 1), SIGSTOP);
	{
		int st; /* the signal lands asynchronously: wait until it has */

		waitpid(workers_pid(g, 1), &st, WUNTRACED);
	}
	stopped = sys_now_ns();
	TU_EQ_INT(workers_wait(g, 1000), -ETIMEDOUT); /* the stopped ones never return */
	workers_stop(g, 200);
	workers_report(g, 0, &r0);
	workers_report(g, 1, &r1);
	workers_report(g, 2, &r2);
	TU_EQ_STR(r0.state, "done");
	TU_EQ_STR(workers_fate(g, 0), "exited");
	TU_EQ_STR(r1.state, "unfinished");
	TU_EQ_STR(workers_fate(g, 1), "killed");
	TU_CHECK(r1.units > 0);
	TU_CHECK(r1.last_ns <= stopped && r1.last_ns > go);
	TU_CHECK(r1.wall_ns > 0); /* end figures taken from outside */
	TU_EQ_STR(r2.state, "never_started");
	TU_EQ_STR(workers_fate(g, 2), "killed");
	TU_EQ_INT(r2.units, 0);
	workers_free(g);
}

/* workers_ask_stop only raises the flag: spinners with no deadline return
 * on it without anyone waiting, so two sets asked in turn wind down side by
 * side, and workers_stop then only reaps. */
TU_TEST(workers_ask_stop_lets_sets_wind_down_together)
{
	const struct work_type *t = work_type_find("spin");
	struct worker_opts o = { 0 };
	struct workers *g[2];
	struct work_spec s;
	char err[300];

	work_spec_init(&s, t);
	for (int k = 0; k < 2; k++) {
		g[k] = workers_new(&s, 2, &o, err, sizeof(err));
		TU_CHECK(g[k] != NULL);
		if (!g[k])
			return;
		TU_EQ_INT(workers_spawn(g[k], 5000, err, sizeof(err)), 0);
		workers_go(g[k], 0); /* until stopped */
	}
	usleep(50000);
	TU_EQ_INT(workers_wait(g[0], 50), -ETIMEDOUT); /* no deadline: still spinning */
	workers_ask_stop(g[0]);
	workers_ask_stop(g[1]);
	TU_EQ_INT(workers_wait(g[1], 5000), 0); /* the second set returned once asked */
	TU_EQ_INT(workers_wait(g[0], 5000), 0);
	for (int k = 0; k < 2; k++) {
		workers_stop(g[k], 1000);
		TU_EQ_STR(workers_fate(g[k], 0), "exited");
		TU_EQ_STR(workers_fate(g[k], 1), "exited");
		workers_free(g[k]);
	}
}

TU_TEST(worker_setup_failure_is_reported_not_fatal)
{
	struct work_spec s;
	struct worker_opts o = { 0 }, bad = { .policy = WORKER_POLICY_FIFO, .prio = 0 };
	struct telem_report r;
	struct workers *g;
	char err[300];

	work_spec_init(&s, work_type_find("spin"));
	g = workers_new(&s, 2, &o, err, sizeof(err));
	TU_CHECK(g && workers_set_opts(g, 1, &bad, err, sizeof(err)) == 0);
	if (!g)
		return;
	TU_EQ_INT(workers_spawn(g, 5000, err, sizeof(err)), 0);
	workers_go(g, sys_now_ns() + 50 * NS_PER_MS);
	TU_EQ_INT(workers_wait(g, 2000), 0);
	workers_stop(g, 500);
	workers_report(g, 1, &r);
	TU_EQ_STR(r.state, "failed");
	TU_EQ_STR(r.msg, "policy fifo needs a priority 1..99, got 0");
	TU_EQ_INT(r.units, 0);
	workers_report(g, 0, &r);
	TU_EQ_STR(r.state, "done");
	TU_CHECK(r.units > 0);
	workers_free(g);

	TU_CHECK(workers_new(&s, 0, &o, err, sizeof(err)) == NULL);
	TU_EQ_STR(err, "work spin: 0 workers; expected 1..256");
}

TU_TEST(worker_affinity_and_policy_apply)
{
	struct work_spec s;
	struct worker_opts o = {
		.policy = WORKER_POLICY_BATCH, .set_nice = true, .nice = 3, .set_cpus = true
	};
	struct telem_report r;
	struct workers *g;
	char err[300];
	enum worker_policy p;

	TU_EQ_INT(worker_policy_parse("rr", &p), 0);
	TU_EQ_INT(p, WORKER_POLICY_RR);
	TU_EQ_INT(worker_policy_parse("other", &p), 0);
	TU_EQ_INT(p, WORKER_POLICY_NORMAL);
	TU_EQ_INT(worker_policy_parse("deadline", &p), -1);
	cpuset_add(&o.cpus, 0);
	work_spec_init(&s, work_type_find("spin"));
	g = workers_new(&s, 2, &o, err, sizeof(err));
	if (!g || workers_spawn(g, 5000, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "%s", err);
		workers_free(g);
		return;
	}
	workers_go(g, sys_now_ns() + 60 * NS_PER_MS);
	workers_wait(g, 2000);
	workers_stop(g, 500);
	for (unsigned i = 0; i < 2; i++) {
		workers_report(g, i, &r);
		TU_EQ_STR(r.state, "done");
		TU_EQ_INT(cpuset_count(&r.cpus), 1); /* pinned to CPU 0 */
		TU_CHECK(cpuset_has(&r.cpus, 0));
		TU_EQ_INT(r.migrations, 0);
	}
	workers_free(g);
}

/* doc/worktypes.md documents every type and every parameter. */
TU_TEST(work_doc_covers_every_type_and_parameter)
{
	FILE *f = fopen("doc/worktypes.md", "r");
	static char doc[65536];
	size_t n, len;
	const struct work_type *t = work_types(&n);

	TU_CHECK(f != NULL);
	if (!f)
		return;
	len = fread(doc, 1, sizeof(doc) - 1, f);
	doc[len] = '\0';
	fclose(f);
	for (size_t i = 0; i < n; i++) {
		char head[64], *sec, *end;

		snprintf(head, sizeof(head), "\n### %s\n", t[i].name);
		if (!(sec = strstr(doc, head))) {
			tu_fail(__FILE__, __LINE__, "doc/worktypes.md has no section for %s", t[i].name);
			continue;
		}
		end = strstr(sec + 1, "\n#");
		for (unsigned j = 0; j < t[i].nparams; j++) {
			char row[64], *hit;

			snprintf(row, sizeof(row), "| %s | %lld |", t[i].param[j].name,
				 (long long)t[i].param[j].def);
			hit = strstr(sec, row);
			if (!hit || (end && hit > end))
				tu_fail(__FILE__, __LINE__, "doc/worktypes.md: %s lacks the row '%s'",
					t[i].name, row);
		}
	}
}

/* Affinity changed from outside while the worker runs: it follows. */
TU_TEST(worker_retarget_moves_a_running_worker)
{
	struct work_spec s;
	struct worker_opts o = { .set_cpus = true }, to = { .set_cpus = true };
	struct telem_report r;
	struct workers *g;
	char err[300];

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		return; /* nothing to move to */
	cpuset_add(&o.cpus, 0);
	cpuset_add(&to.cpus, 1);
	work_spec_init(&s, work_type_find("spin"));
	g = workers_new(&s, 1, &o, err, sizeof(err));
	if (!g || workers_spawn(g, 5000, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "%s", err);
		workers_free(g);
		return;
	}
	workers_go(g, sys_now_ns() + 200 * NS_PER_MS);
	usleep(50000);
	TU_EQ_INT(workers_retarget(g, 0, &to, err, sizeof(err)), 0);
	workers_wait(g, 2000);
	workers_stop(g, 500);
	workers_report(g, 0, &r);
	TU_CHECK(cpuset_has(&r.cpus, 0) && cpuset_has(&r.cpus, 1));
	TU_CHECK(r.migrations >= 1);
	TU_EQ_INT(workers_retarget(g, 5, &to, err, sizeof(err)), -EINVAL);
	workers_free(g);
}

/* sequence with explicit phases: both run, the phase counter moves, and the
 * sleeping phase brings wake-latency samples. */
TU_TEST(work_sequence_runs_its_phases)
{
	const struct work_type *seq = work_type_find("sequence"), *spin = work_type_find("spin"),
			       *idle = work_type_find("idle_churn");
	struct work_spec s;
	struct work_args a;
	struct worker_opts o = { 0 };
	struct telem_report r;
	struct workers *g;
	char err[300];

	work_spec_init(&s, seq);
	for (unsigned i = 0; i < WORK_MAX_PARAMS; i++)
		a.v[i] = i < spin->nparams ? spin->param[i].def : 0;
	TU_EQ_INT(work_spec_add_phase(&s, spin, &a, 20, err, sizeof(err)), 0);
	for (unsigned i = 0; i < idle->nparams; i++)
		a.v[i] = idle->param[i].def;
	TU_EQ_INT(work_spec_add_phase(&s, idle, &a, 20, err, sizeof(err)), 0);
	g = workers_new(&s, 1, &o, err, sizeof(err));
	if (!g || workers_spawn(g, 5000, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "%s", err);
		workers_free(g);
		return;
	}
	workers_go(g, sys_now_ns() + 150 * NS_PER_MS);
	TU_EQ_INT(workers_wait(g, 3000), 0);
	workers_stop(g, 500);
	workers_report(g, 0, &r);
	TU_EQ_STR(r.state, "done");
	/* about 150 / 20 phases on an idle host; a loaded one may deschedule the
	 * worker for most of the run, so only ask that both phases came round */
	TU_CHECK(r.aux >= 2);
	TU_CHECK(r.wake_n > 0);
	TU_CHECK(r.units > 0);
	workers_free(g);
}

/* Units of worker k over a 200 ms run of `name` with args. */
static unsigned long long units_of(const char *name, const char *args, unsigned n, unsigned k,
				   unsigned long long *iters)
{
	struct workers *g = run(name, args, n, false, 200);
	struct telem_report r = { 0 };

	if (g)
		workers_report(g, k, &r);
	workers_free(g);
	if (iters)
		*iters = r.iters;
	return r.units;
}

/* The duration parameters the language maps to (burst, interval, hold,
 * sleep) pace the loop: 10 ms each bounds a 200 ms run to about 20 units
 * (a wake ring: 20 per ring); fork_exit's count forks that many per round. */
TU_TEST(work_duration_and_count_parameters_take_effect)
{
	static const struct {
		const char *name, *args;
		unsigned n;
	} paced[] = {
		{ "futex_pingpong", "burst_us=10000", 2 },
		{ "wake_chain", "length=2,burst_us=10000", 2 },
		{ "futex_fanout", "size=2,burst_us=10000", 2 },
		{ "nice_sweep", "lo=0,hi=5,interval_us=10000", 1 },
		{ "affinity_churn", "interval_us=10000", 1 },
		{ "policy_churn", "rt=0,interval_us=10000", 1 },
		{ "mutex_contention", "hold_us=10000", 2 },
		{ "mutex_contention", "sleep_us=10000", 2 },
		{ "fan_out_compute", "size=2,burst_us=10000", 2 },
	};
	unsigned long long u, it;

	for (size_t i = 0; i < sizeof(paced) / sizeof(paced[0]); i++) {
		u = units_of(paced[i].name, paced[i].args, paced[i].n, 0, NULL);
		if (u == 0 || u > 25)
			tu_fail(__FILE__, __LINE__, "%s(%s): %llu units in 200 ms, expected 1..25",
				paced[i].name, paced[i].args, u);
	}
	u = units_of("fork_exit", "count=3", 1, 0, &it);
	TU_CHECK(it > 0 && u == 3 * it);
	u = units_of("preempt_storm", "sleep_us=10000", 2, 1, NULL); /* worker 1 sleeps */
	if (u == 0 || u > 25)
		tu_fail(__FILE__, __LINE__,
			"preempt_storm(sleep_us=10000): %llu wakes in 200 ms, expected 1..25", u);
}

/* preempt_storm: the hog of each group never sleeps, every sleeper's unit
 * is one timed wake (a last wake may end the run before its burst counts). */
TU_TEST(work_preempt_storm_hogs_spin_and_sleepers_wake)
{
	struct workers *g = run("preempt_storm", "size=3,burst_us=100", 6, false, 300);

	for (unsigned k = 0; g && k < 6; k++) {
		struct telem_report r;

		workers_report(g, k, &r);
		TU_EQ_STR(r.state, "done");
		TU_CHECK(r.units > 0);
		if (k % 3 == 0)
			TU_EQ_INT(r.wake_n, 0);
		else if (r.wake_n < r.units || r.wake_n > r.units + 1)
			tu_fail(__FILE__, __LINE__, "sleeper %u: %llu wakes for %llu units", k,
				(unsigned long long)r.wake_n, (unsigned long long)r.units);
	}
	workers_free(g);
}

/* fan_out_compute: a round is joined only when every helper has computed
 * its chunk, so a helper is at most the round in flight ahead of its leader;
 * the leader's sample per round spans at least its own chunk. */
TU_TEST(work_fan_out_compute_joins_every_round)
{
	struct workers *g = run("fan_out_compute", "size=4,burst_us=2000", 8, false, 300);

	for (unsigned k = 0; g && k < 8; k++) {
		struct telem_report r, lead;

		workers_report(g, k, &r);
		workers_report(g, k / 4 * 4, &lead);
		TU_EQ_STR(r.state, "done");
		TU_CHECK(lead.units > 0);
		if (k % 4 == 0) {
			TU_EQ_INT(r.wake_n, r.units); /* one round latency per joined round */
			TU_CHECK(r.wake_p50 >= 2 * NS_PER_MS);
			TU_EQ_INT(r.aux, 0);
		} else if (r.units < lead.units || r.units > lead.units + 1 || r.aux > r.units) {
			tu_fail(__FILE__, __LINE__,
				"helper %u: %llu chunks (%llu on the leader's CPU), leader %llu rounds", k,
				(unsigned long long)r.units, (unsigned long long)r.aux,
				(unsigned long long)lead.units);
		}
	}
	workers_free(g);
}

static unsigned online_cpus_all_allowed(void)
{
	cpu_set_t set;
	long online = sysconf(_SC_NPROCESSORS_ONLN);

	if (sched_getaffinity(0, sizeof(set), &set) || CPU_COUNT(&set) != online)
		return 0;
	return (unsigned)online;
}

/* rt_starvation pins every worker beside a FIFO one: with one FIFO worker
 * the whole set runs on one CPU. Without CAP_SYS_NICE only the FIFO worker
 * is refused and the normal ones still run there. */
TU_TEST(work_rt_starvation_pins_normal_workers_beside_the_fifo_ones)
{
	struct workers *g = run("rt_starvation", "count=1,sleep_us=1000", 3, false, 200);
	struct telem_report r[3];

	if (!g)
		return;
	for (unsigned k = 0; k < 3; k++)
		workers_report(g, k, &r[k]);
	if (may_renice()) {
		TU_EQ_STR(r[0].state, "done");
		TU_CHECK(r[0].units > 0);
	} else {
		TU_EQ_STR(r[0].state, "failed");
		TU_CHECK(strstr(r[0].msg, "SCHED_FIFO") && strstr(r[0].msg, "CAP_SYS_NICE"));
	}
	for (unsigned k = 1; k < 3; k++) {
		TU_EQ_STR(r[k].state, "done");
		TU_CHECK(r[k].units > 0);
		TU_EQ_INT(cpuset_count(&r[k].cpus), 1);
		TU_CHECK(cpuset_equal(&r[k].cpus, &r[1].cpus));
		if (may_renice())
			TU_CHECK(cpuset_equal(&r[k].cpus, &r[0].cpus));
	}
	workers_free(g);
}

/* A FIFO burst far longer than the run still ends at the deadline: the
 * FIFO workers stop on their own, whatever starves beside them. */
TU_TEST(work_rt_starvation_fifo_bursts_end_at_the_deadline)
{
	struct workers *g = run("rt_starvation", "count=1,burst_us=10000000", 2, false, 200);
	struct telem_report r;

	if (!g)
		return; /* run() failed the test if the workers outlived the deadline */
	workers_report(g, 0, &r);
	if (may_renice()) {
		TU_EQ_STR(r.state, "done");
		TU_EQ_INT(r.units, 1); /* the one burst, cut at the deadline */
		TU_CHECK(r.wall_ns < 3 * NS_PER_S);
	} else {
		TU_EQ_STR(r.state, "failed");
	}
	workers_free(g);
}

/* Refused before any worker turns FIFO: a set with no normal worker, and
 * always-busy FIFO workers on every CPU (PID 1 would starve with them). */
TU_TEST(work_rt_starvation_refuses_what_would_starve_the_guest)
{
	unsigned all = online_cpus_all_allowed();
	char args[64];
	struct workers *g = run("rt_starvation", "count=2", 2, false, 100);

	for (unsigned k = 0; g && k < 2; k++) {
		struct telem_report r;

		workers_report(g, k, &r);
		TU_EQ_STR(r.state, "failed");
		TU_EQ_STR(r.msg, "rt_starvation: count 2 leaves no normal worker among 2; give more workers");
	}
	workers_free(g);
	if (!all || all >= 255)
		return; /* affinity narrower than the machine: every CPU cannot be asked for */
	snprintf(args, sizeof(args), "count=%u", all);
	g = run("rt_starvation", args, all + 1, false, 100);
	for (unsigned k = 0; g && k <= all; k++) {
		struct telem_report r;

		workers_report(g, k, &r);
		TU_EQ_STR(r.state, "failed");
		TU_CHECK(strstr(r.msg, "one is kept for the guest: lower count or set sleep") != NULL);
	}
	workers_free(g);
}

/* comm: every worker names itself before the barrier (processes and
 * threads), and a thread worker can be renamed while it runs. */
TU_TEST(worker_comm_names_each_worker)
{
	for (int threads = 0; threads < 2; threads++) {
		struct worker_opts o = { .threads = threads }, to = { .threads = threads };
		struct workers *g;
		struct work_spec s;
		char err[300], name[32];

		snprintf(o.comm, sizeof(o.comm), "kts_named");
		snprintf(to.comm, sizeof(to.comm), "kts_renamed");
		work_spec_init(&s, work_type_find("spin"));
		g = workers_new(&s, 2, &o, err, sizeof(err));
		if (!g || workers_spawn(g, 5000, err, sizeof(err))) {
			tu_fail(__FILE__, __LINE__, "%s", err);
			workers_free(g);
			continue;
		}
		for (unsigned i = 0; i < 2; i++) {
			const struct telem *t = workers_telem(g, i);

			TU_EQ_INT(worker_task_comm(t->pid, t->tid, name, sizeof(name)), 0);
			TU_EQ_STR(name, "kts_named");
		}
		workers_go(g, sys_now_ns() + 100 * NS_PER_MS);
		if (threads) {
			const struct telem *t = workers_telem(g, 1);

			TU_EQ_INT(workers_retarget(g, 1, &to, err, sizeof(err)), 0);
			TU_EQ_INT(worker_task_comm(t->pid, t->tid, name, sizeof(name)), 0);
			TU_EQ_STR(name, "kts_renamed");
		}
		workers_wait(g, 2000);
		workers_stop(g, 500);
		workers_free(g);
	}
}
