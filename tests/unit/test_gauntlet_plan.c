/* The gauntlet's plan: expansion (gauntlet line, --presets, requires, fit,
 * names), the budget's choice and the shards. No VM. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/gauntlet/budget.h"
#include "host/gauntlet/cost.h"
#include "host/gauntlet/gauntlet.h"
#include "host/gauntlet/shard.h"
#include "tests/unit/tu.h"

static char *scen_file(const char *name, const char *head)
{
	static char path[3][256];
	static int k;
	char *p = path[k++ % 3];
	FILE *f;

	snprintf(p, 256, "%s/%s.kts", tu_tmpdir(), name);
	f = fopen(p, "w");
	if (!f)
		return p;
	fprintf(f, "scenario %s \"a test\" {\n%s\n duration 2s\n cgroup a { workers 1 work spin }\n}\n", name,
		head);
	fclose(f);
	return p;
}

/* A gauntlet on a host that fits up to `cap` vCPUs under TCG. */
static int load(struct gauntlet *g, char **files, unsigned n, unsigned cap, const char *presets)
{
	struct kts_opts k = { .diag = stderr };
	char err[256];

	memset(g, 0, sizeof(*g));
	g->nkern = 1;
	g->kern[0].env = (struct fit_env){ .vm = VM_QEMU_TCG,
					   .host_cpus = 2,
					   .host_cores = 2,
					   .vcpus_per_core = cap / 2,
					   .mem_cap_mib = 1 << 20,
					   .nr_cpus = 256,
					   .max_nodes = 64 };
	if (gauntlet_load(g, files, n, &k) || expand_variants(g, presets, err, sizeof(err))) {
		gauntlet_free(g);
		return -1;
	}
	cost_estimate(g, NULL);
	return 0;
}

static size_t preset_count(void)
{
	size_t n;

	preset_all(&n);
	return n;
}

static const struct variant *named(const struct gauntlet *g, const char *name)
{
	for (size_t i = 0; i < g->nv; i++)
		if (!strcmp(g->v[i].name, name))
			return &g->v[i];
	return NULL;
}

TU_TEST(gauntlet_expands_the_gauntlet_line_and_requires)
{
	char *f[] = { scen_file("gnuma", "requires cpus >= 4\n gauntlet numa, \"tiny-1llc\"") };
	struct gauntlet g;
	const struct variant *v;

	TU_EQ_INT(load(&g, f, 1, 8, NULL), 0);
	TU_CHECK(g.nv > 5);
	for (size_t i = 0; i < g.nv; i++)
		TU_CHECK(g.v[i].topo.nodes > 1 || !strcmp(g.v[i].preset->name, "tiny-1llc"));
	TU_CHECK((v = named(&g, "gnuma/tiny-1llc/eevdf")) && v->state == VS_RUN);
	TU_CHECK((v = named(&g, "gnuma/numa2-4llc/eevdf")) && v->state == VS_SKIP &&
		 strstr(v->why, "does not fit: 16 vCPUs"));
	TU_CHECK((v = named(&g, "gnuma/numa3-asym/eevdf")) && v->state == VS_RUN);
	TU_CHECK((v = named(&g, "gnuma/numa2/eevdf")) && v->state == VS_RUN);
	TU_CHECK((v = named(&g, "gnuma/numa4-ring/eevdf")) && v->state == VS_RUN);
	gauntlet_free(&g);
	TU_EQ_INT(load(&g, f, 1, 8, "one-cpu,smt"), 0); /* --presets wins over the line */
	TU_CHECK((v = named(&g, "gnuma/one-cpu/eevdf")) && v->state == VS_SKIP &&
		 !strcmp(v->why, "requires cpus >= 4"));
	TU_CHECK(named(&g, "gnuma/smt-2llc/eevdf") != NULL);
	TU_CHECK(named(&g, "gnuma/tiny-1llc/eevdf") == NULL);
	gauntlet_free(&g);
	TU_EQ_INT(load(&g, f, 1, 8, "all"), 0);
	TU_EQ_INT(g.nv, preset_count());
	gauntlet_free(&g);
}

TU_TEST(gauntlet_names_schedulers_and_kernels)
{
	char *f[] = { scen_file("gnames", "gauntlet \"one-cpu\"") };
	struct gauntlet g;
	struct kts_opts k = { .diag = stderr };
	char err[256];

	memset(&g, 0, sizeof(g));
	g.sched[0] = "scx_simple", g.sched[1] = "/opt/x/scx_qmap:-t 2", g.nsched = 2;
	g.nkern = 2;
	for (int i = 0; i < 2; i++)
		g.kern[i].env = (struct fit_env){
			.vm = VM_QEMU_TCG, .host_cores = 2, .vcpus_per_core = 4, .mem_cap_mib = 4096
		};
	snprintf(g.kern[0].label, sizeof(g.kern[0].label), "k-aaaa");
	snprintf(g.kern[1].label, sizeof(g.kern[1].label), "k-bbbb");
	TU_EQ_INT(gauntlet_load(&g, f, 1, &k), 0);
	TU_EQ_INT(expand_variants(&g, NULL, err, sizeof(err)), 0);
	TU_EQ_INT(g.nv, 4);
	TU_EQ_STR(g.v[0].name, "gnames/one-cpu/scx_simple/k-aaaa");
	TU_EQ_STR(g.v[3].name, "gnames/one-cpu/scx_qmap:-t_2/k-bbbb");
	free(g.v), g.v = NULL, g.nv = 0;
	g.sched[1] = "/elsewhere/scx_simple"; /* another path, the same name */
	TU_EQ_INT(expand_variants(&g, NULL, err, sizeof(err)), -1);
	TU_EQ_STR(err,
		  "variant gnames/one-cpu/scx_simple/k-aaaa twice: the same --scheduler or --kernel given "
		  "twice?");
	gauntlet_free(&g);
}

/* The cost model's inputs, pinned by variants that differ in one of them:
 * the scenario's settle and duration, each vCPU, each node past the first,
 * a scheduler's load, the second run for baseline claims. The constants
 * themselves are measured (doc/gauntlet.md); only their use is checked. */
TU_TEST(cost_model_inputs)
{
	char *f[] = { scen_file("cmodel", "settle 500ms\n gauntlet tiny, \"tiny-1llc\", llc2, numa2"),
		      scen_file("cbase", "settle 500ms\n gauntlet tiny\n expect { a.cpu_time <= 2 * "
					 "baseline(a.cpu_time) }") };
	const struct variant *tiny, *tiny4, *llc2, *numa2, *base;
	struct gauntlet g;
	double fixed;

	TU_EQ_INT(load(&g, f, 2, 8, NULL), 0);
	tiny = named(&g, "cmodel/tiny/eevdf"), tiny4 = named(&g, "cmodel/tiny-1llc/eevdf");
	llc2 = named(&g, "cmodel/llc2/eevdf"), numa2 = named(&g, "cmodel/numa2/eevdf");
	base = named(&g, "cbase/tiny/eevdf");
	TU_CHECK(tiny && tiny4 && llc2 && numa2 && base);
	if (!tiny || !tiny4 || !llc2 || !numa2 || !base) {
		gauntlet_free(&g);
		return;
	}
	TU_EQ_INT(topo_ncpus(&tiny->topo), 2);
	TU_EQ_INT(topo_ncpus(&tiny4->topo), 4);
	TU_EQ_INT(numa2->topo.nodes, 2);
	fixed = tiny->cost_s - 2.5; /* 500 ms settle + 2 s duration */
	TU_CHECK(fabs(fixed - (COST_TCG_BOOT_S + 2 * COST_TCG_VCPU_S)) < 1e-9);
	TU_CHECK(fabs(fixed - cost_boot_s(VM_QEMU_TCG, &tiny->topo)) < 1e-9);
	TU_CHECK(fabs(tiny4->cost_s - tiny->cost_s - 2 * COST_TCG_VCPU_S) < 1e-9);
	TU_CHECK(fabs(llc2->cost_s - tiny4->cost_s) < 1e-9); /* LLCs cost nothing of their own */
	TU_CHECK(fabs(numa2->cost_s - llc2->cost_s - COST_TCG_NODE_S) < 1e-9);
	TU_CHECK(fabs(base->cost_s - 2 * tiny->cost_s) < 1e-9);
	g.sched[0] = "scx_simple", g.nsched = 1;
	TU_CHECK(fabs(cost_model(&g, tiny) - tiny->cost_s - COST_SCHED_LOAD_S) < 1e-9);
	TU_CHECK(fabs(cost_model(&g, base) - base->cost_s - COST_SCHED_LOAD_S) < 1e-9); /* one load */
	g.nsched = 0, g.sched[0] = NULL;
	gauntlet_free(&g);
}

TU_TEST(gauntlet_rejects_unknown_presets_and_twin_names)
{
	char *f[] = { scen_file("gbad", "gauntlet nosuchtag"), scen_file("gtwin", ""),
		      scen_file("gtwin", "") };
	struct gauntlet g;
	struct kts_opts k = { .diag = stderr };
	char err[256] = "";

	memset(&g, 0, sizeof(g));
	g.nkern = 1;
	TU_EQ_INT(gauntlet_load(&g, f, 1, &k), 0);
	TU_EQ_INT(expand_variants(&g, NULL, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "gauntlet 'nosuchtag' is neither a preset nor a tag") != NULL);
	TU_EQ_INT(expand_variants(&g, "smt,bogus", err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "--presets: 'bogus'") != NULL);
	gauntlet_free(&g);
	memset(&g, 0, sizeof(g));
	TU_EQ_INT(gauntlet_load(&g, f + 1, 2, &k), -1);
	gauntlet_free(&g);
}

TU_TEST(budget_and_shard_parse)
{
	double s;
	unsigned k, n;

	TU_EQ_INT(budget_parse("20m", &s), 0);
	TU_CHECK(s == 1200);
	TU_EQ_INT(budget_parse("1h30m", &s), 0);
	TU_CHECK(s == 5400);
	TU_EQ_INT(budget_parse("45", &s), 0);
	TU_CHECK(s == 45);
	TU_EQ_INT(budget_parse("3x", &s), -1);
	TU_EQ_INT(budget_parse("", &s), -1);
	TU_EQ_INT(budget_parse("0m", &s), -1);
	TU_EQ_INT(shard_parse("2/3", &k, &n), 0);
	TU_CHECK(k == 2 && n == 3);
	TU_EQ_INT(shard_parse("4/3", &k, &n), -1);
	TU_EQ_INT(shard_parse("0/3", &k, &n), -1);
	TU_EQ_INT(shard_parse("1/", &k, &n), -1);
	TU_EQ_INT(shard_parse("1-3", &k, &n), -1);
}

/* Two scenarios over every preset, then (many) five on one cheap preset,
 * whose new-scenario coverage tempts a plain greedy away from the buckets;
 * on a host that fits 64 vCPUs. */
static bool many;

static int big(struct gauntlet *g)
{
	static char paths[7][256], *f[7];
	char name[8];

	snprintf(paths[0], 256, "%s", scen_file("gb1", ""));
	snprintf(paths[1], 256, "%s", scen_file("gb2", "gauntlet numa, odd, tiny"));
	for (int i = 0; many && i < 5; i++) {
		snprintf(name, sizeof(name), "gc%d", i);
		snprintf(paths[2 + i], 256, "%s", scen_file(name, "gauntlet \"one-cpu\""));
	}
	for (int i = 0; i < 7; i++)
		f[i] = paths[i];
	return load(g, f, many ? 7 : 2, 64, NULL);
}

static unsigned count_state(const struct gauntlet *g, enum variant_state s)
{
	unsigned n = 0;

	for (size_t i = 0; i < g->nv; i++)
		n += g->v[i].state == s;
	return n;
}

/* full: the cheapest variants of all buckets fit in budget together, so
 * every bucket must be covered. */
static void check_budget(double budget, bool full)
{
	struct gauntlet g, h;
	double used, sum = 0;
	char f[BUDGET_FEATURES][160];

	TU_EQ_INT(big(&g), 0);
	TU_EQ_INT(big(&h), 0);
	TU_CHECK(count_state(&g, VS_RUN) > 20);
	used = budget_pick(&g, budget);
	TU_CHECK(used <= budget);
	for (size_t i = 0; i < g.nv; i++)
		if (g.v[i].state == VS_RUN)
			sum += g.v[i].cost_s;
	TU_CHECK(sum <= budget && fabs(sum - used) < 1e-6);
	TU_CHECK(count_state(&g, VS_OUT) > 0);
	/* ranks: 1..k over the chosen, none twice, 0 for the rest */
	{
		unsigned k = count_state(&g, VS_RUN), seen[512] = { 0 };

		for (size_t i = 0; i < g.nv; i++) {
			unsigned r = g.v[i].rank;

			if (g.v[i].state != VS_RUN)
				TU_EQ_INT(r, 0);
			else if (r < 1 || r > k || r >= 512 || seen[r]++)
				tu_fail(__FILE__, __LINE__, "%s: rank %u of %u", g.v[i].name, r, k);
		}
	}
	TU_CHECK(budget - used < 5); /* it keeps filling: less than the cheapest variant is left */
	/* every bucket with an affordable variant is covered */
	for (size_t i = 0; i < h.nv; i++) {
		bool cpu = false, llc = false;

		if (!full || h.v[i].state != VS_RUN || h.v[i].cost_s > budget)
			continue;
		budget_features(&h, &h.v[i], f);
		for (size_t j = 0; j < g.nv; j++) {
			char x[BUDGET_FEATURES][160];

			if (g.v[j].state != VS_RUN)
				continue;
			budget_features(&g, &g.v[j], x);
			cpu |= !strcmp(x[0], f[0]), llc |= !strcmp(x[1], f[1]);
		}
		if (!cpu || !llc)
			tu_fail(__FILE__, __LINE__, "%s: bucket %s / %s not covered", h.v[i].name, f[0],
				f[1]);
	}
	/* the choice is a function of the inputs */
	budget_pick(&h, budget);
	for (size_t i = 0; i < g.nv; i++)
		TU_EQ_INT(g.v[i].state, h.v[i].state);
	gauntlet_free(&g);
	gauntlet_free(&h);
}

/* Sum over the CPU and LLC buckets of the cheapest variant in each: a
 * budget this tight still covers them all. */
static double tight_budget(void)
{
	struct gauntlet g;
	char names[32][160];
	double price[32], sum = 0;
	unsigned nb = 0;

	if (big(&g))
		return 0;
	for (size_t i = 0; i < g.nv; i++) {
		char f[BUDGET_FEATURES][160];

		if (g.v[i].state != VS_RUN)
			continue;
		budget_features(&g, &g.v[i], f);
		for (int k = 0; k < 2; k++) {
			unsigned j;

			for (j = 0; j < nb && strcmp(names[j], f[k]); j++)
				;
			if (j == nb && nb < 32)
				snprintf(names[nb], 160, "%s", f[k]), price[nb++] = g.v[i].cost_s;
			else if (j < nb && g.v[i].cost_s < price[j])
				price[j] = g.v[i].cost_s;
		}
	}
	for (unsigned j = 0; j < nb; j++)
		sum += price[j];
	gauntlet_free(&g);
	return sum;
}

TU_TEST(budget_covers_cpu_and_llc_buckets_first)
{
	double t = tight_budget();

	TU_CHECK(t > 30);
	check_budget(t, true);
	many = true;
	t = tight_budget();
	check_budget(t, true);
	check_budget(t + 30, true);
	many = false;
	check_budget(t * 0.7, false); /* not every bucket can be had */
	check_budget(t + 100, true);
}

TU_TEST(budget_takes_everything_when_it_fits)
{
	struct gauntlet g;
	unsigned run;

	TU_EQ_INT(big(&g), 0);
	run = count_state(&g, VS_RUN);
	budget_pick(&g, 1e9);
	TU_EQ_INT(count_state(&g, VS_RUN), run);
	budget_pick(&g, 0.01); /* nothing fits */
	TU_EQ_INT(count_state(&g, VS_RUN), 0);
	gauntlet_free(&g);
}

/* Shards of n after a budget: together exactly the unsharded set, no
 * variant in two, skipped variants reported once, loads balanced. */
static void check_shards(double budget, unsigned n)
{
	struct gauntlet all, s;
	unsigned *owner;
	double load[8] = { 0 }, top = 0;

	TU_EQ_INT(big(&all), 0);
	if (budget > 0)
		budget_pick(&all, budget);
	owner = calloc(all.nv, sizeof(*owner));
	for (unsigned k = 1; k <= n; k++) {
		TU_EQ_INT(big(&s), 0);
		if (budget > 0)
			budget_pick(&s, budget);
		shard_pick(&s, k, n);
		TU_EQ_INT(s.nv, all.nv);
		for (size_t i = 0; i < s.nv && owner; i++) {
			if (s.v[i].state == VS_OUT)
				continue;
			if (owner[i])
				tu_fail(__FILE__, __LINE__, "%s in shards %u and %u", s.v[i].name, owner[i],
					k);
			owner[i] = k;
			TU_EQ_INT(s.v[i].state, all.v[i].state);
			if (s.v[i].state == VS_RUN)
				load[k - 1] += s.v[i].cost_s;
		}
		gauntlet_free(&s);
	}
	for (size_t i = 0; i < all.nv && owner; i++)
		if ((all.v[i].state != VS_OUT) != (owner[i] != 0))
			tu_fail(__FILE__, __LINE__, "%s: unsharded %d, in shard %u", all.v[i].name,
				all.v[i].state, owner[i]);
	for (unsigned k = 0; k < n; k++)
		top = load[k] > top ? load[k] : top;
	for (unsigned k = 0; k < n; k++)
		TU_CHECK(top - load[k] < 60); /* within one variant's cost of each other */
	free(owner);
	gauntlet_free(&all);
}

TU_TEST(shards_together_are_the_unsharded_set)
{
	check_shards(0, 1);
	check_shards(0, 3);
	check_shards(0, 7);
	check_shards(200, 3);
	check_shards(90, 4);
}
