/* ktsrun topo: boot a VM on a declared topology and compare what the guest
 * sees with the declaration. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/boot/boot.h"
#include "host/cmd/cmd.h"
#include "host/cmd/cmd_args.h"
#include "host/gauntlet/fit.h"
#include "host/gauntlet/preset.h"
#include "host/util/log.h"
#include "host/topo/observe.h"
#include "host/util/sig.h"
#include "host/topo/topo_compare.h"
#include "host/cmd/vmopts.h"
#include "lib/proto.h"

#define TOPO_USAGE                                                                                        \
	"usage: ktsrun topo [--topo SPEC] [--kernel K] [--accel auto|own|kvm|tcg] [--mem MIB]\n"          \
	"                   [--timeout SEC] [--console] [--fault KIND] [--list]\n"                        \
	"Boot the guest on topology SPEC (default llc2-smt) and print declared beside\n"                  \
	"observed; exit 0 if they match, 1 if not, 2 if the VM could not run.\n" VMOPTS_USAGE             \
	"  --fault KIND    make the guest misbehave, to test ktsrun: panic, hang, garbage, flood, exit\n" \
	"  --list          list the topology presets, each with whether it fits this host,\n"             \
	"                  VM kind and kernel, and why not (boots nothing)\n"                             \
	"  --vcpus-per-core N  with --list: the TCG cap on vCPUs per host core (default 4)\n"             \
	"  --mem-cap MIB   with --list: guest RAM cap (default: half the host's)\n"

struct topo_args {
	struct vm_opts vm;
	const char *fault;
	unsigned vpc, mem_cap; /* --list: fit caps; 0 default */
	bool list;
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

/* Every preset with its fit here: host, VM kind and kernel, and why not. */
static void list_presets(const struct topo_args *a)
{
	struct fit_env e = { 0 };
	size_t n;
	const struct preset *p = preset_all(&n);
	unsigned fits = 0;

	fit_env_host(&e);
	if (a->vpc)
		e.vcpus_per_core = a->vpc;
	if (a->mem_cap)
		e.mem_cap_mib = a->mem_cap;
	fit_env_resolve(&e, a->vm.kernel, a->vm.accel);
	fit_env_print(stdout, &e);
	printf("\n%-19s %-11s %4s %5s %-4s %-3s %-6s %s\n", "NAME", "SPELLING", "CPUS", "MIB", "HOST", "VM",
	       "KERNEL", "TAGS");
	for (size_t i = 0; i < n; i++) {
		struct topo t;
		struct fit f;
		char err[256], tags[PRESET_TAGS_MAX];
		unsigned mib;

		if (preset_parse(p[i].name, &t, err, sizeof(err))) {
			printf("%-19s %-11s %s\n", p[i].name, p[i].spec, err);
			continue;
		}
		mib = preset_mem_mib(&t);
		fit_check(&e, &t, mib, &f);
		fits += fit_ok(&f);
		printf("%-19s %-11s %4u %5u %-4s %-3s %-6s %s\n", p[i].name, p[i].spec, topo_ncpus(&t), mib,
		       f.host ? "yes" : "no", f.vm ? "yes" : "no", f.kernel ? "yes" : "no",
		       preset_tags(&p[i], tags, sizeof(tags)));
		if (!f.vm)
			printf("    vm: %s\n", f.vm_why);
		if (!f.kernel)
			printf("    kernel: %s\n", f.kernel_why);
		if (!f.host)
			printf("    host: %s\n", f.host_why);
	}
	printf("\n%u of %zu presets fit here (doc/gauntlet.md: the fit rule)\n", fits, n);
}

static int parse_args(int argc, char **argv, struct topo_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "fault", required_argument, NULL, 'f' },
		{ "list", no_argument, NULL, 'l' },
		{ "vcpus-per-core", required_argument, NULL, 'P' },
		{ "mem-cap", required_argument, NULL, 'M' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int c, took;

	memset(a, 0, sizeof(*a));
	vmopts_init(&a->vm, "llc2-smt", 120);
	a->fault = "none";
	while ((c = getopt_long(argc, argv, VMOPTS_SHORT "f:lh", opts, NULL)) != -1) {
		took = vmopts_take(&a->vm, c, optarg);
		if (took < 0)
			return -1;
		if (took)
			continue;
		switch (c) {
		case 'f':
			if (cmd_args_fault("--fault", optarg))
				return -1;
			a->fault = optarg;
			break;
		case 'l': a->list = true; break;
		case 'P':
			if (vmopts_uint_arg("--vcpus-per-core", optarg, 1, 64, &a->vpc))
				return -1;
			break;
		case 'M':
			if (vmopts_uint_arg("--mem-cap", optarg, 128, 1u << 22, &a->mem_cap))
				return -1;
			break;
		case 'h': fputs(TOPO_USAGE, stdout); return 1;
		default: fputs(TOPO_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; see 'ktsrun topo --help'", argv[optind]);
		return -1;
	}
	if (a->list) {
		list_presets(a);
		return 1;
	}
	return 0;
}

static int report(const struct topo *t, struct collector *c, struct boot_result *r)
{
	unsigned diffs;
	int rc;

	if ((rc = boot_unusable(r, c->bad, c->first_bad)))
		return rc;
	printf("guest: kernel %s, sched_ext %s\n", c->obs.release,
	       c->obs.sched_ext ? "present" : "ABSENT (kernel built without CONFIG_SCHED_CLASS_EXT)");
	printf("boot: first result byte after %.2f s, VM gone after %.2f s; guest RAM mapped by the host: "
	       "%s\n",
	       r->t_first_byte, r->t_total,
	       r->memprobe == 1	 ? "verified"
	       : r->memprobe < 0 ? "MISMATCH"
				 : "not checked");
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
	struct kernel_cache_entry k;
	struct collector *c;
	struct boot_result r;
	struct boot_opts o = { .mode = "topo" };
	int rc;

	rc = parse_args(argc, argv, &a);
	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	o.fault = a.fault;
	if (vmopts_prepare(&a.vm, &t, &k, &o))
		return EXIT_ERROR;
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
