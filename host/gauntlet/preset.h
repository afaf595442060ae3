/* Named topology presets for `--topo NAME` and the gauntlet: a spelling,
 * tags (derived from the shape, plus a few given by hand) and, for a few,
 * NUMA distances other than 10 local / 20 remote.
 *
 * Tags derived from the shape: smt or nosmt; llc (more than one LLC); odd
 * (an odd LLC count above 1); numa (more than one node); small (4 CPUs or
 * fewer); large (64 CPUs or more). Given by hand: tiny, medium, max, asym,
 * ours (presets that are not in the set this project started from). */
#ifndef KTS_HOST_GAUNTLET_PRESET_H
#define KTS_HOST_GAUNTLET_PRESET_H

#include <stdbool.h>
#include <stddef.h>

#include "lib/topo.h"

#define PRESET_TAGS_MAX 160
#define PRESET_MAX	128 /* built in and declared */

struct preset {
	const char *name;
	const char *spec;
	const char *tags; /* given by hand, comma-separated; the shape adds more */
	const char *what;
	const unsigned char *dist; /* nodes x nodes, row-major; NULL: 10 / 20 */
};

const struct preset *preset_all(size_t *n);
const struct preset *preset_find(const char *name);
/* A preset name or a spelling into t (with the preset's distances). 0, or
 * -1 with a one-line reason in err. */
int preset_parse(const char *text, struct topo *t, char *err, size_t errlen);
/* The compiler's check of a `topology` line that names a preset
 * (kts_opts.topo_name): 0, or -1 with the reason in err. */
int preset_check(const char *name, char *err, size_t errlen);
/* Declare a preset (a matrix file's): spec a spelling, tags comma-separated
 * (it gets "matrix" too), dist nodes x nodes row-major or ndist 0. 0, or -1
 * with a one-line reason in err. */
int preset_add(const char *name, const char *spec, const char *tags, const unsigned *dist, unsigned ndist,
	       char *err, size_t errlen);
/* Drop the presets declared so far (a fuzzer's next input). */
void preset_forget(void);
/* Every tag of p, comma-separated, into buf; returns buf. */
char *preset_tags(const struct preset *p, char *buf, size_t len);
/* Does p carry tag (derived or given)? */
bool preset_has_tag(const struct preset *p, const char *tag);
/* Is word any preset's tag? */
bool preset_is_tag(const char *word);
/* Guest RAM for a shape: grows with the vCPU count (per-CPU kernel data,
 * more workers), a multiple of 64 MiB per node. */
unsigned preset_mem_mib(const struct topo *t);

#endif
