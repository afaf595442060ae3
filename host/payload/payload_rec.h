/* The payload outputs a run sent (REC_PAYLOAD chunks, lib/proto.h),
 * reassembled per worker and checked as untrusted input: names bounded,
 * chunks in order, the text at most PROTO_PAYLOAD_TAIL bytes. */
#ifndef KTS_HOST_PAYLOAD_PAYLOAD_REC_H
#define KTS_HOST_PAYLOAD_PAYLOAD_REC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PAYLOAD_REC_MAX 256 /* payload workers of one run */

/* A file the payload left in its directory (rt-app's logs). */
struct payload_file {
	char name[200];
	char *text; /* its last PROTO_PAYLOAD_FILE_MAX bytes, NUL-terminated */
	size_t len;
	uint64_t size; /* its whole size in the guest */
	unsigned next_seq;
	bool done;
};

struct payload_out {
	unsigned id;  /* worker id */
	char cg[256]; /* its cgroup, as the guest names it ("outer/inner") */
	char prog[256];
	uint64_t status; /* work/work_exec.h's word */
	uint64_t size;	 /* bytes the program wrote in all */
	char *text;	 /* its last PROTO_PAYLOAD_TAIL bytes, NUL-terminated */
	size_t len;
	unsigned next_seq;
	bool done;
	struct payload_file *file;
	unsigned nfile;
};

struct payload_rec {
	struct payload_out *v;
	unsigned n;
};

int payload_rec_take(struct payload_rec *r, const uint8_t *p, size_t len, char *err, size_t errlen);
/* A REC_PAYLOAD_FILE chunk: after its payload's output has begun. */
int payload_rec_take_file(struct payload_rec *r, const uint8_t *p, size_t len, char *err, size_t errlen);
void payload_rec_free(struct payload_rec *r);

/* How the program ended, in words ("exited 0", "killed by signal 11
 * (Segmentation fault)", "stopped by the run's end", "never ended"), and
 * whether that is a failure. */
bool payload_rec_failed(const struct payload_out *o, char *buf, size_t len);
/* The last n lines of the output, for messages. */
const char *payload_rec_tail(const struct payload_out *o, unsigned lines);

#endif
