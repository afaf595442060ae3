/* ktsrun worktest: boot the guest in ktsrun.mode=worktest (guest/worktest.c)
 * and check what every work type reported: progress, plausible telemetry,
 * the freeze gap and the SIGSTOPped worker. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/boot/boot.h"
#include "host/cmd/cmd.h"
#include "host/payload/payload_find.h"
#include "host/util/log.h"
#include "host/topo/observe.h"
#include "host/util/sig.h"
#include "host/run/telemetry.h"
#include "host/cmd/vmopts.h"
#include "lib/payload.h"
#include "lib/proto.h"

#define WORKTEST_USAGE                                                                               \
	"usage: ktsrun worktest [--topo SPEC] [--kernel K] [--accel auto|own|kvm|tcg] [--mem MIB]\n" \
	"                       [--timeout SEC] [--console] [--workers]\n"                           \
	"Boot the guest, run every work type briefly in a cgroup and print what each\n"              \
	"worker measured; exit 0 if all made progress with plausible telemetry, 1 if not,\n"         \
	"2 if the VM could not run. Defaults: --topo tiny (2 CPUs), --timeout 300.\n" VMOPTS_USAGE   \
	"  --workers       also print one line per worker with every figure (times in us)\n"

#define MAX_STEPS	  64
#define MAX_WORKERS	  1024
#define FREEZE_MIN_GAP_NS 200000000ull /* the guest freezes for 300 ms */

struct wt_args {
	struct vm_opts vm;
	int workers;
};

struct wt {
	struct observed obs;
	struct telemetry_step step[MAX_STEPS];
	unsigned nsteps, nworkers, bad;
	struct telemetry_worker *w;  /* MAX_WORKERS */
	unsigned wstep[MAX_WORKERS]; /* step index of each worker */
	struct telemetry_cgroup cg;  /* the last cpu.stat of the workers' cgroup */
	unsigned ncg;
	char first_bad[256];
};

static void note_bad(struct wt *c, const char *err)
{
	if (!c->bad++)
		snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
}

static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct wt *c = arg;
	char err[256];

	if (type == REC_STEP) {
		if (c->nsteps == MAX_STEPS)
			note_bad(c, "more steps than expected");
		else if (telemetry_parse_step(p, len, &c->step[c->nsteps], err, sizeof(err)))
			note_bad(c, err);
		else
			c->nsteps++;
	} else if (type == REC_WORKER) {
		if (!c->nsteps || c->nworkers == MAX_WORKERS)
			note_bad(c, "worker record outside a step, or too many");
		else if (telemetry_parse_worker(p, len, &c->w[c->nworkers], err, sizeof(err)))
			note_bad(c, err);
		else
			c->wstep[c->nworkers++] = c->nsteps - 1;
	} else if (type == REC_CGROUP) {
		if (telemetry_parse_cgroup(p, len, &c->cg, err, sizeof(err)))
			note_bad(c, err);
		else
			c->ncg++;
	} else if (observe_record(&c->obs, type, p, len, err, sizeof(err))) {
		note_bad(c, err);
	}
}

static int parse_args(int argc, char **argv, struct wt_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "help", no_argument, NULL, 'h' },
		{ "workers", no_argument, NULL, 'w' },
		{ 0 },
	};
	int o, took;

	vmopts_init(&a->vm, "tiny", 300);
	a->workers = 0;
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT "hw", opts, NULL)) != -1) {
		took = vmopts_take(&a->vm, o, optarg);
		if (took < 0)
			return -1;
		if (took)
			continue;
		switch (o) {
		case 'w': a->workers = 1; break;
		case 'h': fputs(WORKTEST_USAGE, stdout); return 1;
		default: fputs(WORKTEST_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; see 'ktsrun worktest --help'", argv[optind]);
		return -1;
	}
	return 0;
}

struct agg {
	unsigned n, progressed;
	uint64_t units, iters, gap, p99, migr, csw, cpu_ns, wall_ns;
	struct cpuset cpus;
};

static void sum_step(const struct wt *c, unsigned s, struct agg *a)
{
	memset(a, 0, sizeof(*a));
	for (unsigned i = 0; i < c->nworkers; i++) {
		const struct telemetry_worker *w = &c->w[i];

		if (c->wstep[i] != s)
			continue;
		a->n++;
		a->progressed += telemetry_progressed(w);
		a->units += w->units;
		a->iters += w->iters;
		a->gap = w->max_gap_ns > a->gap ? w->max_gap_ns : a->gap;
		a->p99 = w->wake_p99_ns > a->p99 ? w->wake_p99_ns : a->p99;
		a->migr += w->migrations;
		a->csw += w->vcsw + w->ivcsw;
		a->cpu_ns += w->cpu_ns;
		a->wall_ns += w->wall_ns;
		for (unsigned k = 0; k < CPUSET_MAX / 64; k++)
			a->cpus.w[k] |= w->cpus.w[k];
	}
}

static void fmt_ns(char *b, size_t len, uint64_t ns)
{
	if (ns >= 1000000000ull)
		snprintf(b, len, "%.2fs", (double)ns / 1e9);
	else if (ns >= 1000000)
		snprintf(b, len, "%.1fms", (double)ns / 1e6);
	else
		snprintf(b, len, "%.1fus", (double)ns / 1e3);
}

/* Problems of one worker in a work-type step; prints each. */
static unsigned check_worker(const struct wt *c, unsigned i, const char *step)
{
	const struct telemetry_worker *w = &c->w[i];
	char why[200];
	unsigned bad = 0;

	if (!strcmp(step, "check_sigstop"))
		return 0; /* judged as a whole below */
	if (strcmp(w->state, "done") || !telemetry_progressed(w)) {
		printf("  FAIL %s worker %u: no progress (state %s, fate %s, %llu units)%s%s\n", step, w->id,
		       w->state, w->fate, (unsigned long long)w->units, w->msg[0] ? ": " : "", w->msg);
		bad++;
	}
	if (telemetry_check_plausible(w, c->obs.ncpus, why, sizeof(why))) {
		printf("  FAIL %s worker %u: implausible telemetry: %s\n", step, w->id, why);
		bad++;
	}
	if (!strcmp(step, "check_freeze") && w->max_gap_ns < FREEZE_MIN_GAP_NS) {
		printf("  FAIL check_freeze worker %u: largest gap %llu ns, but the cgroup was frozen 300 "
		       "ms\n",
		       w->id, (unsigned long long)w->max_gap_ns);
		bad++;
	}
	return bad;
}

static unsigned check_sigstop(const struct wt *c, unsigned s)
{
	unsigned seen = 0, bad = 0;

	for (unsigned i = 0; i < c->nworkers; i++) {
		const struct telemetry_worker *w = &c->w[i];

		if (c->wstep[i] != s)
			continue;
		/* the first runs; the second was stopped before the release */
		if (seen++ == 0 ? !telemetry_progressed(w)
				: telemetry_progressed(w) || strcmp(w->fate, "killed")) {
			printf("  FAIL check_sigstop worker %u: %s progress (%llu units, fate %s)\n", w->id,
			       seen == 1 ? "expected" : "expected no", (unsigned long long)w->units, w->fate);
			bad++;
		}
	}
	return bad + (seen != 2);
}

static unsigned print_table(const struct wt *c)
{
	unsigned bad = 0, types = 0;

	printf("%-17s %3s %10s %9s %9s %9s %5s %6s %7s %s\n", "type", "wrk", "units", "iters", "max_gap",
	       "p99_wake", "cpus", "migr", "csw", "cpu/wall");
	for (unsigned s = 0; s < c->nsteps; s++) {
		struct agg a;
		char gap[16], p99[16];
		const char *name = c->step[s].name;

		sum_step(c, s, &a);
		fmt_ns(gap, sizeof(gap), a.gap);
		fmt_ns(p99, sizeof(p99), a.p99);
		printf("%-17s %3u %10llu %9llu %9s %9s %5u %6llu %7llu %.2f\n", name, a.n,
		       (unsigned long long)a.units, (unsigned long long)a.iters, gap, a.p99 ? p99 : "-",
		       cpuset_count(&a.cpus), (unsigned long long)a.migr, (unsigned long long)a.csw,
		       a.wall_ns ? (double)a.cpu_ns / (double)a.wall_ns : 0.0);
		if (!a.n) {
			printf("  FAIL %s: no worker reported\n", name);
			bad++;
		}
		if (!strcmp(name, "check_sigstop"))
			bad += check_sigstop(c, s);
		else if (strncmp(name, "check_", 6))
			types++;
		for (unsigned i = 0; i < c->nworkers; i++)
			if (c->wstep[i] == s)
				bad += check_worker(c, i, name);
	}
	printf("%u work types on %u CPUs; guest run %.2f s\n", types, c->obs.ncpus,
	       c->nsteps ? (double)(c->step[c->nsteps - 1].t_ns - c->step[0].t_ns) / 1e9 : 0.0);
	if (c->ncg) {
		char cpus[64];

		printf("cgroup %s (%s): %.2f s CPU (user %.2f, system %.2f), throttled %llu of %llu periods, "
		       "CPUs %s\n",
		       c->cg.name, c->cg.path, (double)c->cg.usage_us / 1e6, (double)c->cg.user_us / 1e6,
		       (double)c->cg.system_us / 1e6, (unsigned long long)c->cg.nr_throttled,
		       (unsigned long long)c->cg.nr_periods,
		       cpuset_format(&c->cg.cpus_effective, cpus, sizeof(cpus)));
	} else {
		printf("  FAIL no cgroup figures came from the guest\n");
		bad++;
	}
	return bad;
}

static void print_workers(const struct wt *c)
{
	printf("\n%-17s %4s %-13s %-9s %9s %8s %8s %8s %8s %4s %7s %7s %7s %7s %-6s %5s %5s %6s %6s %8s\n",
	       "worker", "id", "state", "fate", "units", "wall_us", "cpu_us", "gap_us", "gap_at", "gcpu",
	       "p50_us", "p90_us", "p99_us", "max_us", "cpus", "migr", "nrmig", "vcsw", "ivcsw", "rdelay");
	for (unsigned i = 0; i < c->nworkers; i++) {
		const struct telemetry_worker *w = &c->w[i];
		char cpus[64];

		if (!cpuset_format(&w->cpus, cpus, sizeof(cpus))[0])
			snprintf(cpus, sizeof(cpus), "-"); /* keep the columns */

		printf("%-17s %4u %-13s %-9s %9llu %8llu %8llu %8llu %8llu %4d %7llu %7llu %7llu %7llu %-6s "
		       "%5llu %5lld %6lld %6lld %8lld\n",
		       c->step[c->wstep[i]].name, w->id, w->state, w->fate, (unsigned long long)w->units,
		       (unsigned long long)w->wall_ns / 1000, (unsigned long long)w->cpu_ns / 1000,
		       (unsigned long long)w->max_gap_ns / 1000,
		       (unsigned long long)(w->max_gap_ns ? (w->max_gap_at_ns - w->start_ns) / 1000 : 0),
		       w->max_gap_cpu, (unsigned long long)w->wake_p50_ns / 1000,
		       (unsigned long long)w->wake_p90_ns / 1000, (unsigned long long)w->wake_p99_ns / 1000,
		       (unsigned long long)w->wake_max_ns / 1000, cpus, (unsigned long long)w->migrations,
		       w->have_migr ? (long long)w->nr_migrations : -1LL,
		       w->have_csw ? (long long)w->vcsw : -1LL, w->have_csw ? (long long)w->ivcsw : -1LL,
		       w->have_run ? (long long)w->run_delay_ns / 1000 : -1LL);
	}
}

static int report(struct wt *c, struct boot_result *r, bool workers)
{
	unsigned bad;
	int rc;

	if ((rc = boot_unusable(r, c->bad, c->first_bad)))
		return rc;
	printf("guest: kernel %s, %u CPUs; VM gone after %.2f s\n", c->obs.release, c->obs.ncpus, r->t_total);
	bad = print_table(c);
	if (workers)
		print_workers(c);
	printf("result: %s\n", bad ? "FAIL" : "every work type made progress with plausible telemetry");
	return bad ? EXIT_FAIL : EXIT_PASS;
}

int cmd_worktest(int argc, char **argv)
{
	struct wt_args a;
	struct topo t;
	struct kernel_cache_entry k;
	struct wt *c;
	struct boot_result r;
	struct boot_opts o = { .mode = "worktest", .fault = "none" };
	int rc = parse_args(argc, argv, &a);
	char true_path[1024], err[600];
	const char *pay[1] = { true_path };

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	/* work exec runs this in the guest (guest/worktest.c): it needs a program */
	if (payload_find(WORKTEST_EXEC_PROG, true_path, sizeof(true_path), err, sizeof(err))) {
		log_err("worktest: %s", err);
		return EXIT_ERROR;
	}
	if (vmopts_prepare(&a.vm, &t, &k, &o))
		return EXIT_ERROR;
	o.payloads = pay, o.npayloads = 1;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->w = calloc(MAX_WORKERS, sizeof(*c->w)))) {
		log_err("out of memory");
		free(c);
		return EXIT_ERROR;
	}
	boot_run(&o, collect, c, &r);
	rc = report(c, &r, a.workers);
	boot_result_free(&r);
	free(c->w);
	free(c);
	return rc;
}
