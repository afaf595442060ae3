/* Host to guest during one boot (doc/channel.md): requests as frames on
 * COM2, answered by the guest's PID 1 in REC_REPLY records, and bytes for
 * the guest's console on COM1.
 *
 *   struct boot_link *l = boot_link_new();
 *   o.link = l;                                  boot_opts
 *   boot_run(&o, fn, arg, &r);                   fn sees REC_REPLY like any record
 *     in fn, or in any other thread:
 *     long id = boot_link_request(l, REQ_DUMP, NULL);
 *     boot_link_console(l, "ls\n", 3);
 *   boot_link_free(l);
 *
 * Thread safety: boot_link_request, boot_link_console and boot_link_pending
 * may be called from boot_run's record callback or from any other thread
 * while boot_run runs: they only queue under the link's lock. The boot
 * thread alone writes the queues into the VM, on its next pump (within
 * 20 ms), and only once the guest has said HELLO: earlier bytes could be
 * echoed or dropped by the guest's tty before PID 1 owns it. The flush holds
 * the lock while the backend's write runs, so a backend must not call back
 * into the link. One link serves one boot. Every reply is
 * checked against the requests still open: a reply nobody asked for, out of
 * sequence or malformed counts as a corrupt channel (boot_result). */
#ifndef KTS_HOST_BOOT_BOOT_LINK_H
#define KTS_HOST_BOOT_BOOT_LINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lib/proto.h"
#include "vmm/vmm.h"

#define BOOT_LINK_QUEUE	  (64u << 10) /* bytes waiting per stream, at most */
#define BOOT_LINK_PENDING 32u	      /* requests open at once, at most */

struct boot_link;

struct boot_link *boot_link_new(void);
void boot_link_free(struct boot_link *l);
/* Queue one request (REQ_*); extra is more "key=value\n" lines or NULL (the
 * id is added). Returns the id (> 0), or -EINVAL (not a request type),
 * -EMSGSIZE (payload above PROTO_REQ_MAX_PAYLOAD), -EBUSY (too many open),
 * -ENOBUFS (queue full), -EPIPE (the boot is over). */
long boot_link_request(struct boot_link *l, unsigned type, const char *extra);
/* Queue bytes for the guest's console, all or none: 0, -ENOBUFS, -EPIPE. */
int boot_link_console(struct boot_link *l, const void *p, size_t n);
/* The user leaves the VM (the shell's Ctrl-]): the boot thread kills it at
 * its next pump, and the boot ends BOOT_OK with boot_result.left set. Safe
 * from any thread. */
void boot_link_leave(struct boot_link *l);
bool boot_link_left(struct boot_link *l);
/* Requests sent whose last reply chunk has not come yet. */
unsigned boot_link_pending(struct boot_link *l);

/* One REC_REPLY chunk, parsed (the text unescaped). */
struct boot_link_reply {
	unsigned long id, rx_bad; /* rx_bad: host bytes the guest had to drop so far */
	unsigned req;		  /* REQ_* */
	unsigned seq;
	bool ok, end;
	char text[PROTO_REPLY_CHUNK + 1];
	size_t len;
};

/* Parse an untrusted REC_REPLY payload: 0, or -1 with the reason in err. */
int boot_link_reply_parse(const uint8_t *p, size_t len, struct boot_link_reply *r, char *err, size_t errlen);

/* A whole answer, reassembled from its chunks by the caller. */
struct boot_link_answer {
	unsigned long id;
	unsigned req;
	bool ok, done;
	char *text; /* NUL-terminated, at most PROTO_REPLY_MAX */
	size_t len;
};

/* Add a chunk of a's answer (a->id 0 takes the first one seen). 1 when the
 * answer is complete, 0 while more is to come, -1 if the chunk does not
 * belong (other id, or out of memory). */
int boot_link_answer_add(struct boot_link_answer *a, const struct boot_link_reply *r);
void boot_link_answer_free(struct boot_link_answer *a);

/* For boot.c: the VM is up / HELLO came / write what is queued / check a
 * reply (0, or -1 with err) / the VM is gone. */
void boot_link_attach(struct boot_link *l, struct vmm *vm);
void boot_link_ready(struct boot_link *l);
void boot_link_flush(struct boot_link *l);
int boot_link_check_reply(struct boot_link *l, const uint8_t *p, size_t len, char *err, size_t errlen);
void boot_link_close(struct boot_link *l);

#endif
