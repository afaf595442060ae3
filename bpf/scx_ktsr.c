/* scx_ktsr loader: sets the fault knobs, loads and attaches the BPF side,
 * flips run-time triggers, and reports how it ended (UEI_REPORT).
 *
 * Exit status: 0 when unregistered by us (SIGINT/SIGTERM), 1 when the
 * kernel ejected the scheduler, 2 on bad usage. */
#include <errno.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <scx/common.h>

#include "scx_ktsr.h"

#ifndef KTSR_SKEL
#define KTSR_SKEL   scx_ktsr
#define KTSR_SKEL_H "scx_ktsr.bpf.skel.h"
#endif
#include KTSR_SKEL_H

#define KTSR_CAT2(a, b)	  a##b
#define KTSR_CAT(a, b)	  KTSR_CAT2(a, b)
#define KTSR_OPEN(n)	  SCX_OPS_OPEN(ktsr_ops, n)
#define KTSR_LOAD(s, n)	  SCX_OPS_LOAD(s, ktsr_ops, n, uei)
#define KTSR_ATTACH(s, n) SCX_OPS_ATTACH(s, ktsr_ops, n)

static const char usage[] =
	"A global-FIFO sched_ext scheduler with fault knobs (ktsrun's test scheduler).\n"
	"\n"
	"Usage: %s [-d N] [-e N] [-f FILE] [-s USEC] [-r] [-w MS] [-v]\n"
	"\n"
	"  -d N      stop dispatching after N dispatches (the watchdog ejects us)\n"
	"  -e N      scx_bpf_error() at the Nth enqueue\n"
	"  -f FILE   poll FILE every 100 ms; 'stall' or 'error' in it triggers that fault\n"
	"  -s USEC   busy-wait USEC microseconds in every dispatch\n"
	"  -r        place wakeups on a random allowed CPU\n"
	"  -w MS     watchdog timeout (default 5000)\n"
	"  -v        libbpf debug messages\n"
	"SIGUSR1 triggers the stall, SIGUSR2 the error.\n";

static volatile sig_atomic_t exit_req, sig_trigger;
static int verbose;

static void on_exit_sig(int sig)
{
	exit_req = 1;
}

static void on_trigger_sig(int sig)
{
	sig_trigger = sig == SIGUSR1 ? KTSR_TRIG_STALL : KTSR_TRIG_ERROR;
}

static int print_fn(enum libbpf_print_level level, const char *fmt, va_list args)
{
	if (level == LIBBPF_DEBUG && !verbose)
		return 0;
	return vfprintf(stderr, fmt, args);
}

/* "stall" or "error" in the trigger file; KTSR_TRIG_NONE otherwise. */
static unsigned file_trigger(const char *path)
{
	char buf[16] = "";
	FILE *f = path ? fopen(path, "r") : NULL;

	if (!f)
		return KTSR_TRIG_NONE;
	if (!fgets(buf, sizeof(buf), f))
		buf[0] = '\0';
	fclose(f);
	if (!strncmp(buf, "stall", 5))
		return KTSR_TRIG_STALL;
	if (!strncmp(buf, "error", 5))
		return KTSR_TRIG_ERROR;
	return KTSR_TRIG_NONE;
}

static int parse_u64(const char *s, unsigned long long *out)
{
	char *end;

	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno || end == s || *end || s[0] == '-' ? -1 : 0;
}

int main(int argc, char **argv)
{
	struct KTSR_SKEL *skel;
	struct bpf_link *link;
	const char *trig_file = NULL;
	unsigned long long v = 0, tick = 0;
	int opt, ejected;

	libbpf_set_print(print_fn);
	signal(SIGINT, on_exit_sig);
	signal(SIGTERM, on_exit_sig);
	signal(SIGUSR1, on_trigger_sig);
	signal(SIGUSR2, on_trigger_sig);
	skel = KTSR_OPEN(KTSR_SKEL);
	skel->rodata->nr_cpus = libbpf_num_possible_cpus();
	while ((opt = getopt(argc, argv, "d:e:f:s:rw:vh")) != -1) {
		if (strchr("desw", opt) && parse_u64(optarg, &v)) {
			fprintf(stderr, "scx_ktsr: -%c needs a number, got '%s'\n", opt, optarg);
			return 2;
		}
		switch (opt) {
		case 'd': skel->rodata->stall_after = v; break;
		case 'e': skel->rodata->error_after = v; break;
		case 'f': trig_file = optarg; break;
		case 's': skel->rodata->slow_ns = v * 1000; break;
		case 'r': skel->rodata->random_cpu = true; break;
		case 'w': skel->struct_ops.ktsr_ops->timeout_ms = (unsigned)v; break;
		case 'v': verbose = 1; break;
		default: fprintf(stderr, usage, basename(argv[0])); return opt == 'h' ? 0 : 2;
		}
	}
	KTSR_LOAD(skel, KTSR_SKEL);
	link = KTSR_ATTACH(skel, KTSR_SKEL);
	printf("ktsr: attached\n");
	fflush(stdout);
	while (!exit_req && !UEI_EXITED(skel, uei)) {
		unsigned t = sig_trigger ? (unsigned)sig_trigger : file_trigger(trig_file);

		if (t != KTSR_TRIG_NONE && skel->bss->trigger != t) {
			printf("ktsr: trigger %s\n", t == KTSR_TRIG_STALL ? "stall" : "error");
			skel->bss->trigger = t;
		}
		if (++tick % 10 == 0) {
			printf("ktsr: enqueued=%llu dispatched=%llu stalled_dispatches=%llu\n",
			       (unsigned long long)skel->bss->nr_enqueued,
			       (unsigned long long)skel->bss->nr_dispatched,
			       (unsigned long long)skel->bss->nr_stalled_dispatches);
			fflush(stdout);
		}
		usleep(100000);
	}
	ejected = UEI_EXITED(skel, uei) && !exit_req;
	bpf_link__destroy(link);
	UEI_REPORT(skel, uei);
	KTSR_CAT(KTSR_SKEL, __destroy)(skel);
	return ejected ? 1 : 0;
}
