/* ktsrun run: compile each scenario, boot it (and its baseline), judge it;
 * ktsrun list: the scenarios of a directory with their descriptions. */
#include <dirent.h>
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "grammar/kts.h"
#include "host/boot/boot_dump.h"
#include "host/cmd/cmd.h"
#include "host/util/log.h"
#include "host/run/run_report.h"
#include "host/sched/sched_stage.h"
#include "host/util/sig.h"
#include "host/cmd/vmopts.h"
#include "lib/scx_kind.h"

#define RUN_MAX_FILES 256
#define RUN_MAX_DEFS  64

#define RUN_USAGE                                                                                     \
	"usage: ktsrun run FILE.kts|DIR... [--scheduler S] [--topo SPEC] [-D NAME=VALUE]...\n"        \
	"                  [--json OUT] [--emulation auto|on|off] [--max-gap DUR_MS] [--spread PCT] " \
	"[--fault F]\n"                                                                               \
	"                  [--verbose] [shared VM options]\n"                                         \
	"Compile each scenario, run it in a VM on its topology and judge it: its claims\n"            \
	"and the default checks. Exit 0 pass or skip, 1 fail, 2 inconclusive or error.\n"             \
	"  --scheduler S   run under sched_ext scheduler S: NAME[:ARGS], a built one (ktsrun sched\n" \
	"                  list) or a path; overrides the scenario's own (default: it, else EEVDF)\n" \
	"  -D NAME=VALUE   override a param of the scenarios\n"                                       \
	"  --json OUT      write every result to OUT (doc/verdicts.md)\n"                             \
	"  --emulation M   thresholds for emulation (on), hardware (off), or as the VM is (auto)\n"   \
	"  --max-gap MS    largest scheduling gap allowed, in ms (overrides the scenario)\n"          \
	"  --spread PCT    fairness spread allowed within a cgroup, in % (overrides)\n"               \
	"  --fault F       make the guest fail on purpose: panic, hang, exit, panic_step (tests)\n"   \
	"  --dump-at SEC   SEC after the scenario starts, ask the guest for the sched_ext debug\n"    \
	"                  dump (SysRq-D) and print it after the verdict\n"                           \
	"  --verbose       print every item and the tables for passes too\n"                          \
	"Shared VM options (--topo applies to every scenario; default: each scenario's own, else "    \
	"tiny):\n" VMOPTS_USAGE

struct run_args {
	struct vm_opts vm;
	bool topo_given, verbose;
	int emulation; /* -1 auto, 0 off, 1 on */
	double gap_ns, spread;
	double dump_at; /* seconds after the start marker; < 0 for none */
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
		{ "dump-at", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o, took;
	char *end;

	memset(a, 0, sizeof(*a));
	vmopts_init(&a->vm, "tiny", 0);
	a->emulation = -1, a->gap_ns = a->spread = NAN, a->fault = "none", a->dump_at = -1;
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
			if (!strchr(optarg, '=') || a->k.ndefs == RUN_MAX_DEFS) {
				log_err("-D '%s': expected NAME=VALUE", optarg);
				return -1;
			}
			*strchr(optarg, '=') = '\0';
			a->defs[a->k.ndefs++] = (struct kts_define){ optarg, optarg + strlen(optarg) + 1 };
			break;
		case 'j': a->json = optarg; break;
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
		case 'S':
			*(o == 'G' ? &a->gap_ns : &a->spread) = strtod(optarg, &end);
			if (end == optarg || *end || !(*(o == 'G' ? &a->gap_ns : &a->spread) >= 0)) {
				log_err("--%s '%s': expected a number >= 0", o == 'G' ? "max-gap" : "spread",
					optarg);
				return -1;
			}
			if (o == 'G')
				a->gap_ns *= 1e6;
			else
				a->spread /= 100;
			break;
		case 'F': a->fault = optarg; break;
		case 'X': a->sched = optarg; break;
		case 'A':
			a->dump_at = strtod(optarg, &end);
			if (end == optarg || *end || !(a->dump_at >= 0 && a->dump_at <= 3600)) {
				log_err("--dump-at '%s': give seconds after the scenario starts, e.g. 2 or "
					"0.5",
					optarg);
				return -1;
			}
			break;
		case 'v': a->verbose = true; break;
		case 'h': fputs(RUN_USAGE, stdout); return 1;
		default: fputs(RUN_USAGE, stderr); return -1;
		}
	}
	if (optind == argc) {
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

struct run_boot {
	struct run_data *d;
	struct boot_dump *dump;
};

/* run_data's records, and --dump-at's: its clock starts at the start marker. */
static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct run_boot *rb = arg;
	struct run_data *d = rb->d;
	char err[256];

	run_data_collect(d, type, p, len);
	if (type == REC_REPLY && boot_dump_take(rb->dump, p, len, err, sizeof(err)) && !d->bad++)
		snprintf(d->first_bad, sizeof(d->first_bad), "%s", err);
	if (type == REC_STEP && d->nmarks && !strcmp(d->mark[d->nmarks - 1].name, "start"))
		boot_dump_arm(rb->dump);
}

/* boot_run, with the --dump-at timer when dump is not NULL. */
static enum boot_outcome boot_with_dump(struct boot_opts *o, struct run_data *d, struct boot_dump *dump,
					double at_s, struct boot_result *br)
{
	struct run_boot rb = { d, dump };
	struct boot_link *l;
	enum boot_outcome oc;

	if (!dump)
		return boot_run(o, run_data_collect, d, br);
	if (!(l = boot_link_new()) || boot_dump_start(dump, l, at_s, "the start marker")) {
		boot_link_free(l);
		memset(dump, 0, sizeof(*dump));
		return setup_error(br, "cannot start the --dump-at timer");
	}
	o->link = l;
	oc = boot_run(o, collect, &rb, br);
	boot_dump_stop(dump);
	boot_link_free(l);
	o->link = NULL;
	return oc;
}

/* One boot in mode run under scheduler sched (NULL: the default); fills d,
 * and kargs (if not NULL) with the kernel arguments the scheduler needed;
 * asks for a dump into dump if not NULL. Returns the boot outcome. */
static enum boot_outcome boot_once(struct run_args *a, const struct bc_prog *p, const struct interp_meta *m,
				   const uint8_t *bc, size_t len, const char *sched, struct run_data *d,
				   struct boot_result *br, struct topo *t, struct boot_opts *o, char *kargs,
				   size_t klen, struct boot_dump *dump)
{
	struct vm_opts vm = a->vm;
	struct kernel_cache_entry k;
	struct sched_stage *rs = NULL;
	unsigned need = (unsigned)((m->settle_ns + m->duration_ns) / 1000000000ull);
	enum boot_outcome oc;
	char err[512];

	if (!a->topo_given && m->topology[0])
		vm.spec = m->topology;
	/* TCG dilates time; keep the watchdog generous but finite */
	/* a scheduler adds its load timeout and each stop's grace at worst */
	if (!vm.timeout)
		vm.timeout = 90 + 4 * need + (unsigned)(m->watchdog_ns / 1000000000ull) +
			     (sched ? 2 * SCHED_STAGE_LOAD_TIMEOUT_S : 0);
	memset(o, 0, sizeof(*o));
	o->mode = "run", o->fault = a->fault, o->scenario = bc, o->scenario_len = len;
	if (vmopts_prepare(&vm, t, &k, o))
		return setup_error(br, "could not prepare the VM (see above)");
	if (sched) {
		if (!(rs = calloc(1, sizeof(*rs))))
			return setup_error(br, "out of memory");
		if (sched_stage_prepare(rs, sched, p, &k, topo_ncpus(t), NULL, err, sizeof(err))) {
			free(rs);
			return setup_error(br, err);
		}
		o->initrd_extra = &rs->x;
		o->kernel_args = rs->kargs[0] ? rs->kargs : NULL;
		if (kargs)
			snprintf(kargs, klen, "%s", rs->kargs);
	}
	oc = boot_with_dump(o, d, dump, a->dump_at, br);
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
	struct run_result r = { .file = file };
	struct boot_dump dump = { 0 };
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

	clock_gettime(CLOCK_MONOTONIC, &t0);
	fprintf(stderr, "[%u/%u] %s\n", idx + 1, a->nfiles, file);
	if (!d) {
		r.v.out = V_ERROR, snprintf(r.v.reason, sizeof(r.v.reason), "out of memory");
	} else if (kts_compile_file(file, &a->k, &bc, &len)) {
		r.v.out = V_ERROR,
		snprintf(r.v.reason, sizeof(r.v.reason), "does not compile (errors above)");
	} else if (bc_load(&p, bc, len, err, sizeof(err))) {
		r.v.out = V_ERROR, snprintf(r.v.reason, sizeof(r.v.reason), "%s", err);
	} else {
		loaded = 1;
		r.prog = &p;
		interp_meta_read(&p, &r.meta);
	}
	if (loaded) {
		r.sched = sched_stage_spec(a->sched, &r.meta, spec, sizeof(spec));
		boot_once(a, &p, &r.meta, bc, len, r.sched, d, &br, &t, &o, r.kargs, sizeof(r.kargs),
			  a->dump_at >= 0 ? &dump : NULL);
		r.topo = t.spec, r.accel = o.accel == VMM_ACCEL_TCG ? "tcg" : "kvm";
		r.data = d, r.boot = &br;
		verdict_thresholds(&r.v.th, a->emulation < 0 ? o.accel == VMM_ACCEL_TCG : a->emulation == 1,
				   &r.meta, a->gap_ns, a->spread);
		r.v.out = V_PASS;
		judge_boot(&r, &br, d);
		if (r.v.out == V_PASS && r.meta.nbase && !sig_caught && (b = run_data_new())) {
			fprintf(stderr, "  baseline: a second run under the default scheduler (EEVDF)%s\n",
				r.sched ? ""
					: "; the first one was under it too (no --scheduler, none declared)");
			boot_once(a, &p, &r.meta, bc, len, NULL, b, &bb, &t, &o, NULL, 0, NULL);
			if (bb.outcome != BOOT_OK || b->bad)
				run_data_free(b), b = NULL;
		}
		r.base = b;
		if (r.v.out == V_PASS) {
			/* nothing ran when the scheduler failed before the start: only it is judged */
			if (!(d->sr.result && d->sr.kind != SCX_PASS && !d->nmarks))
				verdict_judge(&r.v, &p, &r.meta, d, b);
			verdict_sched(&r.v, &r.meta, r.sched, &d->sr);
		}
	}
	r.wall_s = since(&t0);
	run_print(stdout, &r, a->verbose);
	if (loaded && a->dump_at >= 0 && br.outcome != BOOT_SETUP_ERROR)
		boot_dump_print(&dump, stdout); /* shown, not judged */
	fflush(stdout);
	if (all)
		json_object_array_add(all, run_json_result(&r));
	if (loaded)
		bc_prog_free(&p);
	if (r.boot)
		boot_result_free(&br);
	if (b)
		boot_result_free(&bb);
	if (loaded && a->dump_at >= 0)
		boot_dump_free(&dump);
	run_data_free(d);
	run_data_free(b);
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
		       "(default: stdlib-scenarios).\n");
		return EXIT_PASS;
	}
	if (add_path(&a, argc > 1 ? argv[1] : "stdlib-scenarios"))
		return EXIT_ERROR;
	for (int i = 2; i < argc; i++)
		if (add_path(&a, argv[i]))
			return EXIT_ERROR;
	for (unsigned i = 0; i < a.nfiles; i++) {
		struct interp_meta m;
		struct bc_prog p;
		uint8_t *bc;
		size_t len;
		char err[256];

		if (kts_compile_file(a.files[i], &k, &bc, &len) || bc_load(&p, bc, len, err, sizeof(err))) {
			rc = EXIT_ERROR;
			continue;
		}
		interp_meta_read(&p, &m);
		printf("%-20s %-10s %5.0fs  %s\n", m.name, m.topology[0] ? m.topology : "tiny",
		       (double)(m.duration_ns + m.settle_ns) / 1e9, m.desc);
		bc_prog_free(&p);
		free(bc);
		free(a.files[i]);
	}
	return rc;
}
