/* The scheduler records from the guest (lib/proto.h), checked as untrusted
 * input:
 *
 *   REC_SCHED      event=started path=P
 *                  event=enabled ops=O load_ms=N
 *                  event=result kind=pass|load|exit|error|stall|other why=... ops reason msg
 *                               task exit_code exit_signal killed load_ms enabled_ms
 *   REC_SCHED_LOG  src=stdout|stderr|verifier|dump|kmsg|probe seq=N end=0|1 text=<escaped>
 *
 * Log chunks of one src must come in order from seq 0; the text is capped
 * at SCHED_REC_LOG_MAX per src (the rest is counted, not kept). */
#ifndef KTS_HOST_SCHED_SCHED_REC_H
#define KTS_HOST_SCHED_SCHED_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SCHED_REC_LOG_MAX (256 * 1024)

enum sched_rec_src { SR_STDOUT, SR_STDERR, SR_VERIFIER, SR_DUMP, SR_KMSG, SR_PROBE, SR_NSRC };

struct sched_rec_log {
	char *text; /* NUL-terminated; NULL until a chunk came */
	size_t len, dropped;
	unsigned next_seq;
	bool done;
};

struct sched_rec {
	bool started, enabled, result;
	char path[256], ops[64];
	long load_ms;
	int kind; /* enum scx_kind */
	char why[512], reason[64], msg[256], task[64];
	long exit_code, exit_signal, killed, enabled_ms;
	struct sched_rec_log log[SR_NSRC];
};

const char *sched_rec_src_name(int src);
/* One record of type REC_SCHED or REC_SCHED_LOG. 0, or -1 with err. */
int sched_rec_take(struct sched_rec *s, unsigned type, const uint8_t *p, size_t len, char *err,
		   size_t errlen);
void sched_rec_free(struct sched_rec *s);

#endif
