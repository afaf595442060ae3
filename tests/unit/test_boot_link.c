/* The host's side of host-to-guest traffic (host/boot/boot_link.c) against a
 * fake backend whose write takes a few bytes at a time: nothing goes before
 * HELLO, frames arrive whole and in order, replies are checked against the
 * open requests, queues are bounded, a closed link refuses. */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>

#include "host/boot/boot_link.h"
#include "lib/frame.h"
#include "tests/unit/tu.h"

struct fake_vm {
	struct vmm vm;
	uint8_t got[2][1 << 16];
	size_t len[2];
	size_t per_write; /* bytes each write takes, at most */
};

static ssize_t fake_write(struct vmm *v, enum vmm_stream s, const void *buf, size_t len)
{
	struct fake_vm *f = (struct fake_vm *)v;
	size_t n = len < f->per_write ? len : f->per_write;

	if (n > sizeof(f->got[s]) - f->len[s])
		n = sizeof(f->got[s]) - f->len[s];
	memcpy(f->got[s] + f->len[s], buf, n);
	f->len[s] += n;
	return (ssize_t)n;
}

static const struct vmm_backend fake_ops = { .name = "fake", .write = fake_write };
static struct fake_vm FV;

struct frames {
	unsigned n;
	uint16_t type[64];
	char text[64][256];
};

static void take(void *arg, uint16_t type, const uint8_t *p, size_t len)
{
	struct frames *f = arg;

	if (f->n < 64) {
		f->type[f->n] = type;
		snprintf(f->text[f->n], sizeof(f->text[0]), "%.*s", (int)len, (const char *)p);
	}
	f->n++;
}

static struct boot_link *setup(size_t per_write)
{
	struct boot_link *l = boot_link_new();

	memset(&FV, 0, sizeof(FV));
	FV.vm.ops = &fake_ops;
	FV.per_write = per_write;
	boot_link_attach(l, &FV.vm);
	return l;
}

static void decode(struct frames *f)
{
	static struct frame_dec d;

	memset(f, 0, sizeof(*f));
	frame_dec_init(&d);
	frame_dec_feed(&d, FV.got[VMM_COM2], FV.len[VMM_COM2], take, f);
	TU_EQ_INT(frame_dec_pending(&d), 0);
	TU_EQ_INT(d.garbage_bytes + d.bad_crc, 0);
}

TU_TEST(boot_link_waits_for_hello_then_sends_whole_frames)
{
	struct boot_link *l = setup(7);
	struct frames f;

	TU_EQ_INT(boot_link_request(l, REQ_PING, "data=a1\n"), 1);
	TU_EQ_INT(boot_link_request(l, REQ_DUMP, NULL), 2);
	TU_EQ_INT(boot_link_console(l, "ls\n", 3), 0);
	boot_link_flush(l);
	TU_EQ_INT(FV.len[VMM_COM2] + FV.len[VMM_COM1], 0); /* no HELLO yet */
	boot_link_ready(l);
	for (int i = 0; i < 100; i++)
		boot_link_flush(l); /* 7 bytes per write: many rounds */
	decode(&f);
	TU_EQ_INT(f.n, 2);
	TU_EQ_INT(f.type[0], REQ_PING);
	TU_EQ_STR(f.text[0], "id=1\ndata=a1\n");
	TU_EQ_INT(f.type[1], REQ_DUMP);
	TU_EQ_STR(f.text[1], "id=2\n");
	TU_EQ_INT(FV.len[VMM_COM1], 3);
	TU_CHECK(!memcmp(FV.got[VMM_COM1], "ls\n", 3));
	TU_EQ_INT(boot_link_pending(l), 2);
	boot_link_free(l);
}

TU_TEST(boot_link_refuses_bad_requests_and_full_queues)
{
	static char big[PROTO_REQ_MAX_PAYLOAD + 1], fill[BOOT_LINK_QUEUE];
	struct boot_link *l = setup(1 << 20);
	long id;

	memset(big, 'a', sizeof(big) - 1);
	TU_EQ_INT(boot_link_request(l, REC_HELLO, NULL), -EINVAL);
	TU_EQ_INT(boot_link_request(l, REQ_END, NULL), -EINVAL);
	TU_EQ_INT(boot_link_request(l, REQ_PING, big), -EMSGSIZE);
	for (unsigned i = 0; i < BOOT_LINK_PENDING; i++)
		TU_CHECK(boot_link_request(l, REQ_PING, NULL) > 0);
	TU_EQ_INT(boot_link_request(l, REQ_PING, NULL), -EBUSY);
	TU_EQ_INT(boot_link_console(l, fill, sizeof(fill)), 0);
	TU_EQ_INT(boot_link_console(l, "x", 1), -ENOBUFS); /* all or none */
	boot_link_ready(l);
	boot_link_flush(l);
	TU_EQ_INT(FV.len[VMM_COM1], sizeof(fill));
	TU_EQ_INT(boot_link_console(l, "x", 1), 0);
	boot_link_close(l);
	TU_EQ_INT(boot_link_console(l, "x", 1), -EPIPE);
	id = boot_link_request(l, REQ_DUMP, NULL);
	TU_EQ_INT(id, -EPIPE);
	boot_link_free(l);
}

TU_TEST(boot_link_checks_replies_against_open_requests)
{
	struct boot_link *l = setup(1 << 20);
	char err[200];
	const char *r0 = "id=1\nreq=dump\nstatus=ok\nseq=0\nend=0\nrx_bad=0\ntext=a\\nb\n";
	const char *r1 = "id=1\nreq=dump\nstatus=ok\nseq=1\nend=1\nrx_bad=0\ntext=c\n";
	const char *bad[] = {
		"id=9\nreq=dump\nstatus=ok\nseq=0\nend=1\nrx_bad=0\ntext=\n",	 /* not asked */
		"id=1\nreq=ping\nstatus=ok\nseq=0\nend=1\nrx_bad=0\ntext=\n",	 /* wrong kind */
		"id=1\nreq=dump\nstatus=ok\nseq=1\nend=1\nrx_bad=0\ntext=\n",	 /* skips chunk 0 */
		"id=1\nreq=dump\nstatus=maybe\nseq=0\nend=1\nrx_bad=0\ntext=\n", /* status */
		"id=1\nreq=dump\nstatus=ok\nseq=0\nend=2\nrx_bad=0\ntext=\n",	 /* end is 0 or 1 */
		"id=1\nreq=dump\nstatus=ok\nseq=0\nend=1\nrx_bad=0\ntext=\\q\n", /* bad escape */
		"id=1\nreq=dump\nstatus=ok\nseq=0\nend=1\nrx_bad=0\n",		 /* no text */
		"id=0\nreq=dump\nstatus=ok\nseq=0\nend=1\nrx_bad=0\ntext=\n",	 /* id 0 */
		"id=1\nreq=nope\nstatus=ok\nseq=0\nend=1\nrx_bad=0\ntext=\n",	 /* req */
	};
	struct boot_link_reply r;
	struct boot_link_answer a = { 0 };

	TU_EQ_INT(boot_link_request(l, REQ_DUMP, NULL), 1);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		TU_EQ_INT(boot_link_check_reply(l, (const uint8_t *)bad[i], strlen(bad[i]), err, sizeof(err)),
			  -1);
		TU_CHECK(err[0] != '\0');
	}
	TU_EQ_INT(boot_link_pending(l), 1);
	TU_EQ_INT(boot_link_check_reply(l, (const uint8_t *)r0, strlen(r0), err, sizeof(err)), 0);
	TU_EQ_INT(boot_link_reply_parse((const uint8_t *)r0, strlen(r0), &r, err, sizeof(err)), 0);
	TU_EQ_INT(boot_link_answer_add(&a, &r), 0);
	TU_EQ_INT(boot_link_check_reply(l, (const uint8_t *)r1, strlen(r1), err, sizeof(err)), 0);
	TU_EQ_INT(boot_link_reply_parse((const uint8_t *)r1, strlen(r1), &r, err, sizeof(err)), 0);
	TU_EQ_INT(boot_link_answer_add(&a, &r), 1);
	TU_EQ_STR(a.text, "a\nbc");
	TU_CHECK(a.ok && a.done && a.req == REQ_DUMP && a.id == 1);
	TU_EQ_INT(boot_link_answer_add(&a, &r), -1); /* done: nothing more belongs */
	TU_EQ_INT(boot_link_pending(l), 0);
	/* answered: a second copy of the last chunk is a reply to nothing */
	TU_EQ_INT(boot_link_check_reply(l, (const uint8_t *)r1, strlen(r1), err, sizeof(err)), -1);
	boot_link_answer_free(&a);
	boot_link_free(l);
}

struct racer {
	struct boot_link *l;
	long ids[BOOT_LINK_PENDING / 2];
};

static void *race(void *arg)
{
	struct racer *r = arg;

	for (unsigned i = 0; i < BOOT_LINK_PENDING / 2; i++)
		r->ids[i] = boot_link_request(r->l, REQ_PING, "data=t\n");
	return NULL;
}

/* Two threads at once (as the monitor's thread and the record callback
 * would): every id distinct, every frame whole. */
TU_TEST(boot_link_requests_from_two_threads)
{
	struct boot_link *l = setup(5);
	struct racer a = { .l = l }, b = { .l = l };
	pthread_t ta, tb;
	struct frames f;
	int seen[BOOT_LINK_PENDING + 1] = { 0 };

	boot_link_ready(l);
	pthread_create(&ta, NULL, race, &a);
	pthread_create(&tb, NULL, race, &b);
	for (int i = 0; i < 300; i++)
		boot_link_flush(l);
	pthread_join(ta, NULL);
	pthread_join(tb, NULL);
	for (int i = 0; i < 300; i++)
		boot_link_flush(l);
	for (unsigned i = 0; i < BOOT_LINK_PENDING / 2; i++) {
		TU_CHECK(a.ids[i] >= 1 && a.ids[i] <= BOOT_LINK_PENDING);
		TU_CHECK(b.ids[i] >= 1 && b.ids[i] <= BOOT_LINK_PENDING);
		seen[a.ids[i] % (BOOT_LINK_PENDING + 1)]++;
		seen[b.ids[i] % (BOOT_LINK_PENDING + 1)]++;
	}
	for (unsigned i = 1; i <= BOOT_LINK_PENDING; i++)
		TU_EQ_INT(seen[i], 1);
	decode(&f);
	TU_EQ_INT(f.n, BOOT_LINK_PENDING);
	boot_link_free(l);
}

/* The user's leaving is a flag the boot thread reads; the link still
 * takes console bytes until the boot closes it. */
TU_TEST(boot_link_leave_is_seen_once_set)
{
	struct boot_link *l = boot_link_new();

	TU_CHECK(!boot_link_left(l));
	boot_link_leave(l);
	TU_CHECK(boot_link_left(l));
	TU_EQ_INT(boot_link_console(l, "x", 1), 0);
	boot_link_close(l);
	TU_CHECK(boot_link_left(l));
	TU_EQ_INT(boot_link_console(l, "x", 1), -EPIPE);
	boot_link_free(l);
}
