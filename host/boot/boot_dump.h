/* A sched_ext debug dump asked of the guest at a set time (doc/channel.md):
 * a timer thread waits until at_s after the moment the caller arms it (the
 * scheduler enabled, a run's start marker), then sends REQ_DUMP through the
 * boot's link; the caller's record callback hands it every REC_REPLY.
 * With at_s < 0 there is no timer: boot_dump_ask sends it, from any thread
 * (the monitor's, on its first sustained violation).
 *
 *   boot_dump_start(&d, link, 2.0, "the start marker");   before boot_run
 *     in the record callback: boot_dump_arm(&d) at the moment, and
 *     boot_dump_take(&d, p, len, ...) for REC_REPLY
 *   boot_dump_stop(&d);                  after boot_run: the timer gives up
 *   boot_dump_print(&d, stdout);         what came, or why nothing did
 *   boot_dump_free(&d);
 */
#ifndef KTS_HOST_BOOT_BOOT_DUMP_H
#define KTS_HOST_BOOT_BOOT_DUMP_H

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <time.h>

#include "host/boot/boot_link.h"

struct boot_dump {
	struct boot_link *link;
	double at_s;
	const char *moment; /* what arming means, for messages: "the sched_ext enable" */
	pthread_t thread;
	pthread_mutex_t lock; /* guards everything below */
	pthread_cond_t cond;
	struct timespec armed; /* CLOCK_MONOTONIC; tv_sec 0 until armed */
	bool over;	       /* the boot ended: the timer gives up */
	bool timer;	       /* a thread waits for at_s */
	long id;	       /* of the request; 0 not sent, < 0 -errno */
	struct timespec asked; /* CLOCK_MONOTONIC, when the request was sent */
	struct boot_link_answer answer;
};

/* 0, or -1 (no thread). moment names what boot_dump_arm will mark. */
int boot_dump_start(struct boot_dump *d, struct boot_link *link, double at_s, const char *moment);
void boot_dump_arm(struct boot_dump *d);
/* Send the request now, once (later calls do nothing); any thread. */
void boot_dump_ask(struct boot_dump *d);
/* A REC_REPLY: kept if it answers our request. 0, or -1 with err when it
 * is malformed or a chunk does not belong. */
int boot_dump_take(struct boot_dump *d, const uint8_t *p, size_t len, char *err, size_t errlen);
void boot_dump_stop(struct boot_dump *d);
/* "dump: asked S s after MOMENT (SysRq-D), N lines:" and the lines, or why
 * there is none; 0 when the dump came, 1 if not. */
int boot_dump_print(const struct boot_dump *d, FILE *out);
/* The same, each line after prefix ("  monitor: "). */
int boot_dump_print_as(const struct boot_dump *d, FILE *out, const char *prefix);
void boot_dump_free(struct boot_dump *d);

#endif
