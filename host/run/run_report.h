/* Output of `ktsrun run`: the short verdict, the explanation of a failure
 * (items, per-cgroup table, step timeline, console tail) and the JSON
 * result file. */
#ifndef KTS_HOST_RUN_RUN_REPORT_H
#define KTS_HOST_RUN_RUN_REPORT_H

#include <stdio.h>

#include "grammar/kts.h"
#include "host/boot/boot.h"
#include "host/run/verdict.h"

/* The result file's "schema_version": bump it when a field changes meaning
 * or goes; new fields alone keep it (readers ignore what they do not know). */
#define RUN_JSON_SCHEMA 1

struct run_result {
	const char *file;
	struct interp_meta meta;
	const struct bc_prog *prog; /* NULL if it did not compile */
	const struct run_data *data, *base;
	const struct boot_result *boot;
	struct verdict v;
	const char *topo, *accel;
	char kernel[160];	       /* the kernel's cache key, else its release, or "" */
	const struct kts_define *defs; /* -D NAME=VALUE given, which the name leaves out */
	int ndefs;
	const char *sched; /* NAME[:ARGS], or NULL: the default scheduler */
	char kargs[300];   /* kernel arguments the scheduler needed, or "" */
	double wall_s;
	const struct sched_repro *repro; /* the auto-repro of a failed scheduler, or NULL */
};

void run_print(FILE *out, const struct run_result *r, bool verbose);
/* What run_print explains for a run that did not pass (malloc'd), else NULL. */
char *run_print_failure(const struct run_result *r);
/* run_print_mon.c: the monitor's section of an explanation. */
void run_print_mon(FILE *out, const struct run_result *r);
/* The result of every scenario; 0 or -1 with the reason said. */
struct json_object;
struct json_object *run_json_result(const struct run_result *r);
/* run_json_mon.c: the "monitor" member (null: the monitor was off). */
struct json_object *run_json_mon(const struct run_result *r);
/* The host time the samples' t_ms count from: the start marker's, else the
 * monitor's attach. */
uint64_t run_json_mon_t0(const struct run_data *d);
/* run_json_view.c: steps, CPU topology, workers, windows, the monitor's
 * moments, the failure output and the baseline, for the HTML report. */
void run_json_view(struct json_object *o, const struct run_result *r);
struct json_object *run_json_cgroups(const struct bc_prog *p, const struct run_data *d);
/* Write a JSON document atomically (fs_write_atomic): 0, or -1 after one
 * line naming the path and, on a full disk, the space it needs. */
/* run_json_payload.c: the "payloads" member of this run (base false) or
 * of its baseline run. */
struct json_object *run_json_payload(const struct run_result *r, bool base);
int run_json_write(const char *path, struct json_object *all);

#endif
