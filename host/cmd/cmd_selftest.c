/* ktsrun selftest: build the kernel's sched_ext selftests (host/selftest/selftest_build.h),
 * run them in ktsrun.mode=selftest (guest/selftest.c) and print one line per
 * test as its record arrives, then a summary. */
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/boot/boot.h"
#include "host/cmd/cmd.h"
#include "host/cmd/cmd_args.h"
#include "host/util/log.h"
#include "host/topo/observe.h"
#include "host/selftest/selftest_json.h"
#include "host/util/sig.h"
#include "host/selftest/selftest_build.h"
#include "host/selftest/selftest_rec.h"
#include "host/cmd/vmopts.h"
#include "lib/proto.h"

#define SELFTEST_USAGE                                                                                    \
	"usage: ktsrun selftest [--test NAME]... [--test-timeout SEC] [--json OUT] [--build] [--force]\n" \
	"                       [--topo SPEC] [--kernel K] [--accel A] [--mem MIB] [--timeout SEC] "      \
	"[--console]\n"                                                                                   \
	"Run the kernel's sched_ext selftests (tools/testing/selftests/sched_ext of the kernel's\n"       \
	"source), built against the cached kernel on first use, in a VM: one line per test, then\n"       \
	"'N passed, N skipped, N failed'. Exit 0 if none failed, 1 if any failed, 2 on errors.\n"         \
	"  --test NAME     run this test only (repeatable; default: every test, in the runner's order)\n" \
	"  --test-timeout SEC  per-test watchdog in the guest (default 120)\n"                            \
	"  --json OUT      write every test's result to OUT\n"                                            \
	"  --build         only build (or find) the selftest runner for the kernel\n"                     \
	"  --force         rebuild the runner even if it is cached\n" VMOPTS_USAGE

struct args {
	struct vm_opts vm;
	const char *test[PROTO_SELFTEST_MAX], *json;
	unsigned ntests, test_timeout;
	bool build_only, force;
};

struct col {
	struct observed obs;
	struct selftest_rec s;
	unsigned bad;
	char first_bad[256];
};

/* The reason, indented, with control bytes shown as '?' (it comes from the guest). */
static void print_reason(const char *r)
{
	if (!*r)
		return;
	fputs("      ", stdout);
	for (; *r; r++) {
		if (*r == '\n')
			fputs("\n      ", stdout);
		else
			putchar((unsigned char)*r < 0x20 || *r == 0x7f ? '?' : *r);
	}
	putchar('\n');
}

static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct col *c = arg;
	char err[256];
	int rc;

	if (type != REC_SELFTEST) {
		if (observe_record(&c->obs, type, p, len, err, sizeof(err)) && !c->bad++)
			snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
		return;
	}
	if ((rc = selftest_rec_take(&c->s, p, len, err, sizeof(err)))) {
		if (!c->bad++)
			snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
		return;
	}
	const struct selftest_rec_test *t = &c->s.t[c->s.n - 1];

	printf("%-4s  %-30s %7.2f s\n", selftest_out_result_name(t->result), t->name, (double)t->ms / 1e3);
	if (t->result != ST_PASS)
		print_reason(t->reason);
	fflush(stdout);
}

static int parse_args(int argc, char **argv, struct args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "help", no_argument, NULL, 'h' },
		{ "test", required_argument, NULL, 'n' },
		{ "test-timeout", required_argument, NULL, 'w' },
		{ "json", required_argument, NULL, 'j' },
		{ "build", no_argument, NULL, 'b' },
		{ "force", no_argument, NULL, 'f' },
		{ 0 },
	};
	int o, took;

	memset(a, 0, sizeof(*a));
	vmopts_init(&a->vm, "tiny", 0);
	a->test_timeout = 120;
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT "hn:w:j:bf", opts, NULL)) != -1) {
		if ((took = vmopts_take(&a->vm, o, optarg)) < 0)
			return -1;
		if (took)
			continue;
		switch (o) {
		case 'n':
			if (!selftest_out_name_ok(optarg, strlen(optarg)) ||
			    a->ntests >= PROTO_SELFTEST_MAX) {
				log_err("--test '%s': expected a test name ([A-Za-z0-9_-]), at most %d of "
					"them",
					optarg, PROTO_SELFTEST_MAX);
				return -1;
			}
			a->test[a->ntests++] = optarg;
			break;
		case 'w':
			if (vmopts_uint_arg("--test-timeout", optarg, 1, 3600, &a->test_timeout))
				return -1;
			break;
		case 'j':
			if (cmd_args_out_path("--json", optarg))
				return -1;
			a->json = optarg;
			break;
		case 'b': a->build_only = true; break;
		case 'f': a->force = true; break;
		case 'h': fputs(SELFTEST_USAGE, stdout); return 1;
		default: fputs(SELFTEST_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; see 'ktsrun selftest --help'", argv[optind]);
		return -1;
	}
	if (!a->vm.timeout) /* boot, listing, and every test's watchdog; 30 tests in 6.12 */
		a->vm.timeout = 120 + (a->ntests ? a->ntests : 40) * (a->test_timeout + 5);
	return 0;
}

static int make_conf(const struct args *a, char *buf, size_t len)
{
	size_t n = (size_t)snprintf(buf, len, "runner=/selftest/runner\ntest_timeout_ms=%u\nntests=%u\n",
				    a->test_timeout * 1000, a->ntests);

	for (unsigned i = 0; i < a->ntests && n < len; i++)
		n += (size_t)snprintf(buf + n, len - n, "test%u=%s\n", i, a->test[i]);
	return n < len ? (int)n : -1;
}

static int report(struct col *c, const struct boot_result *r, const struct args *a, const char *key)
{
	const struct selftest_rec *s = &c->s;
	int rc;

	printf("%u passed, %u skipped, %u failed\n", s->count[ST_PASS], s->count[ST_SKIP], s->count[ST_FAIL]);
	if (!(rc = boot_unusable(r, c->bad, c->first_bad)) && (!s->n || (a->ntests && s->n != a->ntests))) {
		log_err("the guest reported %u of %u tests", s->n, a->ntests);
		rc = EXIT_ERROR;
	}
	if (!rc)
		rc = s->count[ST_FAIL] ? EXIT_FAIL : EXIT_PASS;
	printf("VM gone after %.2f s\n", r->t_total);
	if (a->json && selftest_json_write(a->json, s, key,
					   rc == EXIT_ERROR ? "error"
					   : rc		    ? "fail"
							    : "pass"))
		rc = EXIT_ERROR;
	return rc;
}

int cmd_selftest(int argc, char **argv)
{
	struct args a;
	struct topo t;
	struct kernel_cache_entry k;
	struct boot_opts o = { .mode = "selftest", .fault = "none" };
	struct guest_initrd_extra x = { .conf_path = PROTO_SELFTEST_CONF, .bin_guest = "/selftest/runner" };
	char runner[4096], conf[4096], err[1400];
	struct boot_result r;
	struct col *c;
	int rc = parse_args(argc, argv, &a), n;

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (kernel_cache_resolve(a.vm.kernel, &k, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	if ((a.force || selftest_build_find(&k, runner, sizeof(runner))) &&
	    (rc = selftest_build_run(&k, 0, a.force, runner, sizeof(runner))))
		return rc;
	if (a.build_only) {
		printf("%s\n", runner);
		return EXIT_PASS;
	}
	a.vm.scx = true;
	if ((n = make_conf(&a, conf, sizeof(conf))) < 0 || vmopts_prepare(&a.vm, &t, &k, &o))
		return EXIT_ERROR;
	x.bin_host = runner;
	x.conf = conf;
	x.conf_len = (size_t)n;
	o.initrd_extra = &x;
	if (!(c = calloc(1, sizeof(*c)))) {
		log_err("out of memory");
		return EXIT_ERROR;
	}
	log_info("sched_ext selftests: %s, %s; watchdog %u s per test", runner,
		 a.ntests ? "the tests named" : "every test", a.test_timeout);
	boot_run(&o, collect, c, &r);
	rc = report(c, &r, &a, k.key);
	boot_result_free(&r);
	selftest_rec_free(&c->s);
	free(c);
	return rc;
}
