#include "host/util/cache.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/fs.h"
#include "host/util/log.h"

int cache_root(char *buf, size_t len, int create, char *err, size_t errlen)
{
	const char *env = getenv("KTSRUN_CACHE_DIR"), *xdg = getenv("XDG_CACHE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (env && *env)
		n = snprintf(buf, len, "%s", env);
	else if (xdg && xdg[0] == '/') /* the XDG spec ignores relative values */
		n = snprintf(buf, len, "%s/ktsrun", xdg);
	else if (home && *home)
		n = snprintf(buf, len, "%s/.cache/ktsrun", home);
	else
		return errf(err, errlen, "no cache directory: set KTSRUN_CACHE_DIR or HOME");
	if (n < 0 || (size_t)n >= len)
		return errf(err, errlen, "cache directory path is too long");
	if (create && fs_mkdirs(buf))
		return errf(err, errlen, "cannot create cache directory %s: %s", buf, strerror(errno));
	return 0;
}

int cache_subdir(const char *name, char *buf, size_t len, char *err, size_t errlen)
{
	char root[PATH_MAX];

	if (cache_root(root, sizeof(root), 1, err, errlen))
		return -1;
	if ((size_t)snprintf(buf, len, "%s/%s", root, name) >= len)
		return errf(err, errlen, "cache directory path is too long");
	if (fs_mkdirs(buf))
		return errf(err, errlen, "cannot create %s: %s", buf, strerror(errno));
	return 0;
}

uint64_t cache_fnv1a(const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h = 0xcbf29ce484222325ULL;

	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 0x100000001b3ULL;
	}
	return h;
}

int cache_write(const char *path, const char *text, const char *what)
{
	char dir[PATH_MAX], why[PATH_MAX + 300], advice[200];
	const char *slash = strrchr(path, '/');
	size_t len = strlen(text);

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) : 0, path);
	if ((dir[0] && fs_mkdirs(dir)) || fs_write_atomic(path, text, len)) {
		snprintf(advice, sizeof(advice),
			 "%s is not cached, the next run does it again (free some space or set "
			 "KTSRUN_CACHE_DIR elsewhere)",
			 what);
		log_warn("%s", fs_write_error(path, errno, len, advice, why, sizeof(why)));
		return -1;
	}
	return 0;
}
