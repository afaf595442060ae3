#include "host/sched/sched_spec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/util/log.h"
#include "lib/cpuset.h"

/* What kv (lib/kv.c) and execv can carry: printable bytes, no '\n'. */
static int text_ok(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			return 0;
	return 1;
}

int sched_spec_parse(const char *spec, struct sched_spec *s, char *err, size_t errlen)
{
	const char *colon = strchr(spec, ':'), *base, *p;
	size_t n = colon ? (size_t)(colon - spec) : strlen(spec);

	memset(s, 0, sizeof(*s));
	if (!n)
		return errf(err, errlen,
			    "--scheduler '%s': no name before ':'; e.g. scx_simple or scx_qmap:-t 5", spec);
	if (n >= sizeof(s->name) || !text_ok(spec, strlen(spec)))
		return errf(err, errlen, "--scheduler: name too long or with control characters");
	memcpy(s->name, spec, n);
	base = strrchr(s->name, '/');
	base = base ? base + 1 : s->name;
	if (!*base)
		return errf(err, errlen, "--scheduler '%s': a path must name a file", s->name);
	snprintf(s->ops, sizeof(s->ops), "%s", strncmp(base, "scx_", 4) ? base : base + 4);
	for (p = colon ? colon + 1 : spec + n; *p;) {
		size_t len;

		p += strspn(p, " ");
		len = strcspn(p, " ");
		if (!len)
			break;
		if (s->argc == SCHED_SPEC_MAX_ARGS)
			return errf(err, errlen, "--scheduler: more than %d arguments", SCHED_SPEC_MAX_ARGS);
		if (len >= SCHED_SPEC_ARG_MAX)
			return errf(err, errlen, "--scheduler: an argument is longer than %d bytes",
				    SCHED_SPEC_ARG_MAX - 1);
		memcpy(s->args[s->argc++], p, len);
		p += len;
	}
	return 0;
}

int sched_spec_conf(const struct sched_spec *s, const char *bin, unsigned duration_ms, unsigned spinners,
		    unsigned load_timeout_ms, char *buf, size_t len)
{
	int n = snprintf(buf, len,
			 "path=%s\nops=%s\nargc=%u\nduration_ms=%u\nspinners=%u\nload_timeout_ms=%u\n"
			 "stop_grace_ms=10000\n",
			 bin, s->ops, s->argc, duration_ms, spinners, load_timeout_ms);

	for (unsigned i = 0; i < s->argc && n >= 0 && (size_t)n < len; i++)
		n += snprintf(buf + n, len - (size_t)n, "arg%u=%s\n", i, s->args[i]);
	return n < 0 || (size_t)n >= len ? -1 : n;
}

static const char *base_name(const char *path)
{
	const char *b = strrchr(path, '/');

	return b ? b + 1 : path;
}

/* scx_central's -c CPU (default 0), read as its getopt("s:c:pvh") would:
 * "-c 3", "-c3" and "-pc3" all name CPU 3; "--" ends the options. */
static unsigned central_cpu(const struct sched_spec *s)
{
	unsigned cpu = 0;

	for (unsigned i = 0; i < s->argc; i++) {
		const char *a = s->args[i];

		if (!strcmp(a, "--"))
			break;
		if (a[0] != '-' || !a[1])
			continue; /* glibc's getopt looks past operands */
		for (const char *o = a + 1; *o; o++) {
			const char *v;

			if (*o != 's' && *o != 'c')
				continue;
			v = o[1] ? o + 1 : i + 1 < s->argc ? s->args[++i] : NULL;
			if (*o == 'c' && v)
				cpu = (unsigned)strtoul(v, NULL, 0);
			break;
		}
	}
	return cpu;
}

const char *sched_spec_kernel_args(const struct sched_spec *s, unsigned ncpus, char *buf, size_t len,
				   const char **why)
{
	unsigned c = central_cpu(s);
	struct cpuset rest;
	char list[256];

	/* scx_central's ops.init() fails unless it runs on the central CPU; 6.12
	 * runs it in an unbound kthread, and kthreads stay on housekeeping CPUs. */
	if (strcmp(base_name(s->name), "scx_central") || ncpus < 2 || c >= ncpus || ncpus > CPUSET_MAX)
		return NULL;
	cpuset_zero(&rest);
	for (unsigned i = 0; i < ncpus; i++)
		if (i != c)
			cpuset_add(&rest, i);
	if ((size_t)snprintf(buf, len, "nohz_full=%s", cpuset_format(&rest, list, sizeof(list))) >= len)
		return NULL;
	*why = "the kernel runs its ops.init() in an unbound kthread, which must land on the central CPU";
	return buf;
}

int sched_spec_kernel_honours(const char *args, const char *config, char *why, size_t len)
{
	char line[256];
	FILE *f;
	int found = 0;

	/* the only argument we add that needs an option: without NO_HZ_FULL the
	 * kernel warns "nohz unsupported" and goes on */
	if (!strstr(args, "nohz_full=") || !config[0] || !(f = fopen(config, "re")))
		return 1;
	while (!found && fgets(line, sizeof(line), f))
		found = !strcmp(line, "CONFIG_NO_HZ_FULL=y\n");
	fclose(f);
	if (!found)
		errf(why, len,
		     "this kernel lacks CONFIG_NO_HZ_FULL, so it ignores nohz_full= and scx_central may fail "
		     "to "
		     "load (init from non-central CPU); build the current kernel with 'ktsrun kernel build'");
	return found;
}
