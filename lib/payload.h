/* What the project knows about benchmark payloads (work exec): the tools it
 * extracts metrics from, the Debian package of each, and every metric with
 * its unit and how a cgroup's workers combine. The compiler checks claim
 * names and units against this table; the host's extractors fill it
 * (host/payload/payload_metric.c); doc/payloads.md lists it. */
#ifndef KTS_PAYLOAD_H
#define KTS_PAYLOAD_H

#include <stddef.h>

/* The guest's search path for a program named without a '/': the host
 * resolves it on the same list, and the binary goes to the same place. */
#define PAYLOAD_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* A payload's status word (REC_PAYLOAD status=): PAYLOAD_ENDED once the
 * program ended, PAYLOAD_STOPPED when the run's end stopped it, the low 16
 * bits its wait status. */
#define PAYLOAD_ENDED	(1ull << 32)
#define PAYLOAD_STOPPED (1ull << 33)

/* What `ktsrun worktest` runs as work exec (coreutils: on every Debian). */
#define WORKTEST_EXEC_PROG "true"

enum payload_agg {
	PAYLOAD_MAX,  /* the largest over a cgroup's workers (latencies, times) */
	PAYLOAD_SUM,  /* added up (operations, events) */
	PAYLOAD_MEAN, /* the mean over workers (averages) */
	PAYLOAD_MIN,  /* the smallest (rt-app's slack) */
};

struct payload_tool {
	const char *prog;    /* program name (argv[0]'s last component) */
	const char *prefix;  /* metric name prefix: "hb" in hb.time */
	const char *package; /* the Debian 12 package that has it */
	/* a library it loads with dlopen, which the ELF walk cannot see, or
	 * NULL: rt-app's pthread_exit needs libgcc_s.so.1 (without it rt-app
	 * aborts as its threads end, seen in the guest) */
	const char *dlopens;
};

struct payload_metric {
	const char *name; /* "hb.time" */
	char unit;	  /* 'd' duration (ns), 'n' plain number */
	enum payload_agg agg;
	const char *help; /* where it comes from in the tool's output */
};

const struct payload_tool *payload_tools(size_t *n);
/* The tool of a program path or name, by its last component; NULL if none. */
const struct payload_tool *payload_tool_of(const char *prog);
const struct payload_metric *payload_metrics(size_t *n);
const struct payload_metric *payload_metric_find(const char *name);
const char *payload_agg_name(enum payload_agg a);

#endif
