/* --matrix YAML: what it declares, and FILE:LINE:COL errors (1-based). */
#include <string.h>

#include "host/gauntlet/matrix_file.h"
#include "tests/unit/tu.h"

static int parse(const char *text, struct matrix_file *m, char *err)
{
	return matrix_file_parse("m.yaml", text, strlen(text), m, err, 512);
}

TU_TEST(matrix_file_declares_presets_schedulers_kernels)
{
	static const char text[] = "# a team's gauntlet\n"
				   "presets:\n"
				   "  - name: t-odd9\n"
				   "    topology: 1n9l1c1t\n"
				   "    tags: [odd, team]\n"
				   "  - name: t-far\n"
				   "    topology: 2n2l1c1t\n"
				   "    distances: [[10, 40], [35, 10]]\n"
				   "use: team, t-far\n"
				   "schedulers:\n"
				   "  - scx_simple\n"
				   "  - { name: scx_qmap, args: \"-t 2\" }\n"
				   "kernels: [k1, /boot/bz]\n"
				   "budget: 1h30m\n"
				   "jobs: 3\n";
	struct matrix_file m;
	char err[512] = "";
	struct topo t;
	const struct preset *p;

	TU_EQ_INT(parse(text, &m, err), 0);
	TU_EQ_STR(err, "");
	TU_EQ_INT(m.npresets, 2);
	TU_EQ_INT(m.nsched, 2);
	TU_EQ_STR(m.sched[1], "scx_qmap:-t 2");
	TU_EQ_INT(m.nkernel, 2);
	TU_EQ_STR(m.kernel[1], "/boot/bz");
	TU_EQ_STR(m.use, "team, t-far"); /* a scalar: --presets splits it */
	TU_CHECK(m.budget_s == 5400);
	TU_EQ_INT(m.jobs, 3);
	TU_CHECK((p = preset_find("t-odd9")) && preset_has_tag(p, "team") && preset_has_tag(p, "odd") &&
		 preset_has_tag(p, "matrix"));
	TU_EQ_INT(preset_parse("t-far", &t, err, sizeof(err)), 0);
	TU_EQ_INT(t.distance[0][1], 40);
	TU_EQ_INT(t.distance[1][0], 35);
	matrix_file_free(&m);
	/* declared once: again is an error, at the preset */
	TU_EQ_INT(parse("presets:\n  - {name: t-far, topology: 2n}\n", &m, err), -1);
	TU_EQ_STR(err, "m.yaml:2:5: preset 't-far' exists already; pick another name");
}

TU_TEST(matrix_file_errors_name_line_and_column)
{
	static const struct {
		const char *text, *err;
	} bad[] = {
		{ "budget: 20m\nfrobs: 1\n",
		  "m.yaml:2:8: 'frobs' is not one of presets, use, schedulers, kernels, "
		  "budget, jobs" },
		{ "jobs: 0\n", "m.yaml:1:7: jobs: expected a number from 1 to 256" },
		{ "presets:\n  - name: t-x\n    topology: 3n4l\n",
		  "m.yaml:2:5: topology '3n4l': 4 LLCs cannot be split evenly over 3 nodes; make the LLC "
		  "count "
		  "a multiple of the node count" },
		{ "presets:\n  - name: t-y\n    topology: 2n\n    distances: [[10, 20]]\n",
		  "m.yaml:2:5: preset 't-y': 2 distances for 2 nodes; give 4 (a row per node)" },
		{ "presets:\n  - name: t-z\n    topology: 2n\n    distances: [[10, 5], [20, 10]]\n",
		  "m.yaml:2:5: preset 't-z': distance 5 is not valid (10 from a node to itself, 11 to 255 "
		  "between "
		  "nodes)" },
		{ "presets:\n  - {name: t-w}\n",
		  "m.yaml:2:5: preset: needs a name and a topology (a spelling like "
		  "1n3l2c1t)" },
		{ "schedulers:\n  - {name: a, argz: b}\n",
		  "m.yaml:2:15: scheduler: 'argz' is not one of name, args" },
		{ "use: [a, [b]]\n", "m.yaml:1:10: use: expected a word" },
		/* libyaml keeps both; the second 'use' leaked the first (fuzz_matrix) */
		{ "use: a\nuse: b\n", "m.yaml:2:1: 'use' is given twice (first on line 1); keep one" },
		{ "presets:\n  - {name: t-d, name: t-e, topology: 1n}\n",
		  "m.yaml:2:17: 'name' is given twice (first on line 2); keep one" },
		{ "schedulers:\n  - {name: a, name: b}\n",
		  "m.yaml:2:15: 'name' is given twice (first on line 2); keep one" },
		{ "presets: [\n",
		  "m.yaml:2:1: did not find expected node content while parsing a flow node" },
		{ "- a\n- b\n",
		  "m.yaml:1:1: expected a mapping of presets, use, schedulers, kernels, budget, jobs" },
		{ "", "m.yaml:1:1: empty; see doc/gauntlet.md for what a matrix file holds" },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct matrix_file m;
		char err[512] = "";

		TU_EQ_INT(parse(bad[i].text, &m, err), -1);
		TU_EQ_STR(err, bad[i].err);
		TU_EQ_INT(m.nsched, 0); /* nothing kept */
	}
}
