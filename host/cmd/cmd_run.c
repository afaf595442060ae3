/* ktsrun run: compile each scenario, boot it (and its baseline), judge it;
 * ktsrun list: the scenarios of a directory with their descriptions. */
#include <getopt.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/kts.h"
#include "host/cmd/cmd.h"
#include "host/util/log.h"
#include "host/run/run_report.h"
#include "host/util/sig.h"
#include "host/cmd/run_one.h"
#include "host/cmd/scenario_files.h"
#include "host/cmd/vmopts.h"

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
	"  --verbose       print every item and the tables for passes too\n"                          \
	"  --gauntlet      over topology presets, schedulers, kernels: ktsrun --gauntlet --help\n"    \
	"Shared VM options (--topo applies to every scenario; default: each scenario's own, else "    \
	"tiny):\n" VMOPTS_USAGE

struct run_args {
	struct run_one_opts o;
	const char *json;
	struct kts_define defs[RUN_MAX_DEFS];
	struct kts_opts k;
	char *files[RUN_MAX_FILES];
	unsigned nfiles;
};

static int parse(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "json", required_argument, NULL, 'j' },
		RUN_ONE_LONG,
		{ "scheduler", required_argument, NULL, 'X' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o, took;

	memset(a, 0, sizeof(*a));
	run_one_defaults(&a->o);
	a->k.diag = stderr, a->k.defs = a->defs;
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT RUN_ONE_SHORT "hD:", opts, NULL)) != -1) {
		if ((took = vmopts_take(&a->o.vm, o, optarg)) < 0 ||
		    (!took && (took = run_one_take(&a->o, o, optarg)) < 0))
			return -1;
		if (took) {
			a->o.topo_given |= o == 't';
			continue;
		}
		switch (o) {
		case 'D':
			if (run_one_define(&a->k, a->defs, RUN_MAX_DEFS, optarg))
				return -1;
			break;
		case 'j': a->json = optarg; break;
		case 'X': a->o.sched = optarg; break;
		case 'h': fputs(RUN_USAGE, stdout); return 1;
		default: fputs(RUN_USAGE, stderr); return -1;
		}
	}
	if (optind == argc) {
		log_err("no scenario given; see 'ktsrun run --help'");
		return -1;
	}
	for (int i = optind; i < argc; i++)
		if (scenario_files_add(a->files, &a->nfiles, RUN_MAX_FILES, argv[i]))
			return -1;
	return 0;
}

static int run_file(struct run_args *a, const char *file, unsigned idx, json_object *all)
{
	struct bc_prog p;
	uint8_t *bc = NULL;
	size_t len;
	char err[512];
	int out;

	fprintf(stderr, "[%u/%u] %s\n", idx + 1, a->nfiles, file);
	if (kts_compile_file(file, &a->k, &bc, &len)) {
		run_one_error(&a->o, file, "does not compile (errors above)", all, NULL);
		free(bc);
		return V_ERROR;
	}
	if (bc_load(&p, bc, len, err, sizeof(err))) {
		run_one_error(&a->o, file, err, all, NULL);
		free(bc);
		return V_ERROR;
	}
	out = run_one(&a->o, file, &p, bc, len, all, NULL);
	bc_prog_free(&p);
	free(bc);
	return out;
}

int cmd_run(int argc, char **argv)
{
	struct run_args a;
	json_object *all = NULL, *top = NULL;
	int worst = V_SKIP, rc, counts[V_FAIL + 1] = { 0 };

	for (int i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "--gauntlet"))
			return cmd_gauntlet(argc, argv);
	rc = parse(argc, argv, &a);
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
	if (scenario_files_add(a.files, &a.nfiles, RUN_MAX_FILES, argc > 1 ? argv[1] : "stdlib-scenarios"))
		return EXIT_ERROR;
	for (int i = 2; i < argc; i++)
		if (scenario_files_add(a.files, &a.nfiles, RUN_MAX_FILES, argv[i]))
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
