/* KTSRUN_BOOT: the comma list of old boot ways, and its one-line error. */
#include "host/boot/bootpath.h"
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
