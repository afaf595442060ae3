/* ktsrun local: an exported scenario (ktsrun export) on this machine, no VM.
 * The bundle's runner (the guest init as an ordinary process, guest/local.h)
 * runs the bytecode in its own cgroup subtree, ktsrun-PID under our cgroup,
 * and sends its records over a socket; run_one judges them as it judges a
 * VM's, so the verdict lines and the JSON are `ktsrun run`'s. Every way out
 * (the end, an error, SIGINT/SIGTERM/SIGHUP) kills what is left in the
 * subtree (runner, workers, scheduler), removes it, and waits for sched_ext
 * to be idle again. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <json-c/json.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/cmd/run_one.h"
#include "host/cmd/scenario_file.h"
#include "host/run/run_data.h"
#include "host/run/verdict.h"
#include "host/util/clock.h"
#include "host/util/log.h"
#include "host/util/sig.h"
#include "interp/bc.h"
#include "lib/frame.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "lib/scx_kind.h"
#include "work/cgroup.h"
#include "work/sys.h"

#define LOCAL_USAGE                                                                            \
	"usage: ktsrun local DIR [--json OUT] [--verbose] [--emulation M]\n"                   \
	"Run the scenario a .run file (ktsrun export) unpacked into DIR on this machine, as\n" \
	"root, with no VM: its requirements checked against this machine's sysfs, in its\n"    \
	"own cgroup subtree, under the bundled scheduler if it has one. Prints the verdict\n"  \
	"as ktsrun run does; exit 0 pass, 1 fail, 2 could not run. The .run file calls\n"      \
	"this itself; it is rarely typed.\n"                                                   \
	"  --json OUT      write the result file (ktsrun report reads it)\n"                   \
	"  --verbose       every worker's figures\n"                                           \
	"  --emulation M   on: judge with the thresholds for an emulated machine (this is\n"   \
	"                  a TCG guest); off (default): hardware's\n"

#define SCX_STATE  "/sys/kernel/sched_ext/state"
#define DUMP_EVENT "/sys/kernel/tracing/events/sched_ext/sched_ext_dump/enable"
#define IDLE_MS	   10000 /* for the subtree to empty and sched_ext to go idle */

struct lc {
	const char *dir;
	char base[4096], top[4200], runner_cg[4300];
	char sched_conf[4200], runner[4200], sched_spec[600];
	unsigned timeout_s;
	char dump_enable[8]; /* the trace event's state before, put back after */
};

struct feed {
	struct run_data *d;
	struct boot_result *br;
	bool done, error;
};

static int read_line(const char *path, char *buf, size_t len)
{
	return sys_read_text(path, buf, len, true);
}

static void put(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		if (write(fd, s, strlen(s)) < 0)
			log_warn("%s: %s", path, strerror(errno));
		close(fd);
	}
}

/* What the machine must offer before anything is created. */
static int check_machine(char *err, size_t len)
{
	char state[64], ops[64] = "", ctrl[512];

	if (geteuid())
		return snprintf(err, len,
				"this needs root (cgroups, a sched_ext scheduler): run it with sudo"),
		       -1;
	if (read_line("/sys/fs/cgroup/cgroup.controllers", ctrl, sizeof(ctrl)))
		return snprintf(err, len,
				"no cgroup v2 at /sys/fs/cgroup (this machine runs cgroup v1 or none): "
				"boot with systemd.unified_cgroup_hierarchy=1"),
		       -1;
	if (!strstr(ctrl, "cpuset"))
		return snprintf(err, len, "the cpuset controller is not available in cgroup v2 here (%s)",
				ctrl),
		       -1;
	if (read_line(SCX_STATE, state, sizeof(state)))
		return snprintf(err, len,
				"this kernel has no sched_ext (%s is missing): it needs "
				"CONFIG_SCHED_CLASS_EXT",
				SCX_STATE),
		       -1;
	if (strcmp(state, "disabled")) {
		read_line("/sys/kernel/sched_ext/root/ops", ops, sizeof(ops));
		return snprintf(
			       err, len,
			       "another sched_ext scheduler is loaded (state %s, ops %s): stop it first, the "
			       "scenario must own sched_ext",
			       state, ops[0] ? ops : "?"),
		       -1;
	}
	return 0;
}

/* Our cgroup; the subtree goes under it. In a delegated systemd scope
 * (the .run asks for one) the scope holds our processes, so they move
 * into a leaf first: cgroup v2 gives controllers to children only of a
 * cgroup without processes. */
static int place(struct lc *L, char *err, size_t len)
{
	char rel[4096], leaf[4200], procs[8192], *save = NULL;

	if (cgroup_self(CG_ROOT, L->base, sizeof(L->base), err, len))
		return -1;
	snprintf(rel, sizeof(rel), "ktsrun-%d", (int)getpid());
	snprintf(L->top, sizeof(L->top), "%s/%s", L->base, rel);
	snprintf(L->runner_cg, sizeof(L->runner_cg), "%s/runner", L->top);
	if (strcmp(L->base, CG_ROOT) && getenv("KTSRUN_SCOPE")) {
		snprintf(leaf, sizeof(leaf), "%s/ktsrun-self", L->base);
		if (mkdir(leaf, 0755) && errno != EEXIST)
			return snprintf(err, len, "%s: %s", leaf, strerror(errno)), -1;
		if (cgroup_read(L->base, "cgroup.procs", procs, sizeof(procs), err, len))
			return -1;
		for (char *p = strtok_r(procs, "\n", &save); p; p = strtok_r(NULL, "\n", &save))
			if (cgroup_move_pid(leaf, (pid_t)atoi(p), err, len))
				return -1;
	}
	if (cgroup_create(L->base, rel, NULL, err, len) || cgroup_create(L->top, "runner", NULL, err, len)) {
		char e2[200];

		cgroup_remove(L->top, true, IDLE_MS, e2, sizeof(e2));
		snprintf(
			err + strlen(err), len - strlen(err),
			" (cgroup %s has processes of its own, so it cannot give controllers to a child: run "
			"from the root cgroup, or let the .run file start a systemd scope)",
			L->base);
		return -1;
	}
	if (cgroup_available(L->top, "cpuset", procs, sizeof(procs), err, len) || !strstr(procs, "cpuset")) {
		char e2[200];

		cgroup_remove(L->top, true, IDLE_MS, e2, sizeof(e2));
		return snprintf(err, len, "the cpuset controller is not delegated to %s", L->base), -1;
	}
	return 0;
}

/* Nothing of ours left: processes killed, the subtree removed, sched_ext idle. */
static void tidy(struct lc *L, bool sched)
{
	char err[300], state[64] = "";
	uint64_t end = sys_now_ns() + IDLE_MS * NS_PER_MS;

	if (!access(L->top, F_OK) && cgroup_remove(L->top, true, IDLE_MS, err, sizeof(err)))
		log_err("could not remove the cgroup %s: %s", L->top, err);
	while (sched && !read_line(SCX_STATE, state, sizeof(state)) && strcmp(state, "disabled") &&
	       sys_now_ns() < end)
		usleep(50000);
	if (sched && strcmp(state, "disabled"))
		log_err("sched_ext is still %s %d s after the scheduler was killed", state, IDLE_MS / 1000);
	if (L->dump_enable[0])
		put(DUMP_EVENT, L->dump_enable);
}

static void on_frame(void *arg, uint16_t type, const uint8_t *p, size_t len)
{
	struct feed *f = arg;

	if (type == REC_HELLO && f->br->t_hello < 0)
		f->br->t_hello = 0;
	if (type == REC_DONE) {
		f->done = true;
	} else if (type == REC_ERROR) {
		struct kv kv;
		const char *why, *msg;

		f->error = true;
		if (kv_parse(&kv, p, len, &why) || !(msg = kv_get(&kv, "msg")))
			msg = "(unreadable error record)";
		snprintf(f->br->detail, sizeof(f->br->detail), "the runner failed: %s", msg);
	}
	run_data_collect(f->d, type, p, len);
}

static __attribute__((noreturn)) void exec_runner(const struct lc *L, const char *sched, int sock)
{
	static char name[] = "ktsrun-runner", o_dir[] = "--dir", o_cg[] = "--cgroup",
		    o_conf[] = "--sched-conf";
	static char dir[4096], top[4200], conf[4200];
	char *argv[] = { name, o_dir, dir, o_cg, top, o_conf, conf, NULL };
	char err[200];

	snprintf(dir, sizeof(dir), "%s", L->dir);
	snprintf(top, sizeof(top), "%s", L->top);
	snprintf(conf, sizeof(conf), "%s", L->sched_conf);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	signal(SIGINT, SIG_DFL), signal(SIGTERM, SIG_DFL), signal(SIGHUP, SIG_DFL);
	if (cgroup_move_pid(L->runner_cg, 0, err, sizeof(err)))
		_exit(126);
	if (dup2(sock, PROTO_LOCAL_CHAN_FD) < 0)
		_exit(126);
	for (int fd = PROTO_LOCAL_CHAN_FD + 1; fd < 1024; fd++)
		close(fd);
	if (!sched)
		argv[5] = NULL;
	execv(L->runner, argv);
	_exit(127);
}

/* Feed the runner's records until it closes the socket, or stop it. */
static void pump(struct lc *L, int sock, pid_t pid, struct feed *f, struct frame_dec *dec)
{
	struct timespec t0;
	uint8_t buf[8192];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (;;) {
		struct pollfd p = { .fd = sock, .events = POLLIN };
		ssize_t n;

		if (sig_caught) {
			f->br->outcome = BOOT_INTERRUPTED;
			snprintf(f->br->detail, sizeof(f->br->detail), "stopped by signal %d",
				 (int)sig_caught);
			break;
		}
		if (clock_since(&t0) > L->timeout_s) {
			f->br->outcome = BOOT_TIMEOUT;
			snprintf(f->br->detail, sizeof(f->br->detail),
				 "no result from the runner within %u s", L->timeout_s);
			break;
		}
		if (poll(&p, 1, 100) <= 0)
			continue;
		n = read(sock, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		frame_dec_feed(dec, buf, (size_t)n, on_frame, f);
	}
	kill(pid, SIGKILL); /* the rest of the subtree goes in tidy() */
}

/* One line: a scheduler from ktsrun's cache was built against its own tree. */
static void say_load_failed(const struct lc *L)
{
	char path[4200], built[256] = "";
	struct utsname u;

	snprintf(path, sizeof(path), "%s/sched.kernel", L->dir);
	uname(&u);
	if (read_line(path, built, sizeof(built)) || !strcmp(built, u.release))
		log_err("the bundled scheduler did not load on this kernel (%s); its log is below",
			u.release);
	else
		log_err("the bundled scheduler did not load on this kernel: it was built for %s, this is %s; "
			"build it for this kernel and export again with --scheduler PATH",
			built, u.release);
}

static enum boot_outcome local_run(void *arg, const char *sched, struct run_data *d, struct boot_result *br)
{
	struct lc *L = arg;
	struct feed f = { d, br, false, false };
	struct frame_dec dec;
	char err[600];
	int sv[2], st = 0;
	pid_t pid;

	memset(br, 0, sizeof(*br));
	br->t_first_byte = br->t_hello = -1;
	frame_dec_init(&dec);
	if (place(L, err, sizeof(err))) {
		br->outcome = BOOT_SETUP_ERROR;
		snprintf(br->detail, sizeof(br->detail), "%s", err);
		return br->outcome;
	}
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) || (pid = fork()) < 0) {
		br->outcome = BOOT_SETUP_ERROR;
		snprintf(br->detail, sizeof(br->detail), "cannot start the runner: %s", strerror(errno));
		tidy(L, false);
		return br->outcome;
	}
	if (pid == 0)
		exec_runner(L, sched && !access(L->sched_conf, R_OK) ? sched : NULL, sv[1]);
	close(sv[1]);
	pump(L, sv[0], pid, &f, &dec);
	close(sv[0]);
	waitpid(pid, &st, 0);
	tidy(L, sched != NULL);
	br->frames = dec.frames, br->garbage_bytes = dec.garbage_bytes, br->bad_crc = dec.bad_crc;
	br->oversized = dec.oversized, br->truncated = frame_dec_pending(&dec);
	if (br->outcome != BOOT_OK)
		return br->outcome;
	if (f.error)
		br->outcome = BOOT_GUEST_ERROR;
	else if (!f.done) {
		br->outcome = BOOT_NO_DONE;
		snprintf(br->detail, sizeof(br->detail),
			 "the runner ended (%s %d) before it reported a result",
			 WIFSIGNALED(st) ? "signal" : "status",
			 WIFSIGNALED(st) ? WTERMSIG(st) : WEXITSTATUS(st));
	}
	if (sched && d->sr.result && d->sr.kind == SCX_LOAD)
		say_load_failed(L);
	return br->outcome;
}

static int write_json(const char *path, struct json_object *all)
{
	FILE *f = fopen(path, "w");
	int ok = f && fputs(json_object_to_json_string_ext(all, JSON_C_TO_STRING_PRETTY), f) >= 0 &&
		 fputc('\n', f) != EOF;

	if (f && fclose(f))
		ok = 0;
	if (!ok)
		log_err("cannot write %s: %s", path, strerror(errno));
	return ok ? 0 : -1;
}

int cmd_local(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", required_argument, NULL, 'j' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "emulation", required_argument, NULL, 'E' },
		{ 0 },
	};
	struct run_one_opts ro;
	struct sysinfo si;
	struct lc L = { 0 };
	const char *json = NULL;
	struct json_object *all = NULL;
	struct kts_opts ko = { 0 };
	struct bc_prog p;
	char err[600], path[4200], spec[4200];
	uint8_t *bc = NULL;
	size_t len = 0;
	int o, v;

	run_one_defaults(&ro);
	while ((o = getopt_long(argc, argv, "hv", opts, NULL)) != -1) {
		switch (o) {
		case 'j': json = optarg; break;
		case 'v': ro.verbose = true; break;
		case 'E':
			if (run_one_take(&ro, o, optarg) < 0)
				return EXIT_ERROR;
			break;
		case 'h': fputs(LOCAL_USAGE, stdout); return EXIT_PASS;
		default: fputs(LOCAL_USAGE, stderr); return EXIT_ERROR;
		}
	}
	if (optind + 1 != argc) {
		log_err("local wants the directory a .run file unpacked; see 'ktsrun local --help'");
		return EXIT_ERROR;
	}
	L.dir = argv[optind];
	snprintf(path, sizeof(path), "%s/scenario.ktsb", L.dir);
	snprintf(L.runner, sizeof(L.runner), "%s/runner", L.dir);
	snprintf(L.sched_conf, sizeof(L.sched_conf), "%s/sched.conf", L.dir);
	snprintf(spec, sizeof(spec), "%s/sched.spec", L.dir);
	if (access(L.runner, X_OK) || access(path, R_OK)) {
		log_err("%s is not an unpacked export (no runner or scenario.ktsb in it)", L.dir);
		return EXIT_ERROR;
	}
	if (check_machine(err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	if (scenario_file_load(path, &ko, &bc, &len) || bc_load(&p, bc, len, err, sizeof(err))) {
		log_err("%s: %s", path, err);
		free(bc);
		return EXIT_ERROR;
	}
	sig_install();
	read_line(DUMP_EVENT, L.dump_enable, sizeof(L.dump_enable));
	ro.run = local_run, ro.run_arg = &L, ro.where = "host";
	if (!sysinfo(&si))
		ro.run_mem_bytes = (uint64_t)si.totalram * si.mem_unit;
	ro.sched = read_line(spec, L.sched_spec, sizeof(L.sched_spec)) ? NULL : L.sched_spec;
	ro.no_monitor = true;
	{
		struct interp_meta m;

		interp_meta_read(&p, &m);
		L.timeout_s = 120 + 4 * (unsigned)((m.settle_ns + m.duration_ns) / 1000000000ull);
	}
	all = json ? json_object_new_array() : NULL;
	v = run_one(&ro, path, &p, bc, len, all, NULL);
	if (json && write_json(json, all) == 0)
		fprintf(stderr, "ktsrun: results in %s\n", json);
	json_object_put(all);
	bc_prog_free(&p);
	free(bc);
	if (sig_caught)
		return sig_exit_code();
	return v == V_PASS || v == V_SKIP ? EXIT_PASS : v == V_FAIL ? EXIT_FAIL : EXIT_ERROR;
}
