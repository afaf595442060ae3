/* One run of one compiled scenario: boot it (and its baseline), judge it,
 * print the verdict, add its JSON. `ktsrun run` calls it per file and the
 * gauntlet per variant, so both print and judge alike. */
#ifndef KTS_HOST_CMD_RUN_ONE_H
#define KTS_HOST_CMD_RUN_ONE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "grammar/kts.h"
#include "host/cmd/run_monitor.h"
#include "host/cmd/vmopts.h"
#include "interp/interp.h"

struct json_object;
struct run_data;

struct run_one_opts {
	struct vm_opts vm; /* vm.spec with topo_given: the topology to use */
	bool topo_given, verbose;
	int emulation; /* -1 auto, 0 off, 1 on */
	double gap_ns, spread;
	const char *fault, *sched; /* sched: --scheduler, or NULL */
	bool check_topo;	   /* the guest's topology must be vm.spec's: else ERROR */
	FILE *out;		   /* where the verdict goes (stdout) */
	bool no_monitor;
	unsigned monitor_hz;
	struct run_monitor_layout *layout; /* loaded once per invocation, shared by every run */
	double dump_at;			   /* --dump-at: seconds after the start marker; < 0 none */
	double scx_watchdog_s;		   /* --scx-watchdog: written into the guest; 0 none */
	const struct kts_define *defs;	   /* the -D values, recorded in the JSON */
	int ndefs;
	int repro; /* auto-repro: 0 off (--no-repro), 1 errors and crashes, 2 also stalls */
	/* Not a VM: run the scenario some other way (ktsrun local, on this
	 * machine) under sched (NULL: the default scheduler), its records into
	 * d, the outcome into br as a boot's. NULL: boot a VM. */
	enum boot_outcome (*run)(void *arg, const char *sched, struct run_data *d, struct boot_result *br);
	void *run_arg;
	const char *where;	/* with run: the JSON's topology and accel, e.g. "host" */
	uint64_t run_mem_bytes; /* with run: the machine's memory, for topo.mem claims */
};

struct run_one_out {
	int verdict; /* enum verdict_outcome */
	double wall_s;
	char *failure;		  /* what a non-pass printed, the explanation (malloc'd), else NULL */
	struct json_object *json; /* the result object (also added to all, if given) */
};

void run_one_defaults(struct run_one_opts *o);

/* run_one_opts.c: the judging options run and the gauntlet share. Long-only
 * ones take values past any letter, so no command's own letters clash. */
enum {
	RUN_ONE_OPT_MONITOR_HZ = 0x1000,
	RUN_ONE_OPT_NO_MONITOR,
	RUN_ONE_OPT_DUMP_AT,
	RUN_ONE_OPT_SCX_WATCHDOG,
	RUN_ONE_OPT_NO_REPRO,
	RUN_ONE_OPT_REPRO_STALLS
};
#define RUN_ONE_LONG                                                                                   \
	{ "emulation", required_argument, NULL, 'E' }, { "max-gap", required_argument, NULL, 'G' },    \
		{ "spread", required_argument, NULL, 'S' }, { "fault", required_argument, NULL, 'F' }, \
		{ "verbose", no_argument, NULL, 'v' },                                                 \
		{ "monitor-hz", required_argument, NULL, RUN_ONE_OPT_MONITOR_HZ },                     \
		{ "no-monitor", no_argument, NULL, RUN_ONE_OPT_NO_MONITOR },                           \
		{ "scx-watchdog", required_argument, NULL, RUN_ONE_OPT_SCX_WATCHDOG },                 \
		{ "no-repro", no_argument, NULL, RUN_ONE_OPT_NO_REPRO },                               \
		{ "repro-stalls", no_argument, NULL, RUN_ONE_OPT_REPRO_STALLS },                       \
	{                                                                                              \
		"dump-at", required_argument, NULL, RUN_ONE_OPT_DUMP_AT                                \
	}
#define RUN_ONE_SHORT "v"
/* One getopt result: 1 taken, 0 not one of these, -1 bad value (said). */
int run_one_take(struct run_one_opts *o, int opt, const char *arg);
/* Options that contradict each other, once all are taken: 0, or -1 after
 * saying why. */
int run_one_check(const struct run_one_opts *o);
/* -D NAME=VALUE into k (defs holds max); 0, or -1 after saying why. arg
 * is split in place. */
int run_one_define(struct kts_opts *k, struct kts_define *defs, int max, char *arg);
/* Run p (bc, len: its bytecode) from file; all (a JSON array) or NULL.
 * out may be NULL. Returns the verdict. */
int run_one(const struct run_one_opts *o, const char *file, const struct bc_prog *p, const uint8_t *bc,
	    size_t len, struct json_object *all, struct run_one_out *out);

/* The guest's topology records (sent before the scenario starts) against
 * the declared t: 0, or -1 with the reason the variant is an ERROR. */
struct observed;
int run_one_topo_check(const struct topo *t, const struct observed *o, char *why, size_t len);
/* A file that could not be run (why: it does not compile, ...): the same
 * ERROR verdict, printed and in JSON. */
void run_one_error(const struct run_one_opts *o, const char *file, const char *why, struct json_object *all,
		   struct run_one_out *out);

#endif
