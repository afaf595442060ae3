/* ktsrun compare A.json B.json, or A1.json A2.json -- B1.json B2.json:
 * host/report/report_compare.c does the work. */
#include <getopt.h>
#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/report/report_color.h"
#include "host/report/report_compare.h"
#include "host/run/run_report.h"
#include "host/util/log.h"

#define COMPARE_USAGE                                                                                \
	"usage: ktsrun compare A.json B.json [--metric M]... [--abs X]... [--rel Y%] [--json OUT]\n" \
	"       ktsrun compare [options] A1.json A2.json... -- B1.json B2.json...\n"                 \
	"Compare results of 'ktsrun run --json' (A: before, B: after), matched by variant\n"         \
	"(scenario/topology/scheduler[/kernel]): verdict changes first, then new and missing\n"      \
	"variants, then per metric A, B and the change. A change is a regression when it is\n"       \
	"worse by more than both the absolute and the relative gate, and, with several runs\n"       \
	"a side, when every B run is worse than every A run by that much (else it is\n"              \
	"within the noise).\n"                                                                       \
	"Exit 0 no regression, 1 a regression (a metric, or a verdict turned FAIL or ERROR),\n"      \
	"2 bad input.\n"                                                                             \
	"  --metric M      compare metric M (work_units, work_units_share, max_gap, ...)\n"          \
	"                  or CGROUP.M only; repeatable (default: every metric with a\n"             \
	"                  direction)\n"                                                             \
	"  --abs X         absolute gate: a count (100), a duration (5ms, 200us, 1s) or a\n"         \
	"                  fraction (10%) for the metrics of that kind; repeatable\n"                \
	"  --rel Y%        relative gate, in % of A (default: per metric, doc/reports.md)\n"         \
	"  --emulation M   gates for emulation (on), hardware (off), or by the runs' VM (auto)\n"    \
	"  --json OUT      write the comparison to OUT as JSON\n"                                    \
	"  --verbose       print every metric, not only those beyond a gate\n"

#define COMPARE_MAX_FILES 64

struct compare_args {
	struct compare_opts o;
	const char *json;
	bool verbose;
	const char *fa[COMPARE_MAX_FILES], *fb[COMPARE_MAX_FILES];
	unsigned nfa, nfb;
};

static int pick(struct compare_opts *o, char *arg)
{
	char *dot = strrchr(arg, '.');
	int m = report_metric_find(dot ? dot + 1 : arg);

	if (m < 0 || (dot && dot == arg)) {
		log_err("--metric '%s': no such metric; one of work_units, work_units_share, cpu_time_share, "
			"max_gap, p99_wake_latency, fairness_spread, ... (doc/reports.md), optionally "
			"CGROUP.METRIC",
			arg);
		return -1;
	}
	if (o->npick == COMPARE_MAX_METRICS) {
		log_err("--metric: at most %d", COMPARE_MAX_METRICS);
		return -1;
	}
	if (dot)
		*dot = '\0';
	/* a nested cgroup as the scenario spells it (outer.inner) or as results do (outer/inner) */
	for (char *p = arg; dot && *p; p++)
		*p = *p == '.' ? '/' : *p;
	o->pick[o->npick++] = (struct compare_pick){ dot ? arg : NULL, (unsigned)m };
	return 0;
}

/* --abs: a count, a duration with its unit, or a fraction in %. */
static int abs_gate(struct compare_opts *o, const char *arg)
{
	static const struct {
		const char *unit;
		double scale;
	} units[] = { { "ns", 1 }, { "us", 1e3 }, { "ms", 1e6 }, { "s", 1e9 } };
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || !(v >= 0) || !isfinite(v))
		goto bad;
	if (!*end) {
		o->abs_n = v;
		return 0;
	}
	if (!strcmp(end, "%")) {
		o->abs_f = v / 100;
		return 0;
	}
	for (size_t i = 0; i < sizeof(units) / sizeof(units[0]); i++)
		if (!strcmp(end, units[i].unit)) {
			o->abs_d = v * units[i].scale;
			return 0;
		}
bad:
	log_err("--abs '%s': expected a count (100), a duration (5ms, 200us, 1s) or a fraction (10%%)", arg);
	return -1;
}

static int rel_gate(struct compare_opts *o, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || (*end && strcmp(end, "%")) || !(v >= 0) || !isfinite(v)) {
		log_err("--rel '%s': expected a percentage of A, like 25%%", arg);
		return -1;
	}
	o->rel = v / 100;
	return 0;
}

static int side(const char **files, unsigned *n, char **argv, int from, int to, const char *name)
{
	for (int i = from; i < to; i++) {
		if (*n == COMPARE_MAX_FILES) {
			log_err("compare: at most %d files on side %s", COMPARE_MAX_FILES, name);
			return -1;
		}
		files[(*n)++] = argv[i];
	}
	return 0;
}

static int parse(int argc, char **argv, struct compare_args *a)
{
	static const struct option opts[] = {
		{ "metric", required_argument, NULL, 'M' },
		{ "abs", required_argument, NULL, 'A' },
		{ "rel", required_argument, NULL, 'R' },
		{ "json", required_argument, NULL, 'j' },
		{ "emulation", required_argument, NULL, 'E' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o, sep = argc, nopt;

	memset(a, 0, sizeof(*a));
	a->o.abs_n = a->o.abs_d = a->o.abs_f = a->o.rel = NAN;
	a->o.emulation = -1;
	/* side B is what follows "--"; getopt sees only what is before it */
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			sep = i;
			break;
		}
	nopt = sep;
	while ((o = getopt_long(nopt, argv, "hv", opts, NULL)) != -1) {
		switch (o) {
		case 'M':
			if (pick(&a->o, optarg))
				return -1;
			break;
		case 'A':
			if (abs_gate(&a->o, optarg))
				return -1;
			break;
		case 'R':
			if (rel_gate(&a->o, optarg))
				return -1;
			break;
		case 'j': a->json = optarg; break;
		case 'E':
			a->o.emulation = !strcmp(optarg, "on")	   ? 1
					 : !strcmp(optarg, "off")  ? 0
					 : !strcmp(optarg, "auto") ? -1
								   : -2;
			if (a->o.emulation == -2) {
				log_err("--emulation '%s': expected auto, on or off", optarg);
				return -1;
			}
			break;
		case 'v': a->verbose = true; break;
		case 'h': fputs(COMPARE_USAGE, stdout); return 1;
		default: fputs(COMPARE_USAGE, stderr); return -1;
		}
	}
	if (sep == argc) {
		if (nopt - optind != 2) {
			log_err("compare needs two result files, A and B (or A1 A2 ... -- B1 B2 ...); "
				"see 'ktsrun compare --help'");
			return -1;
		}
		a->fa[a->nfa++] = argv[optind], a->fb[a->nfb++] = argv[optind + 1];
		return 0;
	}
	if (side(a->fa, &a->nfa, argv, optind, nopt, "A") || side(a->fb, &a->nfb, argv, sep + 1, argc, "B"))
		return -1;
	if (!a->nfa || !a->nfb) {
		log_err("compare: no result file %s '--'; give A files before it and B files after it",
			a->nfa ? "after" : "before");
		return -1;
	}
	return 0;
}

static int load(struct report_set *s, const char *const *files, unsigned n)
{
	char err[1024];

	for (unsigned i = 0; i < n; i++)
		if (report_load_file(s, files[i], err, sizeof(err))) {
			log_err("%s", err);
			return -1;
		}
	return 0;
}

static int write_json(const struct compare *c, const struct compare_args *a)
{
	json_object *o = report_compare_json(c, a->fa, a->nfa, a->fb, a->nfb);
	int rc;

	json_object_object_add(o, "schema_version", json_object_new_int(RUN_JSON_SCHEMA));
	rc = run_json_write(a->json, o);
	json_object_put(o);
	return rc;
}

int cmd_compare(int argc, char **argv)
{
	struct compare_args a;
	struct report_set sa = { 0 }, sb = { 0 };
	struct report_color col;
	struct compare c;
	char err[512];
	int rc = parse(argc, argv, &a);

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (load(&sa, a.fa, a.nfa) || load(&sb, a.fb, a.nfb)) {
		rc = EXIT_ERROR;
	} else if (report_compare(&c, &sa, &sb, &a.o, err, sizeof(err))) {
		log_err("%s", err);
		rc = EXIT_ERROR;
	} else {
		report_color_init(&col, stdout);
		report_compare_print(stdout, &c, a.fa, a.nfa, a.fb, a.nfb, a.verbose || a.o.npick, &col);
		rc = report_compare_regressed(&c) ? EXIT_FAIL : EXIT_PASS;
		if (a.json && write_json(&c, &a))
			rc = EXIT_ERROR;
		report_compare_free(&c);
	}
	report_load_free(&sa);
	report_load_free(&sb);
	return rc;
}
