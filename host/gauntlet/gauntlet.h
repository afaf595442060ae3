/* A gauntlet: scenarios x presets x schedulers x kernels, each combination
 * a variant with a stable name "scenario/preset/scheduler[/kernel]".
 *
 *   gauntlet_load      compile the scenarios (once each)
 *   expand_variants    every variant, skipped before any boot when its
 *                      preset does not fit or the scenario's `requires`
 *                      fails on it (expand.c)
 *   cost_estimate      seconds per variant: a cost file, else the model
 *   budget_pick        what fits --budget, coverage first (budget.c)
 *   shard_pick         this runner's deterministic share (shard.c)
 * Every choice depends only on the inputs all shards share. */
#ifndef KTS_HOST_GAUNTLET_GAUNTLET_H
#define KTS_HOST_GAUNTLET_GAUNTLET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "host/gauntlet/fit.h"
#include "host/gauntlet/preset.h"
#include "grammar/kts.h"
#include "interp/interp.h"

#define GAUNTLET_MAX_SCHED  16
#define GAUNTLET_MAX_KERNEL 8
#define GAUNTLET_NAME	    320

struct json_object;

struct gscen {
	char *file;
	uint8_t *bc;
	size_t len;
	struct bc_prog prog;
	struct interp_meta meta;
};

enum variant_state {
	VS_RUN,	 /* chosen: runs (or ran) */
	VS_SKIP, /* before any boot: does not fit, or `requires` unmet */
	VS_OUT,	 /* left out: by the budget, or another shard's */
};

struct variant {
	char name[GAUNTLET_NAME];
	unsigned scen, sched, kern; /* indices into the gauntlet's lists */
	const struct preset *preset;
	struct topo topo;
	unsigned mem_mib;
	enum variant_state state;
	char why[256]; /* why skipped or left out */
	double cost_s; /* estimated */
	unsigned rank; /* the budget's order of choice (1 first); 0: none */
	bool cost_measured;
	/* filled by the run */
	int verdict; /* enum verdict_outcome */
	double wall_s;
	char *failure;		  /* the failure output (for JUnit/TAP), malloc'd or NULL */
	struct json_object *json; /* the result, or NULL (not run) */
};

struct gkernel {
	const char *arg; /* as given to --kernel; NULL: the default */
	char label[96];	 /* the variant name's last part; "" when no --kernel given */
	struct fit_env env;
};

struct gauntlet {
	struct gscen *scen;
	unsigned nscen;
	const char *sched[GAUNTLET_MAX_SCHED]; /* NAME[:ARGS]; NULL: the scenario's own, else EEVDF */
	unsigned nsched;
	struct gkernel kern[GAUNTLET_MAX_KERNEL];
	unsigned nkern;
	unsigned mem_mib; /* --mem for every variant; 0: by vCPU count (preset_mem_mib) */
	struct variant *v;
	size_t nv;
};

/* Compile every file; -1 (said on stderr) if any does not compile or two
 * share a scenario name. */
int gauntlet_load(struct gauntlet *g, char *const *files, unsigned nfiles, const struct kts_opts *k);
void gauntlet_free(struct gauntlet *g);
/* The scheduler part of a variant's name: "eevdf", or the scheduler's
 * file name with its arguments (blanks and '/' as '_'). */
void gauntlet_sched_label(const struct gauntlet *g, const struct variant *v, char *buf, size_t len);
/* The spec to run a variant under (NAME[:ARGS]), or NULL for EEVDF;
 * buf holds it when it comes from the scenario. */
const char *gauntlet_sched_spec(const struct gauntlet *g, const struct variant *v, char *buf, size_t len);

/* expand.c: presets is --presets (names and tags, comma-separated) or
 * NULL (each scenario's `gauntlet` line, else every preset). 0, or -1 with
 * the reason in err (an unknown preset or tag). */
int expand_variants(struct gauntlet *g, const char *presets, char *err, size_t errlen);
/* The text of the first `requires` of p that t does not meet, or NULL. */
const char *expand_unmet(const struct bc_prog *p, const struct topo *t, unsigned mem_mib);

#endif
