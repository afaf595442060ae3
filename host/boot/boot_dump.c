/* The --dump-at timer and its answer (host/boot/boot_dump.h). */
#include "host/boot/boot_dump.h"

#include <errno.h>
#include <string.h>

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
	if (!d->over) {
		struct timespec now;

		clock_gettime(CLOCK_MONOTONIC, &now);
		d->asked_s = (double)(now.tv_sec - d->armed.tv_sec) +
			     (double)(now.tv_nsec - d->armed.tv_nsec) / 1e9;
		/* from this thread, not the boot's: boot_link only queues under its lock */
		d->id = boot_link_request(d->link, REQ_DUMP, NULL);
	}
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
	if (pthread_create(&d->thread, NULL, timer, d)) {
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
	pthread_join(d->thread, NULL);
	pthread_cond_destroy(&d->cond);
	pthread_mutex_destroy(&d->lock);
	d->link = NULL;
}

int boot_dump_print(const struct boot_dump *d, FILE *out)
{
	const struct boot_link_answer *a = &d->answer;
	unsigned lines = 0;

	if (!d->id && d->armed.tv_sec) {
		fprintf(out, "dump: not asked: the VM ended within %g s of %s\n", d->at_s, d->moment);
		return 1;
	}
	if (!d->id) {
		fprintf(out, "dump: not asked: %s never came\n", d->moment);
		return 1;
	}
	if (d->id < 0) {
		fprintf(out, "dump: the request could not be sent: %s\n", strerror((int)-d->id));
		return 1;
	}
	if (!a->done) {
		fprintf(out, "dump: asked %.2f s after %s, no answer before the VM ended\n", d->asked_s,
			d->moment);
		return 1;
	}
	if (!a->ok) {
		fprintf(out, "dump: asked %.2f s after %s, the guest could not take it: %s\n", d->asked_s,
			d->moment, a->text);
		return 1;
	}
	for (size_t i = 0; i < a->len; i++)
		lines += a->text[i] == '\n';
	fprintf(out, "dump: asked %.2f s after %s (SysRq-D), %u lines:\n", d->asked_s, d->moment, lines);
	for (const char *p = a->text; *p;) {
		size_t n = strcspn(p, "\n");

		fprintf(out, "  | %.*s\n", (int)n, p);
		p += n + (p[n] == '\n');
	}
	return 0;
}

void boot_dump_free(struct boot_dump *d)
{
	boot_dump_stop(d);
	boot_link_answer_free(&d->answer);
}
