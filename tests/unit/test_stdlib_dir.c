/* Where `ktsrun list` and `run --stdlib` find the standard scenarios. */
#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "grammar/kts.h"
#include "host/run/stdlib_dir.h"
#include "interp/interp.h"
#include "tests/unit/tu.h"

static void mkpath(const char *base, const char *rel)
{
	char p[PATH_MAX];

	snprintf(p, sizeof(p), "mkdir -p '%s/%s'", base, rel);
	TU_CHECK(system(p) == 0);
}

TU_TEST(stdlib_dir_order)
{
	char root[PATH_MAX], exe[PATH_MAX], tree[PATH_MAX], env[PATH_MAX], dir[PATH_MAX], err[PATH_MAX + 256];
	const char *from = NULL;

	snprintf(root, sizeof(root), "%s/stdlib", tu_tmpdir());
	mkpath(root, "prefix/bin");
	mkpath(root, "prefix/" STDLIB_DIR_SHARE);
	mkpath(root, "tree/stdlib-scenarios");
	mkpath(root, "env");
	snprintf(exe, sizeof(exe), "%s/prefix/bin/ktsrun", root);
	snprintf(tree, sizeof(tree), "%s/tree", root);
	snprintf(env, sizeof(env), "%s/env", root);

	/* the environment wins over everything */
	TU_EQ_INT(stdlib_dir_search(env, exe, tree, dir, sizeof(dir), &from, err, sizeof(err)), 0);
	TU_EQ_STR(dir, env);
	TU_EQ_STR(from, "KTSRUN_STDLIB");

	/* then the share directory beside the binary, as a clean path */
	TU_EQ_INT(stdlib_dir_search("", exe, tree, dir, sizeof(dir), &from, err, sizeof(err)), 0);
	TU_EQ_STR(from, "installed");
	TU_CHECK(strstr(dir, "/prefix/" STDLIB_DIR_SHARE) && !strstr(dir, ".."));

	/* a binary with no share directory beside it falls back to the tree */
	snprintf(exe, sizeof(exe), "%s/tree/build/ktsrun", root);
	TU_EQ_INT(stdlib_dir_search(NULL, exe, tree, dir, sizeof(dir), &from, err, sizeof(err)), 0);
	TU_EQ_STR(from, "source tree");
	TU_CHECK(strstr(dir, "/tree/stdlib-scenarios") != NULL);

	/* nothing anywhere: an error that says what to do */
	TU_EQ_INT(stdlib_dir_search(NULL, exe, NULL, dir, sizeof(dir), &from, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "set KTSRUN_STDLIB or run 'make install'") != NULL);

	/* a wrong KTSRUN_STDLIB is an error, not a reason to look elsewhere */
	snprintf(env, sizeof(env), "%s/nowhere", root);
	TU_EQ_INT(stdlib_dir_search(env, exe, tree, dir, sizeof(dir), &from, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "is not a directory") != NULL);
}

TU_TEST(stdlib_dir_scenario_names)
{
	char path[PATH_MAX], err[PATH_MAX + 256];

	TU_EQ_INT(stdlib_dir_scenario("stdlib-scenarios", "steady", path, sizeof(path), err, sizeof(err)), 0);
	TU_EQ_STR(path, "stdlib-scenarios/steady.kts");
	TU_EQ_INT(stdlib_dir_scenario("stdlib-scenarios", "steady.kts", path, sizeof(path), err, sizeof(err)),
		  0);
	TU_EQ_STR(path, "stdlib-scenarios/steady.kts");
	TU_EQ_INT(stdlib_dir_scenario("stdlib-scenarios", "no_such", path, sizeof(path), err, sizeof(err)),
		  -1);
	TU_CHECK(strstr(err, "no such scenario") != NULL);
	TU_EQ_INT(stdlib_dir_scenario("stdlib-scenarios", "../steady", path, sizeof(path), err, sizeof(err)),
		  -1);
	TU_CHECK(strstr(err, "not a path") != NULL);
	TU_EQ_INT(stdlib_dir_scenario("stdlib-scenarios", "", path, sizeof(path), err, sizeof(err)), -1);
}

/* `ktsrun list` prints scenario names and `run --stdlib` takes file names:
 * in the standard set they must be one and the same. */
TU_TEST(stdlib_dir_names_are_file_names)
{
	struct kts_opts k = { .diag = stderr };
	struct dirent *e;
	DIR *d = opendir("stdlib-scenarios");
	int seen = 0;

	TU_CHECK(d != NULL);
	while (d && (e = readdir(d))) {
		size_t n = strlen(e->d_name);
		char path[PATH_MAX], err[256];
		struct interp_meta m;
		struct bc_prog p;
		uint8_t *bc = NULL;
		size_t len;

		if (n < 5 || strcmp(e->d_name + n - 4, ".kts"))
			continue;
		snprintf(path, sizeof(path), "stdlib-scenarios/%s", e->d_name);
		if (kts_compile_file(path, &k, &bc, &len) || bc_load(&p, bc, len, err, sizeof(err))) {
			tu_fail(__FILE__, __LINE__, "%s does not compile", path);
			free(bc);
			continue;
		}
		interp_meta_read(&p, &m);
		if (strlen(m.name) != n - 4 || strncmp(m.name, e->d_name, n - 4))
			tu_fail(__FILE__, __LINE__, "%s declares scenario '%s'", path, m.name);
		seen++;
		bc_prog_free(&p);
		free(bc);
	}
	if (d)
		closedir(d);
	TU_CHECK(seen >= 10);
}
