/* ktsrun verifier: load a scheduler in a VM with the verifier's statistics
 * (the loader hook ktsrun builds in, bpf/loader_hook.h, via sched.conf's
 * verifier_stats=1 in ktsrun.mode=schedtest) and print per BPF program its
 * type, verified instructions, processed instructions, states and peak
 * states; one VM per kernel and topology given, one table for all. A load
 * that fails prints the verifier log with loop iterations collapsed
 * (host/sched/sched_vlog.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/boot/boot.h"
#include "host/cmd/cmd.h"
#include "host/cmd/vmopts.h"
#include "host/sched/sched_cache.h"
#include "host/sched/sched_rec.h"
#include "host/sched/sched_spec.h"
#include "host/sched/sched_stage.h"
#include "host/sched/sched_vlog.h"
#include "host/topo/observe.h"
#include "host/util/log.h"
#include "host/util/sig.h"
#include "lib/proto.h"
#include "lib/scx_kind.h"

#define VERIFIER_MAX_EACH 8 /* topologies, and kernels */

#define VERIFIER_USAGE                                                                                      \
	"usage: ktsrun verifier --scheduler NAME[:ARGS] [--topo SPEC]... [--kernel K]... [--raw]\n"         \
	"                       [--load-timeout SEC] [--accel A] [--mem MIB] [--timeout SEC] [--console]\n" \
	"Load the scheduler in a VM with the verifier's statistics (log_level 4) and print one line\n"      \
	"per BPF program: name, type, the instructions the verifier verified (bpf_prog_info) and\n"         \
	"the instructions it processed, its states and peak states (its statistics log). One VM per\n"      \
	"kernel and topology given, all in one table, each program's rows together with the\n"              \
	"processed instructions against its first row (A/B: --kernel A --kernel B). A load that\n"          \
	"fails prints the verifier log with loop iterations collapsed into 'N x the following M\n"          \
	"lines' blocks. Only schedulers built by 'ktsrun sched build' have the loader hook this\n"          \
	"needs. Exit 0 loaded everywhere, 1 a load failed, 2 error.\n"                                      \
	"  --scheduler S   a built scheduler (ktsrun sched list); ARGS split on spaces\n"                   \
	"  --topo SPEC     repeatable (default tiny)\n"                                                     \
	"  --kernel K      repeatable: bzImage path or cache key (default: the newest cached)\n"            \
	"  --raw           print a failed load's verifier log as it came\n"                                 \
	"  --load-timeout SEC  wait this long for the load (default 60)\n" VMOPTS_USAGE

struct vf_args {
	struct vm_opts vm;
	const char *sched, *topos[VERIFIER_MAX_EACH], *kernels[VERIFIER_MAX_EACH];
	unsigned ntopos, nkernels, load_timeout;
	int raw;
};

/* One VM's answer. */
struct vf_run {
	char label[160];
	struct sched_vlog_stats st;
	int loaded; /* 1 every program loaded, 0 the load failed, -1 no answer */
};

struct vf_boot {
	struct observed obs;
	struct sched_rec sr;
	unsigned bad;
	char first_bad[256];
};

static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct vf_boot *c = arg;
	char err[256];
	int rc = type == REC_SCHED || type == REC_SCHED_LOG
			 ? sched_rec_take(&c->sr, type, p, len, err, sizeof(err))
			 : observe_record(&c->obs, type, p, len, err, sizeof(err));

	if (rc && !c->bad++)
		snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
}

static int push(const char **list, unsigned *n, const char *opt, const char *v)
{
	if (*n == VERIFIER_MAX_EACH) {
		log_err("%s: at most %d", opt, VERIFIER_MAX_EACH);
		return -1;
	}
	list[(*n)++] = v;
	return 0;
}

/* 0 to go on, 1 done (help), -1 error. */
static int parse_args(int argc, char **argv, struct vf_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "help", no_argument, NULL, 'h' },
		{ "scheduler", required_argument, NULL, 's' },
		{ "raw", no_argument, NULL, 'r' },
		{ "load-timeout", required_argument, NULL, 'l' },
		{ 0 },
	};
	int o, took;

	memset(a, 0, sizeof(*a));
	vmopts_init(&a->vm, "tiny", 0);
	a->load_timeout = SCHED_STAGE_LOAD_TIMEOUT_S;
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT "hs:rl:", opts, NULL)) != -1) {
		if (o == 't' || o == 'k') { /* repeatable here */
			if (o == 't' ? push(a->topos, &a->ntopos, "--topo", optarg)
				     : push(a->kernels, &a->nkernels, "--kernel", optarg))
				return -1;
			continue;
		}
		if ((took = vmopts_take(&a->vm, o, optarg)) < 0)
			return -1;
		if (took)
			continue;
		switch (o) {
		case 's': a->sched = optarg; break;
		case 'r': a->raw = 1; break;
		case 'l':
			if (vmopts_uint_arg("--load-timeout", optarg, 1, 600, &a->load_timeout))
				return -1;
			break;
		case 'h': fputs(VERIFIER_USAGE, stdout); return 1;
		default: fputs(VERIFIER_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; see 'ktsrun verifier --help'", argv[optind]);
		return -1;
	}
	if (!a->sched) {
		log_err("verifier needs --scheduler NAME[:ARGS]; 'ktsrun sched list' shows the built ones");
		return -1;
	}
	if (!a->ntopos)
		a->topos[a->ntopos++] = "tiny";
	if (!a->nkernels)
		a->kernels[a->nkernels++] = NULL;
	if (!a->vm.timeout) /* boot, load, and the loader's stop */
		a->vm.timeout = a->load_timeout + 60;
	return 0;
}

static void print_log(const struct sched_rec *s, const struct vf_run *v, int raw)
{
	const char *err = s->log[SR_STDERR].text ? s->log[SR_STDERR].text : "", *log;
	size_t n = sched_vlog_find(err, &log), cap = 256 * 1024;
	char *out;

	printf("load failed on %s: %s\n", v->label, s->why);
	if (!n) {
		printf("  (no verifier log in the scheduler's stderr; its last lines:)\n%s\n",
		       strlen(err) > 4000 ? err + strlen(err) - 4000 : err);
		return;
	}
	if (raw) {
		fwrite(log, 1, n, stdout);
		fputc('\n', stdout);
		return;
	}
	if (!(out = malloc(cap))) {
		fwrite(log, 1, n, stdout);
		return;
	}
	sched_vlog_collapse(log, n, out, cap);
	fputs(out, stdout);
	free(out);
}

/* Boot one VM for kernel/topo; fills v. 0, or an exit code. */
static int one(const struct vf_args *a, const char *kernel, const char *topo, struct vf_run *v)
{
	struct vm_opts vm = a->vm;
	struct sched_stage *rs = calloc(1, sizeof(*rs));
	struct vf_boot *c = calloc(1, sizeof(*c));
	struct sched_stage_opts so = { .duration_ms = 1000, .load_timeout_ms = a->load_timeout * 1000 };
	struct boot_opts o = { .mode = "schedtest", .fault = "none" };
	struct kernel_cache_entry k;
	struct boot_result r;
	struct topo t;
	char err[512];
	int rc = EXIT_ERROR, n;

	v->loaded = -1;
	vm.spec = topo;
	vm.kernel = kernel;
	if (!rs || !c) {
		log_err("out of memory");
		goto out;
	}
	if (vmopts_prepare(&vm, &t, &k, &o))
		goto out;
	snprintf(v->label, sizeof(v->label), "%s %s", t.spec, k.key[0] ? k.key : k.bzimage);
	if (sched_stage_prepare(rs, a->sched, NULL, &k, topo_ncpus(&t), &so, err, sizeof(err))) {
		log_err("%s", err);
		goto out;
	}
	n = snprintf(rs->conf + rs->x.conf_len, sizeof(rs->conf) - rs->x.conf_len, "verifier_stats=1\n");
	if (n < 0 || (size_t)n >= sizeof(rs->conf) - rs->x.conf_len) {
		log_err("--scheduler: the arguments are too long for the guest's configuration");
		goto out;
	}
	rs->x.conf_len += (size_t)n;
	o.initrd_extra = &rs->x;
	o.kernel_args = rs->kargs[0] ? rs->kargs : NULL;
	c->sr.load_ms = c->sr.enabled_ms = -1;
	boot_run(&o, collect, c, &r);
	if ((rc = boot_unusable(&r, c->bad, c->first_bad)) == 0) {
		rc = EXIT_PASS;
		sched_vlog_stats_parse(c->sr.log[SR_STDERR].text ? c->sr.log[SR_STDERR].text : "", &v->st);
		if (!c->sr.result) {
			log_err("%s: the guest sent no scheduler result; rerun with --console", v->label);
			rc = EXIT_ERROR;
		} else if (v->st.done) {
			v->loaded = 1;
		} else if (!v->st.reloaded && c->sr.kind != SCX_LOAD) {
			log_err("%s: %s loaded without reporting verifier statistics, so it lacks "
				"ktsrun's loader hook (bpf/loader_hook.h); build it with 'ktsrun sched "
				"build --kernel %s' (a binary given by path has no hook)",
				v->label, rs->host_bin, k.key[0] ? k.key : "KEY");
			rc = EXIT_ERROR;
		} else {
			v->loaded = 0;
			print_log(&c->sr, v, a->raw);
		}
	}
	boot_result_free(&r);
	sched_rec_free(&c->sr);
out:
	free(rs);
	free(c);
	return rc;
}

static void cell(long v)
{
	if (v < 0)
		printf(" %9s", "-");
	else
		printf(" %9ld", v);
}

static const struct sched_vlog_prog *find_prog(const struct vf_run *v, const char *name)
{
	for (unsigned p = 0; p < v->st.n; p++)
		if (!strcmp(v->st.prog[p].name, name))
			return &v->st.prog[p];
	return NULL;
}

/* One row per program and run, each program's rows together, in the order
 * the runs listed them; with several runs, the processed instructions
 * against the program's first row ("base"; "=" the same). */
static void print_table(const struct vf_run *runs, unsigned nruns)
{
	size_t w = 7;

	for (unsigned i = 0; i < nruns; i++)
		for (unsigned p = 0; p < runs[i].st.n; p++)
			if (strlen(runs[i].st.prog[p].name) > w)
				w = strlen(runs[i].st.prog[p].name);
	printf("%-*s %-12s %9s %9s %9s %9s%s\n", (int)w, "program", "type", "verified", "processed", "states",
	       "peak", nruns > 1 ? " vs first  on" : "");
	for (unsigned i = 0; i < nruns; i++)
		for (unsigned p = 0; p < runs[i].st.n; p++) {
			const char *name = runs[i].st.prog[p].name;
			unsigned first = 0;

			while (!find_prog(&runs[first], name))
				first++;
			if (first < i)
				continue; /* printed with an earlier run's rows */
			for (unsigned j = i; j < nruns; j++) {
				const struct sched_vlog_prog *g = find_prog(&runs[j], name),
							     *a = &runs[i].st.prog[p];
				char vs[24];

				if (!g)
					continue;
				printf("%-*s %-12s", (int)w, g->name, g->type);
				cell(g->verified_insns);
				cell(g->processed);
				cell(g->states);
				cell(g->peak_states);
				if (nruns == 1) {
					putchar('\n');
					continue;
				}
				/* A/B: processed instructions against this program's first row */
				if (j == i || g->processed < 0 || a->processed < 0)
					snprintf(vs, sizeof(vs), "%s", j == i ? "base" : "-");
				else if (g->processed == a->processed)
					snprintf(vs, sizeof(vs), "=");
				else
					snprintf(vs, sizeof(vs), "%+ld", g->processed - a->processed);
				printf(" %9s  %s\n", vs, runs[j].label);
			}
		}
}

int cmd_verifier(int argc, char **argv)
{
	struct vf_args a;
	struct sched_spec spec;
	struct vf_run *runs;
	unsigned nruns = 0, failed = 0;
	char err[512];
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (sched_spec_parse(a.sched, &spec, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	a.vm.scx = true;
	a.vm.sched = a.sched;
	if (!(runs = calloc(a.ntopos * a.nkernels, sizeof(*runs)))) {
		log_err("out of memory");
		return EXIT_ERROR;
	}
	for (unsigned ki = 0; ki < a.nkernels && !rc; ki++)
		for (unsigned ti = 0; ti < a.ntopos && !rc; ti++) {
			rc = one(&a, a.kernels[ki], a.topos[ti], &runs[nruns]);
			if (sig_caught)
				rc = sig_exit_code();
			if (!rc && runs[nruns].loaded == 0)
				failed++;
			nruns += !rc;
		}
	if (!rc && nruns > failed) {
		struct vf_run *ok = calloc(nruns, sizeof(*ok));
		unsigned n = 0;

		for (unsigned i = 0; ok && i < nruns; i++)
			if (runs[i].loaded == 1)
				ok[n++] = runs[i];
		if (ok)
			print_table(ok, n);
		free(ok);
	}
	free(runs);
	return rc ? rc : failed ? EXIT_FAIL : EXIT_PASS;
}
