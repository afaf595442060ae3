/* libFuzzer target: result files read back by `ktsrun report` and
 * `ktsrun compare` (host/report/report_load.c over json-c), then compared,
 * printed as text and as compare's JSON. The input is side A's file, a
 * NUL byte, then side B's (without a NUL, B is A: a file against itself).
 * Each side is handed over as a file, the way the commands read them. */
#include <math.h>
#include <json-c/json.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host/report/report_color.h"
#include "host/report/report_compare.h"
#include "host/report/report_load.h"
#include "host/report/report_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A memfd holding p, named by its /proc path; -1 if not. */
static int as_file(const uint8_t *p, size_t n, char *path, size_t len)
{
	int fd = memfd_create("fuzz-result", MFD_CLOEXEC);

	if (fd < 0 || write(fd, p, n) != (ssize_t)n)
		abort();
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

static void compare(const struct report_set *a, const struct report_set *b, const char *fa, const char *fb,
		    FILE *null)
{
	struct compare_opts o = { .abs_n = NAN, .abs_d = NAN, .abs_f = NAN, .rel = NAN, .emulation = -1 };
	struct report_color col;
	struct compare c;
	json_object *j;
	char err[512];

	if (report_compare(&c, a, b, &o, err, sizeof(err)))
		return;
	report_color_init(&col, null);
	report_compare_print(null, &c, &fa, 1, &fb, 1, true, &col);
	if ((j = report_compare_json(&c, &fa, 1, &fb, 1))) {
		fputs(json_object_to_json_string_ext(j, JSON_C_TO_STRING_PLAIN), null);
		json_object_put(j);
	}
	report_compare_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t na = nul ? (size_t)(nul - data) : size;
	struct report_set a = { 0 }, b = { 0 };
	char pa[64], pb[64], err[512];
	int fa = as_file(data, na, pa, sizeof(pa));
	int fb = nul ? as_file(nul + 1, size - na - 1, pb, sizeof(pb)) : -1;
	FILE *null = fopen("/dev/null", "w");
	struct report_color col;
	bool ok_a;

	if (!null)
		abort();
	ok_a = report_load_file(&a, pa, err, sizeof(err)) == 0;
	if (ok_a) {
		report_color_init(&col, null);
		report_text_print(null, &a, 100, &col);
	}
	if (ok_a && report_load_file(&b, nul ? pb : pa, err, sizeof(err)) == 0)
		compare(&a, &b, pa, nul ? pb : pa, null);
	report_load_free(&a);
	report_load_free(&b);
	fclose(null);
	close(fa);
	if (fb >= 0)
		close(fb);
	return 0;
}
