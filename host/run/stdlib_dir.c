/* Where the standard scenarios are: the environment, beside the binary, the tree. */
#include "host/run/stdlib_dir.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/util/log.h"

/* The Makefile names the tree; a build without it just skips that rule. */
#ifndef KTSRUN_SRCDIR
#define KTSRUN_SRCDIR NULL
#endif

static int is_dir(const char *p)
{
	struct stat st;

	return !stat(p, &st) && S_ISDIR(st.st_mode);
}

int stdlib_dir_search(const char *env, const char *exe, const char *srcdir, char *dir, size_t len,
		      const char **from, char *err, size_t elen)
{
	char bin[PATH_MAX + 64], dir_buf[PATH_MAX];
	const char *slash;

	if (env && *env) {
		/* an explicit choice that is wrong is an error, not a reason to look elsewhere */
		if (!is_dir(env))
			return errf(err, elen,
				    "KTSRUN_STDLIB=%s is not a directory; unset it or point it at "
				    "the scenarios",
				    env);
		*from = "KTSRUN_STDLIB";
		return snprintf(dir, len, "%s", env) < (int)len ? 0 : errf(err, elen, "path too long");
	}
	if (exe && (slash = strrchr(exe, '/')) && (size_t)(slash - exe) < sizeof(bin)) {
		/* BIN/ktsrun -> BIN/../share/...: the prefix it was installed under */
		snprintf(bin, sizeof(bin), "%.*s", (int)(slash - exe), exe);
		snprintf(bin + strlen(bin), sizeof(bin) - strlen(bin), "/../%s", STDLIB_DIR_SHARE);
		if (is_dir(bin) && realpath(bin, dir_buf) && strlen(dir_buf) < len) {
			snprintf(dir, len, "%s", dir_buf);
			*from = "installed";
			return 0;
		}
	}
	if (srcdir && (size_t)snprintf(dir, len, "%s/stdlib-scenarios", srcdir) < len && is_dir(dir)) {
		*from = "source tree";
		return 0;
	}
	dir[0] = '\0';
	return errf(err, elen,
		    "no standard scenarios found (not beside the binary in ../%s, nor in the "
		    "source tree); set KTSRUN_STDLIB or run 'make install'",
		    STDLIB_DIR_SHARE);
}

int stdlib_dir_find(char *dir, size_t len, const char **from, char *err, size_t elen)
{
	char exe[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n > 0)
		exe[n] = '\0';
	return stdlib_dir_search(getenv("KTSRUN_STDLIB"), n > 0 ? exe : NULL, KTSRUN_SRCDIR, dir, len, from,
				 err, elen);
}

int stdlib_dir_scenario(const char *dir, const char *name, char *path, size_t len, char *err, size_t elen)
{
	size_t n = strlen(name);
	const char *ext = n > 4 && !strcmp(name + n - 4, ".kts") ? "" : ".kts";

	if (!n || strchr(name, '/') || name[0] == '.')
		return errf(err, elen,
			    "--stdlib '%s': give a scenario name as 'ktsrun list' shows it, "
			    "not a path",
			    name);
	if ((size_t)snprintf(path, len, "%s/%s%s", dir, name, ext) >= len)
		return errf(err, elen, "--stdlib '%s': path too long", name);
	if (access(path, R_OK))
		return errf(err, elen, "--stdlib '%s': no such scenario in %s; 'ktsrun list' shows them",
			    name, dir);
	return 0;
}
