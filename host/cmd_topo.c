/* ktsrun topo: boot a VM on a declared topology and compare what the guest
 * sees with the declaration. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/accel.h"
#include "host/boot.h"
#include "host/cmd.h"
#include "host/kcache.h"
#include "host/log.h"
#include "host/observe.h"
#include "host/sig.h"
#include "host/topocmp.h"
#include "lib/proto.h"

#define TOPO_USAGE                                                                             \
	"usage: ktsrun topo [--topo SPEC] [--kernel K] [--accel auto|own|kvm|tcg] [--mem MIB]\n"   \
	"                   [--timeout SEC] [--console] [--fault KIND] [--list]\n"              \
	"Boot the guest on topology SPEC (default llc2-smt) and print declared beside\n"       \
	"observed; exit 0 if they match, 1 if not, 2 if the VM could not run.\n"               \
	"  --topo SPEC     a preset or a spelling like 2n4l2c2t (nodes, LLCs, cores/LLC, threads/core)\n" \
	"  --kernel K      bzImage path or cache key (default: KTSRUN_KERNEL, newest cached)\n" \
	"  --accel A       own: our kvm VMM; kvm: QEMU with KVM; tcg: QEMU emulating;\n"   \
	"                  auto (default): the first that boots this kernel, probed once\n" \
	"  --mem MIB       guest RAM, split over nodes (default 512)\n"                       \
	"  --timeout SEC   watchdog (default 120)\n"                                           \
	"  --console       copy the guest console to stderr\n"                                 \
	"  --fault KIND    make the guest misbehave, to test ktsrun: panic, hang, garbage, exit\n" \
	"  --list          list topology presets\n"

struct topo_args {
	const char *spec, *kernel, *fault;
	enum vm_want accel;
	unsigned mem, timeout;
	int console;
};

struct collector {
	struct observed obs;
	unsigned bad;
	char first_bad[256];
};

static void collect_rec(void *arg, unsigned type, const uint8_t *payload, size_t len)
{
	struct collector *c = arg;
	char err[200];

	if (observe_record(&c->obs, type, payload, len, err, sizeof(err)) && !c->bad++)
		snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
}

static void list_presets(void)
{
	size_t n;
	const struct topo_preset *p = topo_presets(&n);

	for (size_t i = 0; i < n; i++) {
		struct topo t;
		char err[64];

		topo_parse(p[i].spec, &t, err, sizeof(err));
		printf("%-10s %-10s %2u CPUs  %s\n", p[i].name, p[i].spec, topo_ncpus(&t), p[i].what);
	}
}

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (!*s || *end || v < lo || v > hi)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static int parse_args(int argc, char **argv, struct topo_args *a)
{
	static const struct option opts[] = {
		{ "topo", required_argument, NULL, 't' },   { "kernel", required_argument, NULL, 'k' },
		{ "accel", required_argument, NULL, 'a' },  { "mem", required_argument, NULL, 'm' },
		{ "timeout", required_argument, NULL, 'T' }, { "console", no_argument, NULL, 'c' },
		{ "fault", required_argument, NULL, 'f' },  { "list", no_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },         { 0 },
	};
	int c;

	*a = (struct topo_args){ .spec = "llc2-smt", .mem = 512, .timeout = 120, .fault = "none" };
	while ((c = getopt_long(argc, argv, "t:k:a:m:T:cf:lh", opts, NULL)) != -1) {
		switch (c) {
		case 't': a->spec = optarg; break;
		case 'k': a->kernel = optarg; break;
		case 'f': a->fault = optarg; break;
		case 'c': a->console = 1; break;
		case 'l': list_presets(); return 1;
		case 'h': fputs(TOPO_USAGE, stdout); return 1;
		case 'a':
			if (accel_parse(optarg, &a->accel)) {
				log_err("--accel '%s': expected auto, own, kvm or tcg", optarg);
				return -1;
			}
			break;
		case 'm':
			if (parse_uint(optarg, 128, 3072, &a->mem)) {
				log_err("--mem '%s': expected MiB between 128 and 3072", optarg);
				return -1;
			}
			break;
		case 'T':
			if (parse_uint(optarg, 1, 86400, &a->timeout)) {
				log_err("--timeout '%s': expected seconds, 1 or more", optarg);
				return -1;
			}
			break;
		default: fputs(TOPO_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; see 'ktsrun topo --help'", argv[optind]);
		return -1;
	}
	return 0;
}

static int report(const struct topo *t, struct collector *c, struct boot_result *r)
{
	unsigned diffs;

	if (r->outcome != BOOT_OK) {
		boot_print_failure(r, stderr, 25);
		return r->outcome == BOOT_INTERRUPTED ? sig_exit_code() : EXIT_ERROR;
	}
	if (c->bad || r->garbage_bytes || r->bad_crc || r->oversized || r->truncated) {
		/* a corrupt channel means no result can be trusted */
		log_err("the guest sent a corrupt result channel: %u bad records (first: %s), %lu "
			"garbage bytes, %lu bad CRC, %lu oversized, %zu bytes truncated; "
			"rerun with --console to see the guest side",
			c->bad, c->bad ? c->first_bad : "-", r->garbage_bytes, r->bad_crc, r->oversized,
			r->truncated);
		return EXIT_ERROR;
	}
	printf("guest: kernel %s, sched_ext %s\n", c->obs.release,
	       c->obs.sched_ext ? "present" : "ABSENT (kernel built without CONFIG_SCHED_CLASS_EXT)");
	printf("boot: first result byte after %.2f s, VM gone after %.2f s; guest RAM mapped by the host: %s\n",
	       r->t_first_byte, r->t_total,
	       r->memprobe == 1 ? "verified" : r->memprobe < 0 ? "MISMATCH" : "not checked");
	diffs = topo_compare(t, &c->obs, stdout);
	if (diffs) {
		printf("result: %u field(s) differ from the declaration\n", diffs);
		return EXIT_FAIL;
	}
	printf("result: the guest sees exactly the declared topology\n");
	return r->memprobe == 1 ? EXIT_PASS : EXIT_FAIL;
}

int cmd_topo(int argc, char **argv)
{
	struct topo_args a;
	struct topo t;
	struct kcache_entry k;
	struct collector *c;
	struct boot_result r;
	struct boot_opts o;
	struct vm_choice vc;
	char err[1400];
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (topo_parse(a.spec, &t, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	if (kcache_resolve(a.kernel, &k, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	sig_install();
	o = (struct boot_opts){ .kernel = k.bzimage, .topo = &t, .mem_mib = a.mem, .mode = "topo",
				.fault = a.fault, .timeout_s = a.timeout, .echo_console = a.console };
	if (accel_resolve(a.accel, k.bzimage, &vc, err, sizeof(err))) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	o.backend = vc.backend;
	o.accel = vc.accel;
	log_info("%s", err);
	log_info("booting %s on %s (%u CPUs, %u MiB)", k.key[0] ? k.key : k.bzimage, t.spec, topo_ncpus(&t), a.mem);
	c = calloc(1, sizeof(*c));
	if (!c) {
		log_err("out of memory");
		return EXIT_ERROR;
	}
	boot_run(&o, collect_rec, c, &r);
	rc = report(&t, c, &r);
	boot_result_free(&r);
	free(c);
	return rc;
}
