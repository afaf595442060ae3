#include <stdlib.h>
#include <unistd.h>

#include "host/gauntlet/preset.h"
#include "host/topo/observe.h"
#include "lib/topo.h"
#include "host/topo/topo_compare.h"
#include "lib/frame.h"
#include "lib/proto.h"
#include "tests/unit/tu.h"
#include "vmm/qemu_args.h"

TU_TEST(topo_spellings)
{
	static const struct {
		const char *in, *canon;
		unsigned ncpus;
	} ok[] = {
		{ "2n4l2c2t", "2n4l2c2t", 16 }, { "4c", "1n1l4c1t", 4 },       { "3l2c", "1n3l2c1t", 6 },
		{ "2n", "2n2l1c1t", 2 },	{ "1n1l1c1t", "1n1l1c1t", 1 }, { "llc2-smt", "1n2l2c2t", 8 },
		{ "big", "2n4l4c2t", 32 },	{ "2t", "1n1l1c2t", 2 },       { "8n8l8c1t", "8n8l8c1t", 64 },
	};
	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		struct topo t;
		char err[256];

		TU_EQ_INT(preset_parse(ok[i].in, &t, err, sizeof(err)), 0);
		TU_EQ_STR(t.spec, ok[i].canon);
		TU_EQ_INT(topo_ncpus(&t), ok[i].ncpus);
	}
}

TU_TEST(topo_bad_spellings_say_why)
{
	static const struct {
		const char *in, *msg;
	} bad[] = {
		{ "", "topology '' is neither a preset nor a spelling like 2n4l2c2t (nodes, LLCs in all, "
		      "cores per LLC, threads per core); see 'ktsrun topo --list'" },
		{ "2l2n", "topology '2l2n' is neither a preset nor a spelling like 2n4l2c2t (nodes, LLCs in "
			  "all, cores per LLC, threads per core); see 'ktsrun topo --list'" },
		{ "2x", NULL },
		{ "n", NULL },
		{ "2n2n", NULL },
		{ "1n1l1c1t1", NULL },
		{ "smtt", NULL },
		{ "0c", "topology '0c': a count of 0 cores" },
		{ "3n4l", "topology '3n4l': 4 LLCs cannot be split evenly over 3 nodes; make the LLC count "
			  "a multiple of the node count" },
		{ "2n1l", NULL },
		{ "9n", "topology '9n': 9 NUMA nodes, at most 8 supported" },
		{ "1n1l257c", "topology '1n1l257c' has 257 CPUs; at most 256" },
		{ "9t", "topology '9t': 9 threads per core, at most 8" },
		{ "99999999999c", NULL },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct topo t;
		char err[256] = "";

		if (preset_parse(bad[i].in, &t, err, sizeof(err)) != -1)
			tu_fail(__FILE__, __LINE__, "'%s' accepted", bad[i].in);
		else if (bad[i].msg)
			TU_EQ_STR(err, bad[i].msg);
		else
			TU_CHECK(err[0] != '\0');
	}
}

TU_TEST(topo_placement_order_node_llc_core_thread)
{
	struct topo t;
	struct topo_place p;
	char err[128];

	topo_parse("2n4l2c2t", &t, err, sizeof(err));
	topo_place(&t, 13, &p); /* node 1, LLC 3, core 6, thread 1 */
	TU_EQ_INT(p.node, 1);
	TU_EQ_INT(p.llc, 3);
	TU_EQ_INT(p.core, 6);
	TU_EQ_INT(p.thread, 1);
}

TU_TEST(topo_every_preset_parses)
{
	size_t n;
	const struct preset *p = preset_all(&n);

	TU_CHECK(n >= 30);
	for (size_t i = 0; i < n; i++) {
		struct topo a, b;
		char err[128];

		TU_EQ_INT(preset_parse(p[i].name, &a, err, sizeof(err)), 0);
		TU_EQ_INT(topo_parse(p[i].spec, &b, err, sizeof(err)), 0);
		TU_EQ_STR(a.spec, b.spec);
	}
}

static void feed(struct observed *o, unsigned type, const char *text, int want)
{
	char err[200];

	TU_EQ_INT(observe_record(o, type, (const uint8_t *)text, strlen(text), err, sizeof(err)), want);
}

/* A guest report of 1n2l1c2t, built the way guest/selfreport.c writes it. */
static void observe_1n2l1c2t(struct observed *o)
{
	static const char *const llc[] = { "0-1", "0-1", "2-3", "2-3" };
	static const char *const smt[] = { "0-1", "0-1", "2-3", "2-3" };
	char text[512];

	memset(o, 0, sizeof(*o));
	feed(o, REC_HELLO,
	     "mode=topo\nrelease=6.12.117-ktsrun\nsched_ext=1\nscx_state=disabled\n"
	     "scx_ops=\nncpus=4\nnnodes=1\n",
	     0);
	for (int c = 0; c < 4; c++) {
		snprintf(text, sizeof(text),
			 "cpu=%d\nonline=1\npackage=0\ndie=0\ncore=%d\nsmt=%s\npackage_cpus=0-3\n"
			 "llc=%s\nllc_level=3\nnode=0\n",
			 c, c / 2, smt[c], llc[c]);
		feed(o, REC_CPU, text, 0);
	}
	feed(o, REC_NODE, "node=0\ncpus=0-3\ndistance=10\n", 0);
}

TU_TEST(topocmp_match_and_each_kind_of_difference)
{
	struct observed *o = calloc(1, sizeof(*o));
	struct topo t;
	char err[128];

	topo_parse("1n2l1c2t", &t, err, sizeof(err));
	observe_1n2l1c2t(o);
	TU_EQ_INT(topo_compare(&t, o, NULL), 0);
	/* an LLC group that spans the whole package, as on AMD models */
	feed(o, REC_CPU,
	     "cpu=0\nonline=1\npackage=0\ndie=0\ncore=0\nsmt=0-1\npackage_cpus=0-3\n"
	     "llc=0-3\nllc_level=3\nnode=0\n",
	     0);
	TU_EQ_INT(topo_compare(&t, o, NULL), 1);
	observe_1n2l1c2t(o);
	o->cpu[3].online = false;
	TU_EQ_INT(topo_compare(&t, o, NULL), 1);
	observe_1n2l1c2t(o);
	o->cpu[2].seen = false; /* a CPU the guest never reported: all 5 fields */
	TU_EQ_INT(topo_compare(&t, o, NULL), 5);
	observe_1n2l1c2t(o);
	o->node[0].dist[0] = 11;
	TU_EQ_INT(topo_compare(&t, o, NULL), 1);
	observe_1n2l1c2t(o);
	o->cpu[5].seen = true; /* an undeclared extra CPU */
	o->ncpus = 6;
	TU_EQ_INT(topo_compare(&t, o, NULL), 2);
	topo_parse("1n1l2c2t", &t, err, sizeof(err)); /* same CPUs, one LLC declared */
	observe_1n2l1c2t(o);
	TU_EQ_INT(topo_compare(&t, o, NULL), 4);
	free(o);
}

TU_TEST(observe_rejects_hostile_records)
{
	struct observed *o = calloc(1, sizeof(*o));

	feed(o, REC_CPU, "cpu=256\nonline=1\nsmt=0\npackage_cpus=0\nllc=0\nllc_level=3\nnode=0\n", -1);
	feed(o, REC_CPU, "cpu=1\nonline=1\nsmt=0-999\npackage_cpus=0\nllc=0\nllc_level=3\nnode=0\n", -1);
	feed(o, REC_CPU, "cpu=1\nonline=1\nsmt=0\npackage_cpus=0\nllc=0\nllc_level=3\nnode=9\n", -1);
	feed(o, REC_CPU, "cpu=1\nonline=2\nsmt=0\npackage_cpus=0\nllc=0\nllc_level=3\nnode=0\n", -1);
	feed(o, REC_CPU, "cpu=-1\n", -1);
	feed(o, REC_NODE, "node=8\ncpus=0\ndistance=10\n", -1);
	feed(o, REC_NODE, "node=0\ncpus=0\ndistance=10 x\n", -1);
	feed(o, REC_NODE, "node=0\ncpus=0\ndistance=10 10 10 10 10 10 10 10 10\n", -1);
	feed(o, REC_HELLO, "mode=topo\nncpus=4\n", -1);
	feed(o, REC_HELLO, "cpu", -1);
	TU_CHECK(!o->hello);
	for (unsigned c = 0; c < TOPO_MAX_CPUS; c++)
		TU_CHECK(!o->cpu[c].seen);
	free(o);
}

static int has_arg(const struct qemu_argv *av, const char *s)
{
	for (int i = 0; i < av->argc; i++)
		if (!strcmp(av->argv[i], s))
			return 1;
	return 0;
}

TU_TEST(qemu_args_numa_smp_and_memory)
{
	struct topo t;
	struct qemu_argv av;
	struct qemu_fds fds = { .ram = { 10, 11 }, .com1 = 12, .com2 = 13, .initrd = 14 };
	struct vmm_config cfg = { .kernel = "/k", .cmdline = "console=ttyS0", .topo = &t, .mem_mib = 1024 };
	char err[128];

	topo_parse("2n4l2c2t", &t, err, sizeof(err));
	t.distance[0][1] = 21;
	TU_EQ_INT(qemu_argv_build(&av, &cfg, &fds, VMM_ACCEL_TCG), 0);
	TU_CHECK(has_arg(&av, "16,sockets=2,dies=2,cores=2,threads=2"));
	TU_CHECK(has_arg(&av, "node,nodeid=0,cpus=0-7,memdev=ram0"));
	TU_CHECK(has_arg(&av, "node,nodeid=1,cpus=8-15,memdev=ram1"));
	TU_CHECK(has_arg(&av, "dist,src=0,dst=1,val=21"));
	TU_CHECK(has_arg(&av, "dist,src=1,dst=0,val=20"));
	TU_CHECK(has_arg(&av, "memory-backend-file,id=ram1,size=512M,mem-path=/proc/self/fd/11,share=on"));
	TU_CHECK(has_arg(&av, "tcg,thread=multi"));
	snprintf(err, sizeof(err), "ktsrun-%d,debug-threads=on", (int)getpid());
	TU_CHECK(has_arg(&av, err));
	TU_CHECK(has_arg(&av, "/proc/self/fd/14"));
	TU_CHECK(has_arg(&av, "socket,id=com1,fd=12"));
	TU_CHECK(has_arg(&av, "socket,id=com2,fd=13"));
	TU_CHECK(!has_arg(&av, "pc,memory-backend=ram0"));
	TU_CHECK(!has_arg(&av, "-bios"));
	qemu_argv_free(&av);
	cfg.firmware = "/fw/qboot.rom";
	preset_parse("tiny", &t, err, sizeof(err));
	TU_EQ_INT(qemu_argv_build(&av, &cfg, &fds, VMM_ACCEL_KVM), 0);
	TU_CHECK(has_arg(&av, "pc,memory-backend=ram0"));
	TU_CHECK(has_arg(&av, "kvm"));
	TU_CHECK(!has_arg(&av, "-numa"));
	TU_CHECK(has_arg(&av, "-bios") && has_arg(&av, "/fw/qboot.rom"));
	TU_CHECK(has_arg(&av, "chardev:com2") && !has_arg(&av, "isa-serial,chardev=com2,iobase=0x2f8,irq=3"));
	qemu_argv_free(&av);
	/* microvm: its own firmware, COM2 as a device of its ISA bus */
	cfg.microvm = true;
	TU_EQ_INT(qemu_argv_build(&av, &cfg, &fds, VMM_ACCEL_TCG), 0);
	TU_CHECK(has_arg(&av, "microvm,acpi=on,memory-backend=ram0"));
	TU_CHECK(!has_arg(&av, "-bios") && !has_arg(&av, "chardev:com2"));
	TU_CHECK(has_arg(&av, "isa-serial,chardev=com2,iobase=0x2f8,irq=3"));
	TU_CHECK(has_arg(&av, "chardev:com1"));
	qemu_argv_free(&av);
	/* a NUMA shape ignores it: microvm has no SRAT/SLIT */
	topo_parse("2n2l2c1t", &t, err, sizeof(err));
	TU_EQ_INT(qemu_argv_build(&av, &cfg, &fds, VMM_ACCEL_TCG), 0);
	TU_CHECK(has_arg(&av, "pc") && has_arg(&av, "chardev:com2") && has_arg(&av, "/fw/qboot.rom"));
	qemu_argv_free(&av);
}
