/* Unit test runner: prints one line per test and a closing
 * "N passed, N failed" line. */
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <unistd.h>

#include "tests/unit/tu.h"

#define TU_MAX 2048

static struct {
	const char *name;
	void (*fn)(void);
} tests[TU_MAX];
static int ntests;
static int cur_failed;
static char tmpdir[64];

void tu_register(const char *name, void (*fn)(void))
{
	if (ntests == TU_MAX) {
		fprintf(stderr, "tu: more than %d tests\n", TU_MAX);
		exit(2);
	}
	tests[ntests].name = name;
	tests[ntests].fn = fn;
	ntests++;
}

void tu_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "    %s:%d: ", file, line);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cur_failed = 1;
}

const char *tu_tmpdir(void)
{
	if (!tmpdir[0]) {
		snprintf(tmpdir, sizeof(tmpdir), "/tmp/ktsrun-unit-XXXXXX");
		if (!mkdtemp(tmpdir)) {
			perror("mkdtemp");
			exit(2);
		}
	}
	return tmpdir;
}

static void cleanup(void)
{
	char cmd[128];

	if (tmpdir[0]) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "tu: could not remove %s\n", tmpdir);
	}
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	atexit(cleanup);
	/* registration order depends on link order; run in name order */
	qsort(tests, (size_t)ntests, sizeof(tests[0]), by_name);
	for (int i = 0; i < ntests; i++) {
		if (argc > 1 && !strstr(tests[i].name, argv[1]))
			continue;
		cur_failed = 0;
		tests[i].fn();
		printf("%s %s\n", cur_failed ? "FAIL" : "ok  ", tests[i].name);
		if (cur_failed)
			failed++;
		else
			passed++;
	}
	printf("unit: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}

int tu_cmd(char *out, unsigned long len, int (*fn)(int, char **), ...)
{
	char *argv[32], path[256];
	int argc = 0, rc, so, se, fd;
	const char *a;
	va_list ap;
	FILE *f;
	size_t n;

	va_start(ap, fn);
	while ((a = va_arg(ap, const char *)) && argc < 31)
		argv[argc++] = strdup(a);
	va_end(ap);
	argv[argc] = NULL;
	snprintf(path, sizeof(path), "%s/cmd.out", tu_tmpdir());
	fflush(stdout), fflush(stderr);
	so = dup(1), se = dup(2);
	fd = open(path, O_CREAT | O_TRUNC | O_WRONLY, 0644);
	dup2(fd, 1), dup2(fd, 2), close(fd);
	optind = 0; /* a fresh getopt */
	rc = fn(argc, argv);
	fflush(stdout), fflush(stderr);
	dup2(so, 1), dup2(se, 2), close(so), close(se);
	f = fopen(path, "r");
	n = f ? fread(out, 1, len - 1, f) : 0;
	out[n] = '\0';
	if (f)
		fclose(f);
	for (int i = 0; i < argc; i++)
		free(argv[i]);
	return rc;
}
