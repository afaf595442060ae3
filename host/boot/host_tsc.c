#include "host/boot/host_tsc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#if defined(__x86_64__)
#include <x86intrin.h>
#endif

unsigned host_tsc_khz_from(unsigned long long tsc0, unsigned long long ns0, unsigned long long tsc1,
			   unsigned long long ns1)
{
	unsigned long long khz;

	if (ns1 <= ns0 || tsc1 <= tsc0 || ns1 - ns0 < 1000000)
		return 0;
	khz = (tsc1 - tsc0) * 1000000ull / (ns1 - ns0);
	return khz > 100000 && khz < 100000000 ? (unsigned)khz : 0;
}

/* constant_tsc and nonstop_tsc: the rate does not follow frequency or idle states */
static int tsc_is_constant(void)
{
	char line[8192];
	int ok = 0;
	FILE *f = fopen("/proc/cpuinfo", "r");

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, "flags", 5)) {
			ok = strstr(line, " constant_tsc") && strstr(line, " nonstop_tsc");
			break;
		}
	fclose(f);
	return ok;
}

#if defined(__x86_64__)
static unsigned long long now_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC_RAW, &t);
	return (unsigned long long)t.tv_sec * 1000000000ull + (unsigned long long)t.tv_nsec;
}

/* A (tsc, ns) pair read close together: the ns read bracketed by two TSC
 * reads, retried if something ran in between (a loaded host). */
static void sample(unsigned long long *tsc, unsigned long long *ns)
{
	for (int i = 0; i < 5; i++) {
		unsigned long long a = __rdtsc(), n = now_ns(), b = __rdtsc();

		*tsc = a + (b - a) / 2;
		*ns = n;
		if (b - a < 100000)
			return;
	}
}

static unsigned measure(void)
{
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	unsigned long long t0, n0, t1, n1;

	sample(&t0, &n0);
	nanosleep(&nap, NULL);
	sample(&t1, &n1);
	return host_tsc_khz_from(t0, n0, t1, n1);
}
#else
static unsigned measure(void)
{
	return 0;
}
#endif

unsigned host_tsc_khz(void)
{
	static int done;
	static unsigned khz;

	if (!done) {
		khz = tsc_is_constant() ? measure() : 0;
		done = 1;
	}
	return khz;
}
