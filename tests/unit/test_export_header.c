/* The .run header (host/cmd/export_header.c): the line it names is the one
 * after its last, whatever the length of the name, and sh parses it. */
#include <stdio.h>
#include <stdlib.h>

#include "host/cmd/export_header.h"
#include "tests/unit/tu.h"

static unsigned count_lines(const char *s, size_t n)
{
	unsigned k = 0;

	for (size_t i = 0; i < n; i++)
		k += s[i] == '\n';
	return k;
}

TU_TEST(export_header_names_the_payload_line)
{
	static const char *const names[] = { "s", "cpuset_resize", "a_rather_long_scenario_name_0123456789" };
	char path[512], cmd[600];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		size_t len;
		char *h = export_header(names[i], "x.run", &len), want[64];
		FILE *f;

		TU_CHECK(h != NULL);
		if (!h)
			return;
		TU_EQ_INT(h[len - 1], '\n');
		snprintf(want, sizeof(want), "payload from line %u;", count_lines(h, len) + 1);
		TU_CHECK(strstr(h, want) != NULL);
		snprintf(want, sizeof(want), "tail -n +%u ", count_lines(h, len) + 1);
		TU_CHECK(strstr(h, want) != NULL);
		TU_CHECK(strstr(h, names[i]) != NULL);
		snprintf(path, sizeof(path), "%s/h%zu.sh", tu_tmpdir(), i);
		f = fopen(path, "w");
		TU_CHECK(f && fwrite(h, 1, len, f) == len);
		if (f)
			fclose(f);
		snprintf(cmd, sizeof(cmd), "sh -n %s", path);
		TU_EQ_INT(system(cmd), 0);
		free(h);
	}
}
