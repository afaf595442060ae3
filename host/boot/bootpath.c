#include "host/boot/bootpath.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct {
	const char *name;
	unsigned flag;
} items[] = {
	/* clang-format off */
	{ "gzip", BOOTPATH_GZIP },
	{ "bzimage", BOOTPATH_BZIMAGE },
	{ "seabios", BOOTPATH_SEABIOS },
	{ "verbose", BOOTPATH_VERBOSE },
	{ "tsccal", BOOTPATH_TSCCAL },
	{ "pc", BOOTPATH_PC },
	{ "tscsync", BOOTPATH_TSCSYNC },
	{ "initcalls", BOOTPATH_INITCALLS },
	{ "uarts", BOOTPATH_UARTS },
	{ "apiccal", BOOTPATH_APICCAL },
	/* clang-format on */
};

#define NITEMS (sizeof(items) / sizeof(items[0]))

static void list_items(char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (size_t i = 0; i < NITEMS && used < len; i++)
		used += (size_t)snprintf(out + used, len - used, "%s, ", items[i].name);
}

static int take(const char *word, size_t n, unsigned *flags)
{
	if (n == 6 && !strncmp(word, "legacy", 6)) {
		*flags |= BOOTPATH_ALL;
		return 0;
	}
	for (size_t i = 0; i < NITEMS; i++)
		if (strlen(items[i].name) == n && !strncmp(word, items[i].name, n)) {
			*flags |= items[i].flag;
			return 0;
		}
	return -1;
}

int bootpath_parse(const char *value, unsigned *flags, char *err, size_t len)
{
	const char *p = value ? value : "";
	char names[300];

	*flags = 0;
	while (*p) {
		size_t n = strcspn(p, ",");

		if (n && take(p, n, flags)) {
			list_items(names, sizeof(names));
			snprintf(err, len,
				 "KTSRUN_BOOT='%s': unknown item '%.*s'; expected a comma list of %sor "
				 "legacy (all of them)",
				 value, (int)n, p, names);
			return -1;
		}
		p += n + (p[n] == ',');
	}
	return 0;
}

int bootpath_get(unsigned *flags, char *err, size_t len)
{
	static int done, rc;
	static unsigned cached;
	static char why[300];

	if (!done) {
		rc = bootpath_parse(getenv("KTSRUN_BOOT"), &cached, why, sizeof(why));
		done = 1;
	}
	*flags = cached;
	if (rc)
		snprintf(err, len, "%s", why);
	return rc;
}
