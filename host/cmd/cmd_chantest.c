/* ktsrun chantest: the host-to-guest channel end to end (doc/channel.md).
 * Boots the guest in ktsrun.mode=chantest (guest/chantest.c), sends pings
 * one after another from the record callback, each when the last is
 * answered, then types a line on the guest's console and checks that the
 * guest read it back. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/boot/boot.h"
#include "host/boot/boot_link.h"
#include "host/cmd/cmd.h"
#include "host/cmd/vmopts.h"
#include "host/topo/observe.h"
#include "host/util/log.h"
#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"

#define CHANTEST_USAGE                                                                              \
	"usage: ktsrun chantest [--pings N] [--line TEXT] [--topo SPEC] [--kernel K] [--accel A]\n" \
	"                       [--mem MIB] [--timeout SEC] [--console]\n"                          \
	"Boot the guest, send it N pings over the channel (COM2) one after another and\n"           \
	"check every answer, then type TEXT on the guest's console (COM1) and check that\n"         \
	"the guest read it back. Prints each round trip. Exit 0 if all came back, 1 if\n"           \
	"not, 2 if the VM could not run. Defaults: --pings 5, --topo tiny, --timeout 120.\n"        \
	"  --pings N       1..32 requests\n"                                                        \
	"  --line TEXT     printable ASCII, at most 200 characters\n" VMOPTS_USAGE

#define MAX_PINGS 32u
#define MAX_LINE  200u

struct ct_args {
	struct vm_opts vm;
	unsigned pings;
	const char *line;
};

struct ct {
	struct observed obs;
	struct boot_link *link;
	const struct ct_args *a;
	unsigned sent, answered, wrong;
	long id;
	char data[64];
	struct timespec t_sent;
	double rtt_ms[MAX_PINGS];
	bool line_sent, line_back;
	char line[PROTO_CONSOLE_LINE + 1];
	unsigned bad;
	char first_bad[256];
};

static void note_bad(struct ct *c, const char *err)
{
	if (!c->bad++)
		snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
}

static double ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t0->tv_sec) * 1e3 + (double)(now.tv_nsec - t0->tv_nsec) / 1e6;
}

/* The next ping, or the console line once every ping is answered. */
static void send_next(struct ct *c)
{
	char extra[96];
	int rc;

	if (c->sent == c->a->pings) {
		char typed[MAX_LINE + 2];
		int n = snprintf(typed, sizeof(typed), "%s\n", c->a->line);

		if ((rc = boot_link_console(c->link, typed, (size_t)n)))
			log_err("the console line could not be queued: %s", strerror(-rc));
		c->line_sent = !rc;
		return;
	}
	/* data the guest cannot guess: a reply must come from this request */
	snprintf(c->data, sizeof(c->data), "p%u-%d-%ld", c->sent + 1, (int)getpid(), (long)random());
	snprintf(extra, sizeof(extra), "data=%s\n", c->data);
	clock_gettime(CLOCK_MONOTONIC, &c->t_sent);
	c->id = boot_link_request(c->link, REQ_PING, extra);
	if (c->id < 0)
		log_err("ping %u could not be queued: %s", c->sent + 1, strerror((int)-c->id));
	else
		c->sent++;
}

static void take_reply(struct ct *c, const uint8_t *p, size_t len)
{
	struct boot_link_reply r;
	char err[200];

	if (boot_link_reply_parse(p, len, &r, err, sizeof(err)))
		return note_bad(c, err);
	if (r.id != (unsigned long)c->id || r.req != REQ_PING)
		return; /* boot.c has counted it already if nobody asked */
	if (!r.ok || !r.end || strcmp(r.text, c->data)) {
		c->wrong++;
		log_err("ping %u: the guest answered %s '%s', expected ok '%s'", c->sent,
			r.ok ? "ok" : "error", r.text, c->data);
	}
	c->rtt_ms[c->answered++] = ms_since(&c->t_sent);
	send_next(c);
}

static void take_console(struct ct *c, const uint8_t *p, size_t len)
{
	static struct kv kv;
	const char *why, *text;
	size_t n;

	if (kv_parse(&kv, p, len, &why) || !(text = kv_get(&kv, "text")) ||
	    esc_decode(text, c->line, sizeof(c->line), &n) || strlen(c->line) != n)
		return note_bad(c, "console record: text missing or badly escaped");
	c->line_back = true;
}

static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct ct *c = arg;
	char err[256];

	if (observe_record(&c->obs, type, p, len, err, sizeof(err)))
		note_bad(c, err);
	if (type == REC_HELLO)
		send_next(c); /* the guest owns its ttys now */
	else if (type == REC_REPLY)
		take_reply(c, p, len);
	else if (type == REC_CONSOLE)
		take_console(c, p, len);
}

static int line_ok(const char *s)
{
	if (!*s || strlen(s) > MAX_LINE)
		return 0;
	for (; *s; s++)
		if (*s < 0x20 || *s > 0x7e)
			return 0;
	return 1;
}

static int parse_args(int argc, char **argv, struct ct_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "help", no_argument, NULL, 'h' },
		{ "pings", required_argument, NULL, 'p' },
		{ "line", required_argument, NULL, 'L' },
		{ 0 },
	};
	int o, took;

	vmopts_init(&a->vm, "tiny", 120);
	a->pings = 5;
	a->line = "hello from the host";
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT "hp:L:", opts, NULL)) != -1) {
		took = vmopts_take(&a->vm, o, optarg);
		if (took < 0)
			return -1;
		if (took)
			continue;
		switch (o) {
		case 'p':
			if (vmopts_uint_arg("--pings", optarg, 1, MAX_PINGS, &a->pings))
				return -1;
			break;
		case 'L': a->line = optarg; break;
		case 'h': fputs(CHANTEST_USAGE, stdout); return 1;
		default: fputs(CHANTEST_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; see 'ktsrun chantest --help'", argv[optind]);
		return -1;
	}
	if (!line_ok(a->line)) {
		log_err("--line: give 1..%u printable ASCII characters (no tabs or newlines)", MAX_LINE);
		return -1;
	}
	return 0;
}

static int cmp_double(const void *x, const void *y)
{
	double a = *(const double *)x, b = *(const double *)y;

	return (a > b) - (a < b);
}

static int report(struct ct *c, struct boot_result *r)
{
	bool ok;
	int rc;

	if ((rc = boot_unusable(r, c->bad, c->first_bad)))
		return rc;
	printf("guest: kernel %s, %u CPUs; HELLO after %.2f s, VM gone after %.2f s\n", c->obs.release,
	       c->obs.ncpus, r->t_hello, r->t_total);
	for (unsigned i = 0; i < c->answered; i++)
		printf("ping %u: answered after %.1f ms\n", i + 1, c->rtt_ms[i]);
	if (c->answered) {
		double s[MAX_PINGS];

		memcpy(s, c->rtt_ms, c->answered * sizeof(s[0]));
		qsort(s, c->answered, sizeof(s[0]), cmp_double);
		printf("pings: %u of %u answered, %u wrong; round trip min %.1f, median %.1f, max %.1f ms\n",
		       c->answered, c->a->pings, c->wrong, s[0], s[c->answered / 2], s[c->answered - 1]);
	} else {
		printf("pings: none of %u answered\n", c->a->pings);
	}
	if (c->line_back)
		printf("console: typed '%s', the guest read '%s'\n", c->a->line, c->line);
	else
		printf("console: %s\n",
		       c->line_sent ? "typed, but the guest sent nothing back" : "never typed");
	ok = c->answered == c->a->pings && !c->wrong && c->line_back && !strcmp(c->line, c->a->line);
	printf("result: %s\n", ok ? "PASS" : "FAIL");
	return ok ? EXIT_PASS : EXIT_FAIL;
}

int cmd_chantest(int argc, char **argv)
{
	struct ct_args a;
	struct topo t;
	struct kernel_cache_entry k;
	struct boot_opts o = { .mode = "chantest", .fault = "none" };
	struct boot_result r;
	struct ct *c;
	int rc = parse_args(argc, argv, &a);

	if (rc)
		return rc > 0 ? EXIT_PASS : EXIT_ERROR;
	if (vmopts_prepare(&a.vm, &t, &k, &o))
		return EXIT_ERROR;
	c = calloc(1, sizeof(*c));
	if (!c || !(c->link = boot_link_new())) {
		free(c);
		log_err("out of memory");
		return EXIT_ERROR;
	}
	c->a = &a;
	srandom((unsigned)time(NULL) ^ (unsigned)getpid());
	o.link = c->link;
	boot_run(&o, collect, c, &r);
	rc = report(c, &r);
	boot_result_free(&r);
	boot_link_free(c->link);
	free(c);
	return rc;
}
