/* Presets (names, spellings, tags, distances) and the fit rule. */
#include <string.h>

#include "host/gauntlet/fit.h"
#include "host/gauntlet/preset.h"
#include "tests/unit/tu.h"

TU_TEST(preset_table_has_every_named_shape)
{
	static const char *const want[][2] = {
		{ "tiny-1llc", "1n1l4c1t" },	     { "tiny-2llc", "1n2l2c1t" },
		{ "odd-3llc", "1n3l3c1t" },	     { "odd-5llc", "1n5l3c1t" },
		{ "odd-7llc", "1n7l2c1t" },	     { "smt-2llc", "1n2l2c2t" },
		{ "smt-3llc", "1n3l2c2t" },	     { "medium-4llc", "1n4l4c2t" },
		{ "medium-8llc", "1n8l4c2t" },	     { "large-4llc", "1n4l16c2t" },
		{ "large-8llc", "1n8l8c2t" },	     { "near-max-llc", "1n15l8c2t" },
		{ "max-cpu", "1n14l9c2t" },	     { "medium-4llc-nosmt", "1n4l8c1t" },
		{ "medium-8llc-nosmt", "1n8l8c1t" }, { "large-4llc-nosmt", "1n4l32c1t" },
		{ "large-8llc-nosmt", "1n8l16c1t" }, { "near-max-llc-nosmt", "1n15l16c1t" },
		{ "max-cpu-nosmt", "1n14l18c1t" },   { "numa2-4llc", "2n4l4c1t" },
		{ "numa2-8llc", "2n8l8c2t" },	     { "numa2-8llc-nosmt", "2n8l16c1t" },
		{ "numa4-8llc", "4n8l4c1t" },	     { "numa4-12llc", "4n12l8c2t" },
		{ "one-cpu", "1n1l1c1t" },	     { "numa3", "3n3l2c1t" },
	};
	size_t n;
	const struct preset *p = preset_all(&n);

	TU_CHECK(n >= 30);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct preset *q = preset_find(want[i][0]);

		TU_CHECK(q != NULL);
		if (q)
			TU_EQ_STR(q->spec, want[i][1]);
	}
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			if (!strcmp(p[i].name, p[j].name))
				tu_fail(__FILE__, __LINE__, "preset %s twice", p[i].name);
}

TU_TEST(preset_tags_follow_the_shape)
{
	char buf[PRESET_TAGS_MAX];

	TU_EQ_STR(preset_tags(preset_find("odd-3llc"), buf, sizeof(buf)), "nosmt,llc,odd");
	TU_EQ_STR(preset_tags(preset_find("numa2-8llc"), buf, sizeof(buf)), "smt,llc,numa,large");
	TU_EQ_STR(preset_tags(preset_find("one-cpu"), buf, sizeof(buf)), "nosmt,small,tiny,ours");
	TU_CHECK(preset_has_tag(preset_find("max-cpu"), "max"));
	TU_CHECK(preset_has_tag(preset_find("smt-2llc"), "smt"));
	TU_CHECK(!preset_has_tag(preset_find("smt-2llc"), "sm"));
	TU_CHECK(preset_is_tag("numa") && preset_is_tag("asym") && !preset_is_tag("tiny-1llc"));
}

TU_TEST(preset_distances_asymmetric)
{
	struct topo t;
	char err[200];

	TU_EQ_INT(preset_parse("numa2-asym", &t, err, sizeof(err)), 0);
	TU_EQ_INT(t.distance[0][1], 21);
	TU_EQ_INT(t.distance[1][0], 31);
	TU_EQ_INT(preset_parse("numa4-ring", &t, err, sizeof(err)), 0);
	TU_EQ_INT(t.distance[0][2], 22);
	TU_EQ_INT(t.distance[3][0], 16);
	TU_EQ_INT(preset_parse("2n2l2c1t", &t, err, sizeof(err)), 0); /* a spelling keeps 10 / 20 */
	TU_EQ_INT(t.distance[1][0], 20);
	TU_EQ_INT(preset_parse("nosuch", &t, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "ktsrun topo --list") != NULL);
}

TU_TEST(preset_memory_grows_with_cpus)
{
	struct topo a, b, c;
	char err[200];

	preset_parse("tiny", &a, err, sizeof(err));
	preset_parse("medium-4llc", &b, err, sizeof(err));
	preset_parse("max-cpu", &c, err, sizeof(err));
	TU_EQ_INT(preset_mem_mib(&a), 512);
	TU_CHECK(preset_mem_mib(&b) > preset_mem_mib(&a));
	TU_CHECK(preset_mem_mib(&c) > preset_mem_mib(&b) && preset_mem_mib(&c) <= 3072);
	preset_parse("numa3", &a, err, sizeof(err));
	TU_EQ_INT(preset_mem_mib(&a) % (64 * 3), 0);
}

static struct fit_env env(enum vm_want vm, unsigned nr_cpus)
{
	struct fit_env e = { .vm = vm, .host_cpus = 2, .host_cores = 2, .vcpus_per_core = 4 };

	e.mem_cap_mib = 8192, e.nr_cpus = nr_cpus, e.max_nodes = 64;
	snprintf(e.kernel, sizeof(e.kernel), "k1");
	return e;
}

static struct fit fit_of(const struct fit_env *e, const char *name)
{
	struct topo t;
	struct fit f;
	char err[200];

	TU_EQ_INT(preset_parse(name, &t, err, sizeof(err)), 0);
	fit_check(e, &t, preset_mem_mib(&t), &f);
	return f;
}

TU_TEST(fit_rule_per_vm_kind)
{
	struct fit_env tcg = env(VM_QEMU_TCG, 64), own = env(VM_KVM_OWN, 256), big = env(VM_QEMU_TCG, 256);
	struct fit f;
	struct topo t;
	char err[200];

	TU_EQ_INT(preset_parse("max-cpu", &t, err, sizeof(err)), 0);
	TU_EQ_INT(fit_qemu_apic_max(&t), 433);
	f = fit_of(&tcg, "max-cpu");
	TU_CHECK(!f.vm && strstr(f.vm_why, "433") && strstr(f.vm_why, "x2APIC"));
	TU_CHECK(!f.kernel && strstr(f.kernel_why, "NR_CPUS=64"));
	TU_CHECK(!f.host && strstr(f.host_why, "--vcpus-per-core"));
	TU_CHECK(strstr(fit_reason(&f), "433") != NULL); /* the VM reason comes first */
	f = fit_of(&own, "max-cpu");			 /* x2APIC, but beyond what our VMM is shown to do */
	TU_CHECK(!f.vm && strstr(f.vm_why, "shown to work up to 64") && f.kernel && !f.host);
	f = fit_of(&own, "medium-8llc"); /* 64 vCPUs on 2 host CPUs under KVM */
	TU_CHECK(f.vm && f.kernel && !f.host && strstr(f.host_why, "under KVM on 2 host CPUs"));
	big.host_cores = 64;
	f = fit_of(&big, "near-max-llc"); /* APIC IDs up to 239: QEMU takes it */
	TU_CHECK(fit_ok(&f));
	TU_EQ_STR(fit_reason(&f), "");
	f = fit_of(&tcg, "smt-2llc"); /* 8 vCPUs: 4 per core */
	TU_CHECK(fit_ok(&f));
	f = fit_of(&tcg, "odd-3llc");
	TU_CHECK(!f.host && f.vm && f.kernel);
	tcg.vcpus_per_core = 5;
	f = fit_of(&tcg, "odd-3llc");
	TU_CHECK(fit_ok(&f));
	tcg.mem_cap_mib = 256;
	f = fit_of(&tcg, "tiny");
	TU_CHECK(!f.host && strstr(f.host_why, "--mem-cap"));
	TU_EQ_INT(fit_reserve(&tcg, 8), 2);
	TU_EQ_INT(fit_reserve(&own, 3), 2); /* at most the host's 2 CPUs */
	tcg.host_cpus = 4;		    /* 2 cores with 2 threads each: a core is 2 CPUs */
	TU_EQ_INT(fit_reserve(&tcg, 6), 4); /* 5 per core: 2 cores */
	TU_EQ_INT(fit_reserve(&tcg, 5), 2);
}

TU_TEST(fit_reads_the_kernel_config)
{
	static const char cfg64[] = "CONFIG_NR_CPUS_DEFAULT=64\nCONFIG_NR_CPUS=64\nCONFIG_NUMA=y\n"
				    "CONFIG_NODES_SHIFT=2\n# CONFIG_FOO is not set\n";
	static const char cfg256[] = "CONFIG_NR_CPUS=64\nCONFIG_NR_CPUS=256\n# CONFIG_NUMA is not set";
	struct fit_env e = env(VM_KVM_OWN, 0);
	struct fit f;

	fit_env_config(&e, cfg64, strlen(cfg64));
	TU_EQ_INT(e.nr_cpus, 64);
	TU_EQ_INT(e.max_nodes, 4);
	fit_env_config(&e, cfg256, strlen(cfg256));
	TU_EQ_INT(e.nr_cpus, 256); /* the last line wins */
	TU_EQ_INT(e.max_nodes, 1);
	f = fit_of(&e, "numa2");
	TU_CHECK(!f.kernel && strstr(f.kernel_why, "2 nodes"));
	fit_env_config(&e, "", 0);
	TU_EQ_INT(e.nr_cpus, 0);
	f = fit_of(&e, "numa4-ring"); /* unknown: not held against it */
	TU_CHECK(f.kernel);
}
