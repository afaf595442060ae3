/* The --dump-at timer and its answer (host/boot/boot_dump.h). */
#include "host/boot/boot_dump.h"

#include <errno.h>
#include <string.h>

static double ts_diff(const struct timespec *a, const struct timespec *b)
{
	return (double)(a->tv_sec - b->tv_sec) + (double)(a->tv_nsec - b->tv_nsec) / 1e9;
}

/* Under d->lock: the request, once. From the asking thread, not the boot's:
 * boot_link only queues under its lock. */
static void send(struct boot_dump *d)
{
	if (d->id || d->over)
		return;
	clock_gettime(CLOCK_MONOTONIC, &d->asked);
	d->id = boot_link_request(d->link, REQ_DUMP, NULL);
}

static void *timer(void *arg)
{
	struct boot_dump *d = arg;
	struct timespec at;
	int rc = 0;

	pthread_mutex_lock(&d->lock);
	while (!d->armed.tv_sec && !d->over)
		pthread_cond_wait(&d->cond, &d->lock);
	at = d->armed;
	at.tv_sec += (time_t)d->at_s;
	at.tv_nsec += (long)((d->at_s - (double)(time_t)d->at_s) * 1e9);
	if (at.tv_nsec >= 1000000000L)
		at.tv_sec++, at.tv_nsec -= 1000000000L;
	while (!d->over && rc != ETIMEDOUT)
		rc = pthread_cond_timedwait(&d->cond, &d->lock, &at);
	send(d);
	pthread_mutex_unlock(&d->lock);
	return NULL;
}

int boot_dump_start(struct boot_dump *d, struct boot_link *link, double at_s, const char *moment)
{
	pthread_condattr_t ca;

	memset(d, 0, sizeof(*d));
	d->link = link;
	d->at_s = at_s;
	d->moment = moment;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_mutex_init(&d->lock, NULL);
	pthread_cond_init(&d->cond, &ca);
	pthread_condattr_destroy(&ca);
	d->timer = at_s >= 0;
	if (d->timer && pthread_create(&d->thread, NULL, timer, d)) {
		pthread_cond_destroy(&d->cond);
		pthread_mutex_destroy(&d->lock);
		d->link = NULL;
		return -1;
	}
	return 0;
}

void boot_dump_arm(struct boot_dump *d)
{
	pthread_mutex_lock(&d->lock);
	if (!d->armed.tv_sec) {
		clock_gettime(CLOCK_MONOTONIC, &d->armed);
		pthread_cond_signal(&d->cond);
	}
	pthread_mutex_unlock(&d->lock);
}

void boot_dump_ask(struct boot_dump *d)
{
	if (!d->link)
		return;
	pthread_mutex_lock(&d->lock);
	send(d);
	pthread_mutex_unlock(&d->lock);
}

int boot_dump_take(struct boot_dump *d, const uint8_t *p, size_t len, char *err, size_t errlen)
{
	struct boot_link_reply r;
	int rc = 0;

	if (boot_link_reply_parse(p, len, &r, err, errlen))
		return -1;
	pthread_mutex_lock(&d->lock);
	if (r.id == (unsigned long)d->id && boot_link_answer_add(&d->answer, &r) < 0) {
		snprintf(err, errlen, "dump reply: a chunk that does not belong, or out of memory");
		rc = -1;
	}
	pthread_mutex_unlock(&d->lock);
	return rc;
}

void boot_dump_stop(struct boot_dump *d)
{
	if (!d->link)
		return;
	pthread_mutex_lock(&d->lock);
	d->over = true;
	pthread_cond_signal(&d->cond);
	pthread_mutex_unlock(&d->lock);
	if (d->timer)
		pthread_join(d->thread, NULL);
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
	d->link = NULL;
}

int boot_dump_print(const struct boot_dump *d, FILE *out)
{
	return boot_dump_print_as(d, out, "");
}

/* "asked 1.20 s after the start marker" into b. */
static const char *when(const struct boot_dump *d, char *b, size_t len)
{
	double s = ts_diff(&d->asked, &d->armed);

	if (!d->armed.tv_sec)
		snprintf(b, len, "asked before %s", d->moment);
	else
		snprintf(b, len, "asked %.2f s %s %s", s < 0 ? -s : s, s < 0 ? "before" : "after", d->moment);
	return b;
}

int boot_dump_print_as(const struct boot_dump *d, FILE *out, const char *pre)
{
	const struct boot_link_answer *a = &d->answer;
	unsigned lines = 0;
	char w[160];

	if (!d->id && d->armed.tv_sec && d->timer) {
		fprintf(out, "%sdump: not asked: the VM ended within %g s of %s\n", pre, d->at_s, d->moment);
		return 1;
	}
	if (!d->id) {
		if (d->timer)
			fprintf(out, "%sdump: not asked: %s never came\n", pre, d->moment);
		else
			fprintf(out, "%sdump: not asked: the boot had ended\n", pre);
		return 1;
	}
	if (d->id < 0) {
		fprintf(out, "%sdump: the request could not be sent: %s\n", pre, strerror((int)-d->id));
		return 1;
	}
	if (!a->done) {
		fprintf(out, "%sdump: %s, none came before the VM ended\n", pre, when(d, w, sizeof(w)));
		return 1;
	}
	if (!a->ok) {
		fprintf(out, "%sdump: %s, the guest could not take it: %s\n", pre, when(d, w, sizeof(w)),
			a->text);
		return 1;
	}
	for (size_t i = 0; i < a->len; i++)
		lines += a->text[i] == '\n';
	fprintf(out, "%sdump: %s (SysRq-D), %u lines:\n", pre, when(d, w, sizeof(w)), lines);
	for (const char *p = a->text; *p;) {
		size_t n = strcspn(p, "\n");

		fprintf(out, "%s  | %.*s\n", pre, (int)n, p);
		p += n + (p[n] == '\n');
	}
	return 0;
}

void boot_dump_free(struct boot_dump *d)
{
	boot_dump_stop(d);
	boot_link_answer_free(&d->answer);
}
