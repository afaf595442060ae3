/* ktsrun run: compile each scenario, boot it (and its baseline), judge it;
 * ktsrun list: the scenarios of a directory with their descriptions. */
#include <getopt.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/kts.h"
#include "host/boot/boot_dump.h"
#include "host/cmd/cmd.h"
#include "host/util/log.h"
#include "host/run/run_report.h"
#include "host/util/sig.h"
#include "host/cmd/cmd_args.h"
#include "host/cmd/run_one.h"
#include "host/cmd/scenario_file.h"
#include "host/cmd/scenario_list.h"
#include "host/cmd/vmopts.h"
#include "host/run/stdlib_dir.h"
#include "host/gauntlet/preset.h"
#include "host/payload/payload_find.h"

#define RUN_MAX_FILES 256
#define RUN_MAX_DEFS  64

#define RUN_USAGE                                                                                        \
	"usage: ktsrun run FILE.kts|FILE.ktsb|DIR... [--scheduler S] [--topo SPEC] [-D NAME=VALUE]...\n" \
	"                  [--json OUT] [--emulation auto|on|off] [--max-gap MS] [--spread PCT] "        \
	"[--fault F]\n"                                                                                  \
	"                  [--monitor-hz N | --no-monitor] [--scx-watchdog SEC] [--dump-at SEC]\n"       \
	"                  [--verbose] [--no-repro | --repro-stalls]\n"                                  \
	"                  [--stdlib NAME]...\n"                                                         \
	"                  [--gauntlet ...] [shared VM options]\n"                                       \
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
	"  --scx-watchdog SEC  once sched_ext is enabled, write SEC into the guest's\n"                  \
	"                  scx_watchdog_timeout (1-600), to watch a stall past the scheduler's own\n"    \
	"  --dump-at SEC   SEC after the scenario starts, ask the guest for the sched_ext debug\n"       \
	"                  dump (SysRq-D) and print it after the verdict\n"                              \
	"  --verbose       print every item and the tables for passes too\n"                             \
	"  --no-repro      no auto-repro: when the scheduler errs or crashes, ktsrun runs it again\n"    \
	"                  in a second VM with BPF probes on the functions of its exit backtrace\n"      \
	"                  and prints their arguments and changed fields (=== AUTO-REPRO ===)\n"         \
	"  --repro-stalls  the auto-repro for watchdog stalls too\n"                                     \
	"  --gauntlet      over topology presets, schedulers, kernels: ktsrun --gauntlet --help\n"       \
	"Shared VM options (--topo applies to every scenario; default: each scenario's own, else "       \
	"tiny):\n" VMOPTS_USAGE

struct run_args {
	struct run_one_opts o;
	struct run_monitor_layout layout; /* loaded once per invocation */
	const char *json;
	struct kts_define defs[RUN_MAX_DEFS];
	struct kts_opts k;
	char *files[RUN_MAX_FILES];
	unsigned nfiles;
};

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
	return scenario_list_add(a->files, &a->nfiles, RUN_MAX_FILES, path);
}

static int parse(int argc, char **argv, struct run_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "json", required_argument, NULL, 'j' },
		RUN_ONE_LONG,
		{ "scheduler", required_argument, NULL, 'X' },
		{ "stdlib", required_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o, took;

	memset(a, 0, sizeof(*a));
	run_one_defaults(&a->o);
	a->o.layout = &a->layout;
	a->o.defs = a->defs;
	a->k.diag = stderr, a->k.defs = a->defs, a->k.topo_name = preset_check;
	a->k.program = payload_find_check;
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
		case 'j':
			if (cmd_args_out_path("--json", optarg))
				return -1;
			a->json = optarg;
			break;
		case 'X': a->o.sched = optarg; break;
		case 's':
			if (add_stdlib(a, optarg))
				return -1;
			break;
		case 'h': fputs(RUN_USAGE, stdout); return 1;
		default: fputs(RUN_USAGE, stderr); return -1;
		}
	}
	a->o.ndefs = a->k.ndefs;
	if (run_one_check(&a->o))
		return -1;
	if (optind == argc && !a->nfiles) {
		log_err("no scenario given; see 'ktsrun run --help'");
		return -1;
	}
	for (int i = optind; i < argc; i++)
		if (scenario_list_add(a->files, &a->nfiles, RUN_MAX_FILES, argv[i]))
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
	if (scenario_file_load(file, &a->k, &bc, &len)) {
		run_one_error(&a->o, file,
			      scenario_file_is_bytecode(file) ? "not runnable bytecode (errors above)"
							      : "does not compile (errors above)",
			      all, NULL);
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
	struct kts_opts k = { .diag = stderr, .topo_name = preset_check };
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
		if (scenario_list_add(a.files, &a.nfiles, RUN_MAX_FILES, dir))
			return EXIT_ERROR;
	}
	for (int i = 1; i < argc; i++)
		if (scenario_list_add(a.files, &a.nfiles, RUN_MAX_FILES, argv[i]))
			return EXIT_ERROR;
	/* read all first: the name column is as wide as the longest name (the
	 * metadata points into each program, so they live until printed) */
	struct listed {
		struct interp_meta m;
		struct bc_prog p;
		uint8_t *bc;
		bool ok;
	} *l = calloc(a.nfiles ? a.nfiles : 1, sizeof(*l));
	int width = 20;

	if (!l) {
		log_err("out of memory");
		rc = EXIT_ERROR;
	}
	for (unsigned i = 0; l && i < a.nfiles; i++) {
		size_t len;
		char err[256];

		if (scenario_file_load(a.files[i], &k, &l[i].bc, &len)) {
			rc = EXIT_ERROR;
		} else if (bc_load(&l[i].p, l[i].bc, len, err, sizeof(err))) {
			log_err("%s: %s", a.files[i], err);
			rc = EXIT_ERROR;
		} else {
			interp_meta_read(&l[i].p, &l[i].m);
			l[i].ok = true;
			if ((int)strlen(l[i].m.name) > width)
				width = (int)strlen(l[i].m.name);
		}
	}
	for (unsigned i = 0; i < a.nfiles; i++) {
		if (l && l[i].ok) {
			const struct interp_meta *m = &l[i].m;

			printf("%-*s %-10s %5.0fs  %s\n", width, m->name,
			       m->topology[0] ? m->topology : "tiny",
			       (double)(m->duration_ns + m->settle_ns) / 1e9, m->desc);
			bc_prog_free(&l[i].p);
		}
		if (l)
			free(l[i].bc);
		free(a.files[i]);
	}
	free(l);
	return rc;
}
