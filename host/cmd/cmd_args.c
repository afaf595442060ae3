#include "host/cmd/cmd_args.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/util/log.h"
#include "lib/proto.h"

int cmd_args_uint(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	unsigned long long v = 0;
	const char *p = s;

	for (; *p >= '0' && *p <= '9' && v <= hi; p++)
		v = v * 10 + (unsigned)(*p - '0');
	if (*s && !*p && v >= lo && v <= hi) {
		*out = (unsigned)v;
		return 0;
	}
	log_err("%s '%s': expected a whole number from %u to %u", opt, s, lo, hi);
	return -1;
}

int cmd_args_num(const char *opt, const char *s, double lo, double hi, double *out)
{
	char *end;
	double v;

	/* strtod alone would take inf, nan, hex and leading blanks */
	if (*s && strspn(s, "0123456789.") == strlen(s) && strchr("0123456789", *s)) {
		v = strtod(s, &end);
		if (!*end && isfinite(v) && v >= lo && v <= hi) {
			*out = v;
			return 0;
		}
	}
	log_err("%s '%s': expected a number from %.15g to %.15g", opt, s, lo, hi);
	return -1;
}

int cmd_args_define(char *arg, struct kts_define *defs, int *n, int max)
{
	char *eq = strchr(arg, '=');
	size_t len = eq ? (size_t)(eq - arg) : 0;

	if (!len ||
	    !((arg[0] >= 'a' && arg[0] <= 'z') || (arg[0] >= 'A' && arg[0] <= 'Z') || arg[0] == '_') ||
	    strspn(arg, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_") != len) {
		log_err("-D '%s': expected NAME=VALUE with NAME a param of the scenario", arg);
		return -1;
	}
	if (strchr(eq + 1, '\n')) {
		log_err("-D %.*s: the value must be on one line", (int)len, arg);
		return -1;
	}
	for (int i = 0; i < *n; i++)
		if (strlen(defs[i].name) == len && !strncmp(defs[i].name, arg, len)) {
			log_err("-D %.*s is given twice; keep one", (int)len, arg);
			return -1;
		}
	if (*n == max) {
		log_err("more than %d -D values", max);
		return -1;
	}
	*eq = '\0';
	defs[(*n)++] = (struct kts_define){ arg, eq + 1 };
	return 0;
}

int cmd_args_out_path(const char *opt, const char *path)
{
	char dir[PATH_MAX];
	const char *slash = strrchr(path, '/');
	struct stat st;

	if (!*path || (slash && !slash[1]) || strlen(path) >= sizeof(dir)) {
		log_err("%s '%s': expected a file name", opt, path);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + 1 : 1, slash ? path : ".");
	if (stat(dir, &st) || !S_ISDIR(st.st_mode) || access(dir, W_OK)) {
		log_err("%s '%s': the directory %s does not exist or is not writable", opt, path, dir);
		return -1;
	}
	if (!stat(path, &st) && S_ISDIR(st.st_mode)) {
		log_err("%s '%s' is a directory; name a file", opt, path);
		return -1;
	}
	return 0;
}

int cmd_args_fault(const char *opt, const char *s)
{
	static const char faults[] = PROTO_FAULTS;
	size_t n = strlen(s);

	/* whole names of the list, which is "a, b, c" */
	for (const char *p = faults; *p; p += strspn(p, ", ")) {
		size_t len = strcspn(p, ",");

		if (len == n && !strncmp(p, s, n))
			return 0;
		p += len;
	}
	log_err("%s '%s': expected one of %s", opt, s, PROTO_FAULTS);
	return -1;
}
