/* libFuzzer target: a --matrix YAML file (host/gauntlet/matrix_file.c over
 * libyaml), the presets it declares and the --presets list its `use`
 * selects. The input is the file's text. */
#include <stdint.h>
#include <stdlib.h>

#include "host/gauntlet/matrix_file.h"
#include "host/gauntlet/preset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct matrix_file m;
	char err[512], tags[PRESET_TAGS_MAX];
	size_t n;
	const struct preset *all;

	if (matrix_file_parse("fuzz.yaml", (const char *)data, size, &m, err, sizeof(err)) == 0) {
		all = preset_all(&n);
		for (size_t i = 0; i < n; i++)
			preset_tags(&all[i], tags, sizeof(tags));
		matrix_file_free(&m);
	}
	preset_forget(); /* each input declares its presets afresh */
	return 0;
}
