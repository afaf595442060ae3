/* An rt-app description (its JSON) as a scenario carries it: checked with
 * json-c when the scenario compiles, then pinned where ktsrun needs it
 * (calibration, log place and size), and read back on the host for the
 * tasks and phases its logs belong to. doc/payloads.md. */
#ifndef KTS_GRAMMAR_RTAPP_JSON_H
#define KTS_GRAMMAR_RTAPP_JSON_H

#include <stddef.h>

/* ns per loop of rt-app's run event, measured in the guest under TCG with
 * "calibration": "CPU0" (218 to 244 ns on 2 idle vCPUs here; doc/payloads.md) */
#define RTAPP_CALIBRATION_NS 220
/* MB of log buffer per thread (rt-app keeps rows in it, written at exit):
 * 2 MB holds about 20000 periods */
#define RTAPP_LOG_MB	     2
#define RTAPP_LOG_BASENAME   "rt-app"
#define RTAPP_PROG	     "rt-app"
#define RTAPP_JSON_FILE	     "taskset.json" /* in the payload's directory, its logdir */

#define RTAPP_MAX_TASKS	 32
#define RTAPP_MAX_PHASES 32

/* Check text and pin it: 0 with *out (malloc'd JSON), or -1 with err (what to
 * fix) and *where (the byte offset in text it is about, or (size_t)-1). */
int rtapp_json_pin(const char *text, size_t len, char **out, size_t *where, char *err, size_t errlen);

struct rtapp_task {
	char name[64];
	unsigned instance; /* threads made from it */
	unsigned nphase;
	long loop;			   /* rounds of all its phases; -1: until the end */
	long phase_loop[RTAPP_MAX_PHASES]; /* periods (rows) of each phase per round */
	char phase[RTAPP_MAX_PHASES][64];
};

struct rtapp_desc {
	char basename[64];
	unsigned ntask;
	struct rtapp_task task[RTAPP_MAX_TASKS];
};

/* The tasks and phases of a pinned description; 0 or -1 with err. */
int rtapp_json_desc(const char *json, struct rtapp_desc *d, char *err, size_t errlen);
/* The task and thread index of a log file name (BASENAME-TASK-IND.log):
 * the task, or NULL if the name is none of d's. */
const struct rtapp_task *rtapp_json_task_of(const struct rtapp_desc *d, const char *file, unsigned *ind);

#endif
