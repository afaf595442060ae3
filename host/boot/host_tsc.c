#include "host/boot/host_tsc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "host/util/cache.h"
#include "host/util/fs.h"

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

/* <cache>/probe/tsc holds "<boot id> <kHz>": the rate holds until the
 * host reboots, so most runs skip the 20 ms measurement. */
static int cache_file(char *path, size_t len, char *boot, size_t blen)
{
	char dir[4096], err[128];
	FILE *f = fopen("/proc/sys/kernel/random/boot_id", "r");
	int ok = f && fgets(boot, (int)blen, f);

	if (f)
		fclose(f);
	if (!ok || cache_subdir("probe", dir, sizeof(dir), err, sizeof(err)))
		return -1;
	boot[strcspn(boot, "\n")] = '\0';
	return fs_join(path, len, dir, "tsc");
}

static unsigned cached(const char *path, const char *boot)
{
	char line[128], id[64];
	unsigned khz = 0;
	FILE *f = fopen(path, "r");

	if (!f)
		return 0;
	if (!fgets(line, sizeof(line), f) || sscanf(line, "%63s %u", id, &khz) != 2 || strcmp(id, boot))
		khz = 0;
	fclose(f);
	return host_tsc_khz_from(0, 0, khz, 1000000) ? khz : 0;
}

static void store(const char *path, const char *boot, unsigned khz)
{
	char text[128];

	snprintf(text, sizeof(text), "%s %u\n", boot, khz);
	cache_write(path, text, "the host's TSC rate");
}

unsigned host_tsc_khz(void)
{
	static int done;
	static unsigned khz;
	char path[4200] = "", boot[64] = "";

	if (done)
		return khz;
	done = 1;
	if (!tsc_is_constant())
		return khz = 0;
	if (cache_file(path, sizeof(path), boot, sizeof(boot)) == 0 && (khz = cached(path, boot)))
		return khz;
	khz = measure();
	if (khz && path[0])
		store(path, boot, khz);
	return khz;
}
