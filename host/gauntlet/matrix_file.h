/* --matrix FILE.yaml: a team's gauntlet in one reviewed file (libyaml).
 *
 *   presets:                     # presets of its own, besides the built-in
 *     - name: odd-9llc
 *       topology: 1n9l1c1t
 *       tags: [odd, ours]        # optional
 *       distances: [[10, 21], [21, 10]]   # optional, a row per node
 *   use: smt, numa, odd-9llc     # optional: what --presets takes
 *   schedulers:                  # optional: each as --scheduler
 *     - scx_simple
 *     - { name: scx_qmap, args: "-t 2" }
 *   kernels: [6.12.117-1.deb12u1-ktsrun-8c4de7b5]   # optional
 *   budget: 20m                  # optional
 *   jobs: 2                      # optional: the -j default
 *
 * The command line wins over the file. Errors are FILE:LINE:COL: message
 * (libyaml counts from 0; we print from 1). */
#ifndef KTS_HOST_GAUNTLET_MATRIX_FILE_H
#define KTS_HOST_GAUNTLET_MATRIX_FILE_H

#include <stddef.h>

#include "host/gauntlet/gauntlet.h"

struct matrix_file {
	char *sched[GAUNTLET_MAX_SCHED]; /* NAME[:ARGS] */
	unsigned nsched;
	char *kernel[GAUNTLET_MAX_KERNEL];
	unsigned nkernel;
	char *use;	 /* or NULL */
	double budget_s; /* 0: none */
	unsigned jobs;	 /* 0: none */
	unsigned npresets;
};

/* Parse path; its presets are declared (preset_add). 0, or -1 with
 * "FILE:LINE:COL: message" in err. */
int matrix_file_load(const char *path, struct matrix_file *m, char *err, size_t errlen);
/* The same from text (tests), name standing for the file. */
int matrix_file_parse(const char *name, const char *text, size_t len, struct matrix_file *m, char *err,
		      size_t errlen);
void matrix_file_free(struct matrix_file *m);

#endif
