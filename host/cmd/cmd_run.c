/* ktsrun run: compile each scenario, boot it (and its baseline), judge it;
 * ktsrun list: the scenarios of a directory with their descriptions. */
#include <dirent.h>
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "grammar/kts.h"
#include "host/cmd/cmd.h"
#include "host/cmd/cmd_args.h"
#include "host/cmd/scenario_file.h"
#include "host/cmd/run_monitor.h"
#include "host/util/log.h"
#include "host/run/run_report.h"
#include "host/run/stdlib_dir.h"
#include "host/sched/sched_stage.h"
#include "host/util/sig.h"
#include "host/cmd/vmopts.h"
#include "lib/scx_kind.h"

#define RUN_MAX_FILES 256
#define RUN_MAX_DEFS  64

#define RUN_USAGE                                                                                        \
	"usage: ktsrun run FILE.kts|FILE.ktsb|DIR... [--scheduler S] [--topo SPEC] [-D NAME=VALUE]...\n" \
	"                  [--json OUT] [--emulation auto|on|off] [--max-gap MS] [--spread PCT] "        \
	"[--fault F]\n"                                                                                  \
	"                  [--monitor-hz N | --no-monitor] [--verbose] [--stdlib NAME]...\n"             \
	"                  [shared VM options]\n"                                                        \
	"Compile each scenario (or take compile's .ktsb, verified), run it in a VM on its\n"             \
	"topology and judge it: its claims and the default checks.\n"                                    \
	"Exit 0 pass or skip, 1 fail, 2 inconclusive or error.\n"                                        \
	"  --stdlib NAME   a standard scenario by name (ktsrun list), found from any directory\n"        \
	"  --scheduler S   run under sched_ext scheduler S: NAME[:ARGS], a built one (ktsrun sched\n"    \
	"                  list) or a path; overrides the scenario's own (default: it, else EEVDF)\n"    \
	"  -D NAME=VALUE   override a param of the scenarios\n"                                          \
	"  --json OUT      write every result to OUT (doc/verdicts.md)\n"                                \
	"  --emulation M   thresholds for emulation (on), hardware (off), or as the VM is (auto)\n"      \
	"  --max-gap MS    largest scheduling gap allowed, in ms, 0 to 86400000 (overrides)\n"           \
	"  --spread PCT    fairness spread allowed within a cgroup, in %, 0 to 10000 (overrides)\n"      \
	"  --fault F       make the guest fail on purpose: panic, hang, exit, panic_step (tests)\n"      \
	"  --monitor-hz N  samples a second of the host-side monitor (default 100, 1-1000)\n"            \
	"  --no-monitor    do not read guest memory: monitor claims are inconclusive\n"                  \
	"  --verbose       print every item and the tables for passes too\n"                             \
	"Shared VM options (--topo applies to every scenario; default: each scenario's own, else "       \
	"tiny):\n" VMOPTS_USAGE

struct run_args {
	struct vm_opts vm;
	bool topo_given, verbose, no_monitor;
	unsigned monitor_hz;
	struct run_monitor_layout layout; /* loaded once per invocation */
	int emulation;			  /* -1 auto, 0 off, 1 on */
	double gap_ns, spread;
	const char *json, *fault, *sched;
	struct kts_define defs[RUN_MAX_DEFS];
	struct kts_opts k;
	char *files[RUN_MAX_FILES];
	unsigned nfiles;
};

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* FILE, or every .kts file of DIR (sorted); 0 or -1 after saying why. */
static int add_path(struct run_args *a, const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	unsigned first = a->nfiles;

	if (stat(path, &st)) {
		log_err("%s: no such file or directory", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (a->nfiles < RUN_MAX_FILES)
			a->files[a->nfiles++] = strdup(path);
		return 0;
	}
	if (!(d = opendir(path))) {
		log_err("%s: cannot read the directory", path);
		return -1;
	}
	while ((e = readdir(d)) && a->nfiles < RUN_MAX_FILES) {
		size_t n = strlen(e->d_name);
		char *f;

		if (n < 5 || strcmp(e->d_name + n - 4, ".kts") || e->d_name[0] == '.')
			continue;
		if (asprintf(&f, "%s/%s", path, e->d_name) > 0)
			a->files[a->nfiles++] = f;
	}
	closedir(d);
	qsort(a->files + first, a->nfiles - first, sizeof(char *), cmp);
	if (a->nfiles == first)
		log_err("%s: no .kts files", path);
	return a->nfiles == first ? -1 : 0;
}

/* --stdlib NAME: the scenario of that name in the standard set. */
static int add_stdlib(struct run_args *a, const char *name)
{
	char dir[PATH_MAX], path[PATH_MAX + 256], err[PATH_MAX + 256];
	const char *from;

	if (stdlib_dir_find(dir, sizeof(dir), &from, err, sizeof(err)) ||
	    stdlib_dir_scenario(dir, name, path, sizeof(path), err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	return add_path(a, path);
}

static int parse(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "json", required_argument, NULL, 'j' },
		{ "emulation", required_argument, NULL, 'E' },
		{ "max-gap", required_argument, NULL, 'G' },
		{ "spread", required_argument, NULL, 'S' },
		{ "fault", required_argument, NULL, 'F' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "scheduler", required_argument, NULL, 'X' },
		{ "stdlib", required_argument, NULL, 's' },
		{ "monitor-hz", required_argument, NULL, 'H' },
		{ "no-monitor", no_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o, took;

	memset(a, 0, sizeof(*a));
	vmopts_init(&a->vm, "tiny", 0);
	a->emulation = -1, a->gap_ns = a->spread = NAN, a->fault = "none";
	a->monitor_hz = MONITOR_HZ_DEFAULT;
	a->k.diag = stderr, a->k.defs = a->defs;
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT "hvD:", opts, NULL)) != -1) {
		if ((took = vmopts_take(&a->vm, o, optarg)) < 0)
			return -1;
		if (took) {
			a->topo_given |= o == 't';
			continue;
		}
		switch (o) {
		case 'D':
			if (cmd_args_define(optarg, a->defs, &a->k.ndefs, RUN_MAX_DEFS))
				return -1;
			break;
		case 'j':
			if (cmd_args_out_path("--json", optarg))
				return -1;
			a->json = optarg;
			break;
		case 'E':
			a->emulation = !strcmp(optarg, "on")	 ? 1
				       : !strcmp(optarg, "off")	 ? 0
				       : !strcmp(optarg, "auto") ? -1
								 : -2;
			if (a->emulation == -2) {
				log_err("--emulation '%s': expected auto, on or off", optarg);
				return -1;
			}
			break;
		case 'G':
			/* the language's bounds: durations to 24h, percentages to 10000% */
			if (cmd_args_num("--max-gap", optarg, 0, 86400e3, &a->gap_ns))
				return -1;
			a->gap_ns *= 1e6;
			break;
		case 'S':
			if (cmd_args_num("--spread", optarg, 0, 10000, &a->spread))
				return -1;
			a->spread /= 100;
			break;
		case 'F':
			if (cmd_args_fault("--fault", optarg))
				return -1;
			a->fault = optarg;
			break;
		case 'X': a->sched = optarg; break;
		case 's':
			if (add_stdlib(a, optarg))
				return -1;
			break;
		case 'H':
			if (vmopts_uint_arg("--monitor-hz", optarg, 1, MONITOR_HZ_MAX, &a->monitor_hz))
				return -1;
			break;
		case 'M': a->no_monitor = true; break;
		case 'v': a->verbose = true; break;
		case 'h': fputs(RUN_USAGE, stdout); return 1;
		default: fputs(RUN_USAGE, stderr); return -1;
		}
	}
	if (optind == argc && !a->nfiles) {
		log_err("no scenario given; see 'ktsrun run --help'");
		return -1;
	}
	for (int i = optind; i < argc; i++)
		if (add_path(a, argv[i]))
			return -1;
	return 0;
}

static double since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) + (double)(t.tv_nsec - t0->tv_nsec) / 1e9;
}

static enum boot_outcome setup_error(struct boot_result *br, const char *why)
{
	memset(br, 0, sizeof(*br));
	br->outcome = BOOT_SETUP_ERROR;
	snprintf(br->detail, sizeof(br->detail), "%s", why);
	return BOOT_SETUP_ERROR;
}

/* One boot in mode run under scheduler sched (NULL: the default); fills d,
 * and r (if not NULL) with the kernel and the kernel arguments the scheduler
 * needed. Returns the boot outcome. */
static enum boot_outcome boot_once(struct run_args *a, const struct bc_prog *p, const struct interp_meta *m,
				   const uint8_t *bc, size_t len, const char *sched, struct run_data *d,
				   struct boot_result *br, struct topo *t, struct boot_opts *o,
				   struct run_result *r, struct monitor *mon)
{
	struct boot_watch watch;
	struct vm_opts vm = a->vm;
	struct kernel_cache_entry k;
	struct sched_stage *rs = NULL;
	unsigned need = (unsigned)((m->settle_ns + m->duration_ns) / 1000000000ull);
	enum boot_outcome oc;
	char err[512];

	if (!a->topo_given && m->topology[0])
		vm.spec = m->topology;
	vm.scx = sched != NULL;
	vm.sched = sched;
	/* TCG dilates time; keep the watchdog generous but finite */
	/* a scheduler adds its load timeout and each stop's grace at worst */
	if (!vm.timeout)
		vm.timeout = 90 + 4 * need + (unsigned)(m->watchdog_ns / 1000000000ull) +
			     (sched ? 2 * SCHED_STAGE_LOAD_TIMEOUT_S : 0);
	memset(o, 0, sizeof(*o));
	o->mode = "run", o->fault = a->fault, o->scenario = bc, o->scenario_len = len;
	if (vmopts_prepare(&vm, t, &k, o))
		return setup_error(br, "could not prepare the VM (see above)");
	if (r)
		snprintf(r->kernel, sizeof(r->kernel), "%s", k.key[0] ? k.key : k.release);
	if (sched) {
		if (!(rs = calloc(1, sizeof(*rs))))
			return setup_error(br, "out of memory");
		if (sched_stage_prepare(rs, sched, p, &k, topo_ncpus(t), NULL, err, sizeof(err))) {
			free(rs);
			return setup_error(br, err);
		}
		o->initrd_extra = &rs->x;
		o->kernel_args = rs->kargs[0] ? rs->kargs : NULL;
		if (r)
			snprintf(r->kargs, sizeof(r->kargs), "%s", rs->kargs);
	}
	if (mon) {
		run_monitor_setup(mon, &a->layout, &k, t, a->monitor_hz, o->accel == VMM_ACCEL_TCG);
		watch = (struct boot_watch){ monitor_watch_start, monitor_watch_stop, mon };
		o->watch = &watch;
		d->mon = mon;
	}
	oc = boot_run(o, run_data_collect, d, br);
	o->watch = NULL;
	free(rs);
	return oc;
}

static void judge_boot(struct run_result *r, const struct boot_result *br, const struct run_data *d)
{
	struct verdict *v = &r->v;

	if (boot_channel_fault(br, d->bad, d->first_bad, v->reason, sizeof(v->reason))) {
		v->out = V_ERROR;
	} else if (d->skipped) {
		v->out = V_SKIP;
		snprintf(v->reason, sizeof(v->reason), "%s on this topology", d->skip);
	} else if (br->outcome != BOOT_OK) {
		v->out = V_ERROR;
		snprintf(v->reason, sizeof(v->reason), "%s: %s", boot_outcome_name(br->outcome), br->detail);
	}
}

static int run_file(struct run_args *a, const char *file, unsigned idx, json_object *all)
{
	struct run_result r = { .file = file, .defs = a->defs, .ndefs = a->k.ndefs };
	struct run_data *d = run_data_new(), *b = NULL;
	struct boot_result br = { 0 }, bb = { 0 };
	struct boot_opts o;
	struct topo t;
	struct bc_prog p;
	struct timespec t0;
	uint8_t *bc = NULL;
	size_t len;
	char err[512], spec[600];
	int loaded = 0;
	struct monitor *mon = a->no_monitor ? NULL : calloc(1, sizeof(*mon));

	clock_gettime(CLOCK_MONOTONIC, &t0);
	fprintf(stderr, "[%u/%u] %s\n", idx + 1, a->nfiles, file);
	if (!d) {
		r.v.out = V_ERROR, snprintf(r.v.reason, sizeof(r.v.reason), "out of memory");
	} else if (scenario_file_load(file, &a->k, &bc, &len)) {
		r.v.out = V_ERROR;
		snprintf(r.v.reason, sizeof(r.v.reason), "%s (errors above)",
			 scenario_file_is_bytecode(file) ? "not runnable bytecode" : "does not compile");
	} else if (bc_load(&p, bc, len, err, sizeof(err))) {
		r.v.out = V_ERROR, snprintf(r.v.reason, sizeof(r.v.reason), "%s", err);
	} else {
		loaded = 1;
		r.prog = &p;
		interp_meta_read(&p, &r.meta);
	}
	if (loaded) {
		r.sched = sched_stage_spec(a->sched, &r.meta, spec, sizeof(spec));
		boot_once(a, &p, &r.meta, bc, len, r.sched, d, &br, &t, &o, &r, mon);
		r.topo = br.outcome == BOOT_SETUP_ERROR ? NULL : t.spec;
		r.accel = br.outcome == BOOT_SETUP_ERROR ? NULL : o.accel == VMM_ACCEL_TCG ? "tcg" : "kvm";
		r.data = d, r.boot = &br;
		verdict_thresholds(&r.v.th, a->emulation < 0 ? o.accel == VMM_ACCEL_TCG : a->emulation == 1,
				   &r.meta, a->gap_ns, a->spread);
		r.v.out = V_PASS;
		judge_boot(&r, &br, d);
		if (r.v.out == V_PASS && r.meta.nbase && !sig_caught && (b = run_data_new())) {
			fprintf(stderr, "  baseline: a second run under the default scheduler (EEVDF)%s\n",
				r.sched ? ""
					: "; the first one was under it too (no --scheduler, none declared)");
			boot_once(a, &p, &r.meta, bc, len, NULL, b, &bb, &t, &o, NULL, NULL);
			if (bb.outcome != BOOT_OK || b->bad)
				run_data_free(b), b = NULL;
		}
		r.base = b;
		if (r.v.out == V_PASS) {
			/* nothing ran when the scheduler failed before the start: only it is judged */
			if (!(d->sr.result && d->sr.kind != SCX_PASS && !d->nmarks))
				verdict_judge(&r.v, &p, &r.meta, d, b), verdict_monitor(&r.v, &p, &r.meta, d);
			verdict_sched(&r.v, &r.meta, r.sched, &d->sr);
		}
	}
	r.wall_s = since(&t0);
	run_print(stdout, &r, a->verbose);
	fflush(stdout);
	if (all)
		json_object_array_add(all, run_json_result(&r));
	if (loaded)
		bc_prog_free(&p);
	if (r.boot)
		boot_result_free(&br);
	if (b)
		boot_result_free(&bb);
	run_data_free(d);
	run_data_free(b);
	if (mon)
		monitor_free(mon);
	free(mon);
	free(bc);
	return r.v.out;
}

int cmd_run(int argc, char **argv)
{
	struct run_args a;
	json_object *all = NULL, *top = NULL;
	int worst = V_SKIP, rc = parse(argc, argv, &a), counts[V_FAIL + 1] = { 0 };

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (a.json) {
		top = json_object_new_object();
		all = json_object_new_array();
		json_object_object_add(top, "schema_version", json_object_new_int(RUN_JSON_SCHEMA));
		json_object_object_add(top, "results", all);
	}
	for (unsigned i = 0; i < a.nfiles && !sig_caught; i++) {
		int o = run_file(&a, a.files[i], i, all);

		counts[o]++;
		worst = o > worst ? o : worst;
	}
	if (a.nfiles > 1)
		printf("%u scenarios: %d pass, %d fail, %d inconclusive, %d error, %d skip\n", a.nfiles,
		       counts[V_PASS], counts[V_FAIL], counts[V_INCONCLUSIVE], counts[V_ERROR],
		       counts[V_SKIP]);
	if (top) {
		json_object_object_add(top, "verdict",
				       json_object_new_string(verdict_name((enum verdict_outcome)worst)));
		if (run_json_write(a.json, top))
			worst = V_ERROR;
		json_object_put(top);
	}
	for (unsigned i = 0; i < a.nfiles; i++)
		free(a.files[i]);
	run_monitor_layout_free(&a.layout);
	if (sig_caught)
		return sig_exit_code();
	return worst == V_FAIL ? EXIT_FAIL : worst >= V_INCONCLUSIVE ? EXIT_ERROR : EXIT_PASS;
}

int cmd_list(int argc, char **argv)
{
	struct run_args a = { 0 };
	struct kts_opts k = { .diag = stderr };
	int rc = EXIT_PASS;

	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: ktsrun list [DIR|FILE]...\nList scenarios with their one-line descriptions "
		       "(default: the standard ones,\nfrom KTSRUN_STDLIB, else the installed share "
		       "directory, else the source tree).\n");
		return EXIT_PASS;
	}
	if (argc == 1) {
		char dir[PATH_MAX], err[PATH_MAX + 256];
		const char *from;

		if (stdlib_dir_find(dir, sizeof(dir), &from, err, sizeof(err))) {
			log_err("%s", err);
			return EXIT_ERROR;
		}
		/* which copy, since an installed one and a tree may differ */
		log_info("standard scenarios in %s (%s)", dir, from);
		if (add_path(&a, dir))
			return EXIT_ERROR;
	}
	for (int i = 1; i < argc; i++)
		if (add_path(&a, argv[i]))
			return EXIT_ERROR;
	for (unsigned i = 0; i < a.nfiles; i++) {
		struct interp_meta m;
		struct bc_prog p;
		uint8_t *bc = NULL;
		size_t len;
		char err[256];

		if (scenario_file_load(a.files[i], &k, &bc, &len)) {
			rc = EXIT_ERROR;
		} else if (bc_load(&p, bc, len, err, sizeof(err))) {
			log_err("%s: %s", a.files[i], err);
			rc = EXIT_ERROR;
		} else {
			interp_meta_read(&p, &m);
			printf("%-20s %-10s %5.0fs  %s\n", m.name, m.topology[0] ? m.topology : "tiny",
			       (double)(m.duration_ns + m.settle_ns) / 1e9, m.desc);
			bc_prog_free(&p);
		}
		free(bc);
		free(a.files[i]);
	}
	return rc;
}
