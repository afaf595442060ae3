/* ktsrun --gauntlet (and ktsrun run --gauntlet): scenarios fanned out over
 * presets, schedulers and kernels; chosen within a budget, sharded, run
 * one variant at a time through the one-run path. doc/gauntlet.md. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/gauntlet/gauntlet_jobs.h"
#include "host/cmd/run_one.h"
#include "host/cmd/scenario_list.h"
#include "host/gauntlet/budget.h"
#include "host/gauntlet/cost.h"
#include "host/gauntlet/gauntlet.h"
#include "host/gauntlet/gauntlet_out.h"
#include "host/gauntlet/matrix_file.h"
#include "host/gauntlet/shard.h"
#include "host/kernel/kernel_cache.h"
#include "host/run/verdict.h"
#include "host/util/log.h"
#include "host/util/sig.h"
#include "host/gauntlet/preset.h"
#include "host/payload/payload_find.h"

#define G_MAX_FILES 256
#define G_MAX_DEFS  64

#define GAUNTLET_USAGE                                                                             \
	"usage: ktsrun --gauntlet FILE.kts|DIR... [--presets TAGS|NAMES] [--scheduler S]...\n"     \
	"                         [--kernel K]... [--budget DUR] [--costs FILE] [--shard K/N]\n"   \
	"                         [--list] [--json OUT] [--junit OUT] [--tap OUT] [run options]\n" \
	"       (also: ktsrun run --gauntlet ...)\n"                                               \
	"Run each scenario on every preset its `gauntlet` line names (else every preset), under\n" \
	"every --scheduler (EEVDF when none) and every --kernel. Variants are named\n"             \
	"scenario/preset/scheduler[/kernel]. Exit codes as run's. doc/gauntlet.md.\n"              \
	"  --presets LIST  preset names and tags, comma-separated (ktsrun topo --list), or all;\n" \
	"                  instead of each scenario's gauntlet line\n"                             \
	"  --scheduler S   NAME[:ARGS]; repeatable: every variant under each\n"                    \
	"  --kernel K      bzImage path or cache key; repeatable: every variant on each\n"         \
	"  --list          print the variants and their estimated cost; boot nothing\n"            \
	"  --budget DUR    run only what fits in DUR (20m, 90s, 1h30m): coverage of CPU-count\n"   \
	"                  and LLC-count buckets first, then of every feature\n"                   \
	"  --costs FILE    estimated costs from FILE (measured by earlier runs); the run's own\n"  \
	"                  times are merged back into it\n"                                        \
	"  --shard K/N     run the K-th of N deterministic shares (after the budget)\n"            \
	"  --json OUT      every variant's result\n"                                               \
	"  --junit OUT     JUnit XML: one testcase per variant, classname = scenario\n"            \
	"  --tap OUT       TAP version 13\n"                                                       \
	"  --vcpus-per-core N  under TCG, presets with more vCPUs per host core do not fit (4)\n"  \
	"  --mem-cap MIB   guest RAM cap (default: half the host's)\n"                             \
	"  --mem MIB       guest RAM for every variant (default: by vCPU count)\n"                 \
	"Run options: -D NAME=VALUE, --emulation, --max-gap, --spread, --fault, --verbose,\n"      \
	"--monitor-hz, --no-monitor, --scx-watchdog, --repro-stalls (the auto-repro is off in a\n" \
	"gauntlet unless it is given; --no-repro),\n"                                              \
	"--accel, --timeout, --console (see ktsrun run --help)\n"

struct gauntlet_args {
	struct run_one_opts o;
	struct run_monitor_layout layout; /* loaded once, before the variants fork */
	struct kts_define defs[G_MAX_DEFS];
	struct kts_opts k;
	char *files[G_MAX_FILES];
	unsigned nfiles;
	const char *presets, *costs, *json, *junit, *tap, *matrix;
	struct matrix_file mf;
	const char *kernels[GAUNTLET_MAX_KERNEL];
	unsigned nkernels, shard_k, shard_n, vpc, mem_cap, jobs;
	bool list, mem_given;
	double budget_s;
};

static int take_own(struct gauntlet_args *a, struct gauntlet *g, int o, char *arg)
{
	switch (o) {
	case 'p': a->presets = arg; return 0;
	case 'l': a->list = true; return 0;
	case 'C': a->costs = arg; return 0;
	case 'J': a->json = arg; return 0;
	case 'U': a->junit = arg; return 0;
	case 'A': a->tap = arg; return 0;
	case 'g': return 0; /* --gauntlet itself */
	case 'Y': a->matrix = arg; return 0;
	case 'B':
		if (budget_parse(arg, &a->budget_s) == 0)
			return 0;
		log_err("--budget '%s': expected a duration like 20m, 90s or 1h30m", arg);
		return -1;
	case 'H':
		if (shard_parse(arg, &a->shard_k, &a->shard_n) == 0)
			return 0;
		log_err("--shard '%s': expected K/N with 1 <= K <= N, like 2/3", arg);
		return -1;
	case 'P': return vmopts_uint_arg("--vcpus-per-core", arg, 1, 64, &a->vpc);
	case 'j': return vmopts_uint_arg("-j", arg, 1, 256, &a->jobs);
	case 'M': return vmopts_uint_arg("--mem-cap", arg, 128, 1u << 22, &a->mem_cap);
	case 'X':
		if (g->nsched < GAUNTLET_MAX_SCHED) {
			g->sched[g->nsched++] = arg;
			return 0;
		}
		log_err("--scheduler: at most %d", GAUNTLET_MAX_SCHED);
		return -1;
	case 'D': return run_one_define(&a->k, a->defs, G_MAX_DEFS, arg);
	default: fputs(GAUNTLET_USAGE, stderr); return -1;
	}
}

static int take(struct gauntlet_args *a, struct gauntlet *g, int o, char *arg)
{
	int took;

	if (o == 'k') { /* repeatable, unlike run's */
		if (a->nkernels == GAUNTLET_MAX_KERNEL) {
			log_err("--kernel: at most %d", GAUNTLET_MAX_KERNEL);
			return -1;
		}
		a->kernels[a->nkernels++] = arg;
		return 0;
	}
	if (o == 't') {
		log_err("--topo does not go with --gauntlet: the presets are the topologies; use --presets");
		return -1;
	}
	if ((took = vmopts_take(&a->o.vm, o, arg)) < 0 || (!took && (took = run_one_take(&a->o, o, arg)) < 0))
		return -1;
	a->mem_given |= o == 'm';
	return took ? 0 : take_own(a, g, o, arg);
}

/* 0 to go on, 1 done (help), -1 error. */
static int parse(int argc, char **argv, struct gauntlet_args *a, struct gauntlet *g)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		RUN_ONE_LONG,
		{ "gauntlet", no_argument, NULL, 'g' },
		{ "presets", required_argument, NULL, 'p' },
		{ "scheduler", required_argument, NULL, 'X' },
		{ "list", no_argument, NULL, 'l' },
		{ "budget", required_argument, NULL, 'B' },
		{ "costs", required_argument, NULL, 'C' },
		{ "shard", required_argument, NULL, 'H' },
		{ "json", required_argument, NULL, 'J' },
		{ "junit", required_argument, NULL, 'U' },
		{ "tap", required_argument, NULL, 'A' },
		{ "vcpus-per-core", required_argument, NULL, 'P' },
		{ "mem-cap", required_argument, NULL, 'M' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "matrix", required_argument, NULL, 'Y' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o;

	run_one_defaults(&a->o);
	a->o.repro = 0; /* a second VM per failing variant would break the budget */
	a->o.layout = &a->layout, a->o.defs = a->defs;
	a->o.topo_given = a->o.check_topo = true;
	a->k.diag = stderr, a->k.defs = a->defs, a->k.topo_name = preset_check;
	a->k.program = payload_find_check;
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT RUN_ONE_SHORT "hD:j:", opts, NULL)) != -1) {
		if (o == 'h') {
			fputs(GAUNTLET_USAGE, stdout);
			return 1;
		}
		if (take(a, g, o, optarg))
			return -1;
	}
	if (run_one_check(&a->o))
		return -1;
	if (optind == argc) {
		log_err("no scenario given; see 'ktsrun --gauntlet --help'");
		return -1;
	}
	for (int i = optind; i < argc; i++)
		if (scenario_list_add(a->files, &a->nfiles, G_MAX_FILES, argv[i]))
			return -1;
	return 0;
}

/* The matrix file fills in what the command line left out. */
static int apply_matrix(struct gauntlet_args *a, struct gauntlet *g)
{
	char err[1024];

	if (!a->matrix)
		return 0;
	if (matrix_file_load(a->matrix, &a->mf, err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	if (!g->nsched) {
		for (unsigned i = 0; i < a->mf.nsched; i++)
			g->sched[i] = a->mf.sched[i];
		g->nsched = a->mf.nsched;
	}
	if (!a->nkernels) {
		for (unsigned i = 0; i < a->mf.nkernel; i++)
			a->kernels[i] = a->mf.kernel[i];
		a->nkernels = a->mf.nkernel;
	}
	if (!a->presets)
		a->presets = a->mf.use;
	if (!(a->budget_s > 0))
		a->budget_s = a->mf.budget_s;
	if (!a->jobs)
		a->jobs = a->mf.jobs;
	return 0;
}

/* The kernels' part of the names: the cache key, or the file's name. */
static void setup_kernels(const struct gauntlet_args *a, struct gauntlet *g)
{
	g->nkern = a->nkernels ? a->nkernels : 1;
	for (unsigned i = 0; i < g->nkern; i++) {
		struct gkernel *k = &g->kern[i];
		struct kernel_cache_entry e;
		char err[1400];
		k->arg = a->nkernels ? a->kernels[i] : NULL;
		fit_env_host(&k->env);
		if (a->vpc)
			k->env.vcpus_per_core = a->vpc;
		if (a->mem_cap)
			k->env.mem_cap_mib = a->mem_cap;
		fit_env_resolve(&k->env, k->arg, a->o.vm.accel);
		if (!k->arg)
			continue;
		if (kernel_cache_resolve(k->arg, &e, err, sizeof(err)) == 0 && e.key[0]) {
			snprintf(k->label, sizeof(k->label), "%s", e.key);
			continue;
		}
		/* a path: all of it, so two bzImages in two directories differ */
		snprintf(k->label, sizeof(k->label), "%s", k->arg + strspn(k->arg, "/"));
		for (char *c = k->label; *c; c++)
			*c = *c == '/' ? '_' : *c;
	}
}

static int plan(const struct gauntlet_args *a, struct gauntlet *g)
{
	struct json_object *costs = NULL;
	char err[600];

	if (expand_variants(g, a->presets, err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	if (a->costs && cost_load(a->costs, &costs))
		return -1;
	cost_estimate(g, costs);
	json_object_put(costs);
	if (a->budget_s > 0)
		budget_pick(g, a->budget_s);
	if (a->shard_n)
		shard_pick(g, a->shard_k, a->shard_n);
	return 0;
}

static void run_variant(const struct gauntlet_args *a, struct gauntlet *g, struct variant *v)
{
	struct run_one_opts o = a->o;
	const struct gscen *s = &g->scen[v->scen];
	struct run_one_out out = { 0 };

	o.vm.spec = v->preset->name;
	o.vm.kernel = g->kern[v->kern].arg;
	o.vm.mem = v->mem_mib; /* --mem, or by the vCPU count */
	o.sched = g->nsched ? g->sched[v->sched] : NULL;
	run_one(&o, s->file, &s->prog, s->bc, s->len, NULL, &out);
	v->verdict = out.verdict, v->wall_s = out.wall_s;
	v->failure = out.failure, v->json = out.json;
}

static void run_one_variant(void *arg, struct gauntlet *g, struct variant *v)
{
	run_variant(arg, g, v);
}

static int outputs(const struct gauntlet_args *a, struct gauntlet *g, int worst)
{
	int rc = 0;

	gauntlet_summary(stdout, g);
	if (a->json)
		rc |= gauntlet_json_write(a->json, g, a->shard_k, a->shard_n, a->budget_s, worst);
	if (a->junit)
		rc |= gauntlet_junit_write(a->junit, g);
	if (a->tap)
		rc |= gauntlet_tap_write(a->tap, g);
	if (a->costs)
		rc |= cost_save(a->costs, g);
	return rc;
}

static int gauntlet_main(int argc, char **argv)
{
	struct gauntlet_args a = { 0 };
	struct gauntlet g = { 0 };
	int rc = parse(argc, argv, &a, &g), worst = V_SKIP;

	if (rc)
		goto out;
	if (apply_matrix(&a, &g)) {
		rc = -1;
		goto out;
	}
	a.o.ndefs = a.k.ndefs;
	setup_kernels(&a, &g);
	g.mem_mib = a.mem_given ? a.o.vm.mem : 0;
	if (gauntlet_load(&g, a.files, a.nfiles, &a.k) || plan(&a, &g)) {
		rc = -1;
		goto out;
	}
	if (a.list) {
		gauntlet_list(stdout, &g, a.budget_s, a.shard_k, a.shard_n);
		rc = 1;
		goto out;
	}
	sig_install();
	{
		struct vm_opts first = a.o.vm;

		first.kernel = g.kern[0].arg;
		vmopts_announce(&first); /* once, not per variant's process */
	}
	{
		struct gauntlet_jobs j = { a.jobs ? a.jobs : gauntlet_jobs_default(&g.kern[0].env),
					   a.budget_s, NULL, run_one_variant, &a };

		log_info("up to %u VMs at once (%s), each holding its host CPUs", j.jobs,
			 a.jobs ? "-j" : "the default: one per host core under TCG, per CPU under KVM");

		if (gauntlet_jobs_run(&j, &g)) {
			rc = -1;
			goto out;
		}
	}
	worst = gauntlet_worst(&g);
	if (outputs(&a, &g, worst))
		worst = V_ERROR;
	rc = 2;
out:
	for (unsigned i = 0; i < a.nfiles; i++)
		free(a.files[i]);
	gauntlet_free(&g);
	matrix_file_free(&a.mf);
	run_monitor_layout_free(&a.layout);
	if (rc < 0)
		return EXIT_ERROR;
	if (rc == 1)
		return EXIT_PASS;
	if (sig_caught)
		return sig_exit_code();
	return worst == V_FAIL ? EXIT_FAIL : worst >= V_INCONCLUSIVE ? EXIT_ERROR : EXIT_PASS;
}

int cmd_gauntlet(int argc, char **argv)
{
	return gauntlet_main(argc, argv);
}
