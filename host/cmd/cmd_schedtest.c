/* ktsrun schedtest: boot the guest in ktsrun.mode=schedtest (guest/schedtest.c)
 * with one scheduler, run spinners, and print how the scheduler ended. With
 * --dump-at a timer thread asks the guest for the sched_ext dump while the
 * spinners run (host/boot/boot_dump.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/boot/boot.h"
#include "host/boot/boot_dump.h"
#include "host/cmd/cmd.h"
#include "host/util/log.h"
#include "host/topo/observe.h"
#include "host/sched/sched_cache.h"
#include "host/sched/sched_explain.h"
#include "host/sched/sched_rec.h"
#include "host/sched/sched_spec.h"
#include "host/sched/sched_stage.h"
#include "host/util/sig.h"
#include "host/cmd/vmopts.h"
#include "lib/proto.h"
#include "lib/scx_kind.h"

#define SCHEDTEST_USAGE                                                                                     \
	"usage: ktsrun schedtest --scheduler NAME[:ARGS] [--duration SEC] [--expect-fail KIND[:PATTERN]]\n" \
	"                        [--spinners N] [--load-timeout SEC] [--topo SPEC] [--kernel K]\n"          \
	"                        [--accel A] [--mem MIB] [--timeout SEC] [--console]\n"                     \
	"Boot the guest, start the scheduler, run spinners for the duration while watching it,\n"           \
	"stop it and print the verdict: pass, or the failure class (load, exit, error, stall,\n"            \
	"other) with its explanation. Exit 0 pass (or the expected failure), 1 fail, 2 error.\n"            \
	"  --scheduler S   a built scheduler (ktsrun sched list) or a path; ARGS split on spaces,\n"        \
	"                  e.g. 'scx_qmap:-t 5'\n"                                                          \
	"  --duration SEC  how long the spinners run (default 10)\n"                                        \
	"  --expect-fail K the run passes only if it fails with class K (and PATTERN appears in\n"          \
	"                  the explanation, verifier excerpt or message)\n"                                 \
	"  --spinners N    spinning workers (default: 2 per CPU)\n"                                         \
	"  --load-timeout SEC  wait this long for sched_ext to be enabled (default 60)\n"                   \
	"  --dump-at SEC   SEC after sched_ext is enabled, ask the guest for the sched_ext debug\n"         \
	"                  dump (SysRq-D) and print it (SEC below --duration)\n" VMOPTS_USAGE

struct st_args {
	struct vm_opts vm;
	const char *sched, *expect;
	unsigned duration, spinners, load_timeout;
	double dump_at; /* seconds after enabled; < 0 for none */
};

struct st {
	struct observed obs;
	struct sched_rec sr;
	unsigned bad;
	char first_bad[256];
	struct boot_link *link; /* with --dump-at only */
	struct boot_dump dump;
};

static void note_bad(struct st *c, const char *err)
{
	if (!c->bad++)
		snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
}

static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct st *c = arg;
	char err[256];
	bool was = c->sr.enabled;
	int rc = type == REC_SCHED || type == REC_SCHED_LOG
			 ? sched_rec_take(&c->sr, type, p, len, err, sizeof(err))
			 : observe_record(&c->obs, type, p, len, err, sizeof(err));

	if (rc)
		note_bad(c, err);
	if (type == REC_REPLY && c->link && boot_dump_take(&c->dump, p, len, err, sizeof(err)))
		note_bad(c, err);
	if (!was && c->sr.enabled && c->link)
		boot_dump_arm(&c->dump); /* --dump-at counts from here */
}

static int parse_args(int argc, char **argv, struct st_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "help", no_argument, NULL, 'h' },
		{ "scheduler", required_argument, NULL, 's' },
		{ "duration", required_argument, NULL, 'd' },
		{ "expect-fail", required_argument, NULL, 'e' },
		{ "spinners", required_argument, NULL, 'n' },
		{ "load-timeout", required_argument, NULL, 'l' },
		{ "dump-at", required_argument, NULL, 'D' },
		{ 0 },
	};
	int o, took;

	vmopts_init(&a->vm, "tiny", 0);
	a->sched = a->expect = NULL;
	a->duration = 10;
	a->spinners = 0;
	a->load_timeout = 60;
	a->dump_at = -1;
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT "hs:d:e:n:l:D:", opts, NULL)) != -1) {
		took = vmopts_take(&a->vm, o, optarg);
		if (took < 0)
			return -1;
		if (took)
			continue;
		switch (o) {
		case 's': a->sched = optarg; break;
		case 'e': a->expect = optarg; break;
		case 'd':
			if (vmopts_uint_arg("--duration", optarg, 1, 3600, &a->duration))
				return -1;
			break;
		case 'n':
			if (vmopts_uint_arg("--spinners", optarg, 0, 256, &a->spinners))
				return -1;
			break;
		case 'l':
			if (vmopts_uint_arg("--load-timeout", optarg, 1, 600, &a->load_timeout))
				return -1;
			break;
		case 'D': {
			char *end;

			a->dump_at = strtod(optarg, &end);
			if (end == optarg || *end || !(a->dump_at >= 0 && a->dump_at <= 3600)) {
				log_err("--dump-at '%s': give seconds after sched_ext is enabled, e.g. 2 or "
					"0.5",
					optarg);
				return -1;
			}
			break;
		}
		case 'h': fputs(SCHEDTEST_USAGE, stdout); return 1;
		default: fputs(SCHEDTEST_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; see 'ktsrun schedtest --help'", argv[optind]);
		return -1;
	}
	if (!a->sched) {
		log_err("schedtest needs --scheduler NAME[:ARGS]; 'ktsrun sched list' shows the built ones");
		return -1;
	}
	if (a->expect) {
		char kind[16];

		snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(a->expect, ":"), a->expect);
		if (scx_kind_parse(kind) <= 0) {
			log_err("--expect-fail '%s': KIND is one of load, exit, error, stall, other",
				a->expect);
			return -1;
		}
	}
	if (a->dump_at >= a->duration) {
		log_err("--dump-at %g is not within --duration %u: the spinners would be gone", a->dump_at,
			a->duration);
		return -1;
	}
	if (!a->vm.timeout) /* boot, load, run, stop, and the watchdog's own 30 s at worst */
		a->vm.timeout = a->duration + a->load_timeout + 90;
	return 0;
}

/* expect is KIND[:PATTERN], its KIND checked by parse_args. */
static bool expected(const struct sched_rec *s, const char *expect)
{
	const char *colon = strchr(expect, ':');
	char kind[16];

	snprintf(kind, sizeof(kind), "%.*s", (int)strcspn(expect, ":"), expect);
	return sched_explain_matches(s, scx_kind_parse(kind), colon ? colon + 1 : "");
}

static int report(struct st *c, struct boot_result *r, const struct st_args *a)
{
	const struct sched_rec *s = &c->sr;
	int ok, rc;

	if ((rc = boot_unusable(r, c->bad, c->first_bad)))
		return rc;
	if (!s->result) {
		log_err("the guest sent no scheduler result; rerun with --console to see the guest side");
		return EXIT_ERROR;
	}
	printf("guest: kernel %s, %u CPUs; scheduler %s\n", c->obs.release, c->obs.ncpus, s->path);
	if (s->load_ms >= 0)
		printf("load: enabled as '%s' after %.2f s\n", s->ops, (double)s->load_ms / 1e3);
	if (s->enabled_ms >= 0)
		printf("ran: %.2f s enabled%s\n", (double)s->enabled_ms / 1e3,
		       s->kind == SCX_PASS ? "" : " before the failure was seen");
	printf("verdict: %s: %s\n", scx_kind_name(s->kind), s->why);
	if (s->kind != SCX_PASS)
		sched_explain_print(stdout, "", s, r->console, r->console_len);
	printf("VM gone after %.2f s\n", r->t_total);
	ok = a->expect ? expected(s, a->expect) : s->kind == SCX_PASS;
	if (a->dump_at >= 0 && boot_dump_print(&c->dump, stdout))
		ok = false;
	if (a->expect)
		printf("result: %s (expected failure %s)\n", ok ? "PASS" : "FAIL", a->expect);
	else
		printf("result: %s\n", ok ? "PASS" : "FAIL");
	return ok ? EXIT_PASS : EXIT_FAIL;
}

int cmd_schedtest(int argc, char **argv)
{
	struct st_args a;
	struct sched_spec spec;
	struct sched_stage *rs = NULL;
	struct sched_stage_opts so;
	struct topo t;
	struct kernel_cache_entry k;
	struct boot_opts o = { .mode = "schedtest", .fault = "none" };
	char err[512], path[4096];
	struct boot_result r;
	struct st *c = NULL;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	/* a bad spelling or path is reported before the kernel is looked up */
	if (sched_spec_parse(a.sched, &spec, err, sizeof(err)) ||
	    (strchr(spec.name, '/') &&
	     sched_cache_resolve(spec.name, NULL, path, sizeof(path), err, sizeof(err)))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	a.vm.scx = true;
	a.vm.sched = a.sched;
	if (vmopts_prepare(&a.vm, &t, &k, &o))
		return EXIT_ERROR;
	so = (struct sched_stage_opts){ .duration_ms = a.duration * 1000,
					.spinners = a.spinners ? a.spinners : 2 * topo_ncpus(&t),
					.load_timeout_ms = a.load_timeout * 1000 };
	if (!(rs = calloc(1, sizeof(*rs))) || !(c = calloc(1, sizeof(*c)))) {
		free(rs);
		log_err("out of memory");
		return EXIT_ERROR;
	}
	if (sched_stage_prepare(rs, a.sched, NULL, &k, topo_ncpus(&t), &so, err, sizeof(err))) {
		log_err("%s", err);
		free(rs);
		free(c);
		return EXIT_ERROR;
	}
	o.initrd_extra = &rs->x;
	o.kernel_args = rs->kargs[0] ? rs->kargs : NULL;
	c->sr.load_ms = c->sr.enabled_ms = -1;
	if (a.dump_at >= 0 && (!(c->link = boot_link_new()) ||
			       boot_dump_start(&c->dump, c->link, a.dump_at, "the sched_ext enable"))) {
		log_err("cannot start the --dump-at timer");
		boot_link_free(c->link);
		free(rs);
		free(c);
		return EXIT_ERROR;
	}
	o.link = c->link;
	log_info("scheduler %s%s%s for %u s", rs->host_bin, rs->s.argc ? " with arguments" : "",
		 rs->s.argc ? a.sched + strlen(rs->s.name) : "", a.duration);
	boot_run(&o, collect, c, &r);
	if (c->link)
		boot_dump_stop(&c->dump);
	rc = report(c, &r, &a);
	boot_result_free(&r);
	if (c->link) {
		boot_dump_free(&c->dump);
		boot_link_free(c->link);
	}
	sched_rec_free(&c->sr);
	free(c);
	free(rs);
	return rc;
}
