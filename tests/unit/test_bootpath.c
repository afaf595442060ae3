/* KTSRUN_BOOT: the comma list of old boot ways, and its one-line error;
 * the host TSC rate passed as tsc_early_khz=. */
#include <stdio.h>
#include <stdlib.h>

#include "host/boot/bootpath.h"
#include "host/boot/host_tsc.h"
#include "tests/unit/tu.h"

TU_TEST(bootpath_items_and_legacy)
{
	unsigned f = 99;
	char err[300] = "";

	TU_EQ_INT(bootpath_parse(NULL, &f, err, sizeof(err)), 0);
	TU_EQ_INT(f, 0);
	TU_EQ_INT(bootpath_parse("", &f, err, sizeof(err)), 0);
	TU_EQ_INT(f, 0);
	TU_EQ_INT(bootpath_parse("gzip", &f, err, sizeof(err)), 0);
	TU_EQ_INT(f, BOOTPATH_GZIP);
	TU_EQ_INT(bootpath_parse("gzip,,gzip,", &f, err, sizeof(err)), 0);
	TU_EQ_INT(f, BOOTPATH_GZIP);
	TU_EQ_INT(bootpath_parse("legacy", &f, err, sizeof(err)), 0);
	TU_EQ_INT(f, BOOTPATH_ALL);
	/* every old way has its name, the ones the man page lists */
	TU_EQ_INT(bootpath_parse("gzip,bzimage,seabios,verbose,tsccal,pc,tscsync,initcalls,uarts,apiccal", &f,
				 err, sizeof(err)),
		  0);
	TU_EQ_INT(f, BOOTPATH_ALL);
	TU_EQ_INT(bootpath_parse("pc", &f, err, sizeof(err)), 0);
	TU_EQ_INT(f, BOOTPATH_PC);
	TU_EQ_STR(err, "");
}

TU_TEST(bootpath_unknown_item)
{
	unsigned f;
	char err[300] = "";

	TU_EQ_INT(bootpath_parse("gzip,fast", &f, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "KTSRUN_BOOT='gzip,fast': unknown item 'fast'; expected a comma list of gzip") ==
		 err);
	TU_EQ_INT(bootpath_parse("gzipx", &f, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "unknown item 'gzipx'") != NULL);
	TU_EQ_INT(bootpath_parse("legacyy", &f, err, sizeof(err)), -1);
}

TU_TEST(host_tsc_khz_from_two_samples)
{
	/* 2.6 GHz over 20 ms */
	TU_EQ_INT(host_tsc_khz_from(1000, 5000000, 1000 + 52000000ull, 25000000), 2600000);
	TU_EQ_INT(host_tsc_khz_from(1000, 5000000, 1000, 25000000), 0); /* TSC stood still */
	TU_EQ_INT(host_tsc_khz_from(1000, 5000000, 9000, 5500000), 0);	/* under 1 ms */
	TU_EQ_INT(host_tsc_khz_from(9000, 5000000, 1000, 25000000), 0); /* went backwards */
	TU_EQ_INT(host_tsc_khz_from(0, 0, 1ull << 62, 20000000), 0);	/* absurd rate */
}

/* The measured rate lands in <cache>/probe/tsc with this boot's id. */
TU_TEST(host_tsc_khz_cached_per_host_boot)
{
	char dir[4096], path[4200], want[128], got[128] = "", boot[64] = "";
	unsigned khz;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s/tsc-cache", tu_tmpdir());
	setenv("KTSRUN_CACHE_DIR", dir, 1);
	khz = host_tsc_khz();
	unsetenv("KTSRUN_CACHE_DIR");
	if (!khz) /* no constant TSC here: nothing measured, nothing cached */
		return;
	TU_CHECK(khz > 100000 && khz < 100000000);
	f = fopen("/proc/sys/kernel/random/boot_id", "r");
	TU_CHECK(f && fgets(boot, sizeof(boot), f));
	if (f)
		fclose(f);
	boot[strcspn(boot, "\n")] = '\0';
	snprintf(want, sizeof(want), "%s %u\n", boot, khz);
	snprintf(path, sizeof(path), "%s/probe/tsc", dir);
	f = fopen(path, "r");
	TU_CHECK(f && fgets(got, sizeof(got), f));
	if (f)
		fclose(f);
	TU_EQ_STR(got, want);
}
