/* libFuzzer target: the topology spelling (lib/topo.c) and the preset
 * names and spellings `--topo` takes (host/gauntlet/preset.c), then every
 * CPU's place in what was accepted. The input is the text as given. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/gauntlet/preset.h"
#include "lib/topo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void place_all(const struct topo *t)
{
	unsigned n = topo_ncpus(t);
	struct topo_place pl;
	struct topo again;
	char err[200];

	if (n == 0 || n > TOPO_MAX_CPUS || t->llcs % t->nodes)
		abort(); /* an accepted shape is one we can boot */
	for (unsigned c = 0; c < n; c++) {
		topo_place(t, c, &pl);
		if (pl.node >= t->nodes || pl.llc >= t->llcs || pl.thread >= t->threads)
			abort();
	}
	/* the canonical spelling reads back as the same shape */
	if (topo_parse(t->spec, &again, err, sizeof(err)) || topo_ncpus(&again) != n)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char text[256], err[300];
	struct topo t;

	if (size >= sizeof(text))
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	if (topo_parse(text, &t, err, sizeof(err)) == 0)
		place_all(&t);
	if (preset_parse(text, &t, err, sizeof(err)) == 0)
		place_all(&t);
	return 0;
}
