/* Host to guest during one boot: the queues, the open requests, the flush
 * (host/boot/boot_link.h). */
#include "host/boot/boot_link.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/frame.h"

struct link_queue {
	uint8_t buf[BOOT_LINK_QUEUE];
	size_t len; /* bytes from buf[0] not yet taken by the VM */
};

struct link_open {
	unsigned long id;
	unsigned req, next_seq;
};

struct boot_link {
	pthread_mutex_t lock;
	struct vmm *vm; /* the boot thread's; NULL before attach and after close */
	bool ready, closed, leave;
	unsigned long next_id;
	struct link_queue q[2]; /* VMM_COM1, VMM_COM2 */
	struct link_open open[BOOT_LINK_PENDING];
	unsigned nopen;
};

struct boot_link *boot_link_new(void)
{
	struct boot_link *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	pthread_mutex_init(&l->lock, NULL);
	return l;
}

void boot_link_free(struct boot_link *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

/* Append all of p or nothing; called with the lock. */
static int enqueue(struct boot_link *l, enum vmm_stream s, const void *p, size_t n)
{
	struct link_queue *q = &l->q[s];

	if (l->closed)
		return -EPIPE;
	if (n > sizeof(q->buf) - q->len)
		return -ENOBUFS;
	memcpy(q->buf + q->len, p, n);
	q->len += n;
	return 0;
}

long boot_link_request(struct boot_link *l, unsigned type, const char *extra)
{
	static const size_t max = PROTO_REQ_MAX_PAYLOAD;
	char payload[PROTO_REQ_MAX_PAYLOAD + 1];
	uint8_t frame[FRAME_HDR_LEN + PROTO_REQ_MAX_PAYLOAD + FRAME_CRC_LEN];
	unsigned long id;
	int n, rc;

	if (type < PROTO_REQ_MIN || type >= REQ_END)
		return -EINVAL;
	pthread_mutex_lock(&l->lock);
	id = l->next_id % PROTO_REQ_MAX_ID + 1;
	n = snprintf(payload, sizeof(payload), "id=%lu\n%s", id, extra ? extra : "");
	if (n < 0 || (size_t)n > max)
		rc = -EMSGSIZE;
	else if (l->closed)
		rc = -EPIPE;
	else if (l->nopen == BOOT_LINK_PENDING)
		rc = -EBUSY;
	else
		rc = enqueue(l, VMM_COM2, frame, frame_encode(frame, (uint16_t)type, payload, (size_t)n));
	if (!rc) {
		l->next_id = id;
		l->open[l->nopen++] = (struct link_open){ .id = id, .req = type };
	}
	pthread_mutex_unlock(&l->lock);
	return rc ? rc : (long)id;
}

int boot_link_console(struct boot_link *l, const void *p, size_t n)
{
	int rc;

	pthread_mutex_lock(&l->lock);
	rc = enqueue(l, VMM_COM1, p, n);
	pthread_mutex_unlock(&l->lock);
	return rc;
}

unsigned boot_link_pending(struct boot_link *l)
{
	unsigned n;

	pthread_mutex_lock(&l->lock);
	n = l->nopen;
	pthread_mutex_unlock(&l->lock);
	return n;
}

void boot_link_attach(struct boot_link *l, struct vmm *vm)
{
	pthread_mutex_lock(&l->lock);
	l->vm = vm;
	pthread_mutex_unlock(&l->lock);
}

void boot_link_ready(struct boot_link *l)
{
	pthread_mutex_lock(&l->lock);
	l->ready = true;
	pthread_mutex_unlock(&l->lock);
}

/* The backend's write is non-blocking, so holding the lock is short. */
void boot_link_flush(struct boot_link *l)
{
	pthread_mutex_lock(&l->lock);
	for (int s = 0; l->vm && l->ready && s < 2; s++) {
		struct link_queue *q = &l->q[s];
		ssize_t w = q->len ? l->vm->ops->write(l->vm, (enum vmm_stream)s, q->buf, q->len) : 0;

		if (w < 0) {
			q->len = 0; /* the VM is gone: nobody will read it */
			continue;
		}
		memmove(q->buf, q->buf + w, q->len - (size_t)w);
		q->len -= (size_t)w;
	}
	pthread_mutex_unlock(&l->lock);
}

int boot_link_check_reply(struct boot_link *l, const uint8_t *p, size_t len, char *err, size_t errlen)
{
	struct boot_link_reply r;
	unsigned i;
	int rc = -1;

	if (boot_link_reply_parse(p, len, &r, err, errlen))
		return -1;
	pthread_mutex_lock(&l->lock);
	for (i = 0; i < l->nopen && l->open[i].id != r.id; i++)
		;
	if (i == l->nopen)
		snprintf(err, errlen, "reply to request %lu, which is not open", r.id);
	else if (l->open[i].req != r.req)
		snprintf(err, errlen, "reply to request %lu names %s, the request was %s", r.id,
			 proto_req_name(r.req), proto_req_name(l->open[i].req));
	else if (l->open[i].next_seq != r.seq)
		snprintf(err, errlen, "reply to request %lu: chunk %u where %u was due", r.id, r.seq,
			 l->open[i].next_seq);
	else
		rc = 0;
	if (!rc && r.end)
		l->open[i] = l->open[--l->nopen];
	else if (!rc)
		l->open[i].next_seq++;
	pthread_mutex_unlock(&l->lock);
	return rc;
}

void boot_link_close(struct boot_link *l)
{
	pthread_mutex_lock(&l->lock);
	l->vm = NULL;
	l->closed = true;
	l->q[0].len = l->q[1].len = 0;
	pthread_mutex_unlock(&l->lock);
}

void boot_link_leave(struct boot_link *l)
{
	pthread_mutex_lock(&l->lock);
	l->leave = true;
	pthread_mutex_unlock(&l->lock);
}

bool boot_link_left(struct boot_link *l)
{
	bool left;

	pthread_mutex_lock(&l->lock);
	left = l->leave;
	pthread_mutex_unlock(&l->lock);
	return left;
}
