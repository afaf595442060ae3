/* The guest console a boot keeps: its head and tail whatever the guest
 * prints, the panic line at the end included, in bounded memory. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/boot/boot_console.h"
#include "tests/unit/tu.h"

TU_TEST(boot_console_short_is_kept_whole)
{
	struct boot_console c = { 0 };

	TU_EQ_INT(boot_console_add(&c, "one\n", 4), 0);
	TU_EQ_INT(boot_console_add(&c, "two\n", 4), 0);
	boot_console_finish(&c);
	TU_EQ_STR(c.text, "one\ntwo\n");
	TU_EQ_INT(c.total, 8);
	TU_EQ_INT(c.dropped, 0);
	free(c.text);
}

TU_TEST(boot_console_flood_keeps_head_and_tail)
{
	struct boot_console c = { 0 };
	char line[64];
	size_t fed = 0, peak = 0;

	/* 8 MiB of numbered lines, then the panic */
	for (unsigned i = 0; fed < (8u << 20); i++) {
		int n = snprintf(line, sizeof(line), "line %08u of a guest that floods\n", i);

		TU_EQ_INT(boot_console_add(&c, line, (size_t)n), 0);
		fed += (size_t)n;
		peak = c.cap > peak ? c.cap : peak;
	}
	TU_EQ_INT(boot_console_add(&c, "Kernel panic - not syncing: x\n", 30), 0);
	fed += 30;
	TU_CHECK(peak <= BOOT_CONSOLE_MAX + 1);
	boot_console_finish(&c);
	TU_EQ_INT(c.total, fed);
	TU_CHECK(strncmp(c.text, "line 00000000 of", 16) == 0);
	TU_CHECK(strstr(c.text, "bytes of the guest console dropped here") != NULL);
	TU_CHECK(strstr(c.text, "\nline ") != NULL);
	TU_CHECK(c.len >= 30 && strcmp(c.text + c.len - 30, "Kernel panic - not syncing: x\n") == 0);
	TU_CHECK(c.len < BOOT_CONSOLE_HEAD + BOOT_CONSOLE_TAIL + 200);
	/* what is kept plus what was dropped is all that came, less the marker */
	TU_CHECK(c.dropped > fed - BOOT_CONSOLE_HEAD - BOOT_CONSOLE_TAIL);
	TU_CHECK(strlen(c.text) == c.len);
	free(c.text);
}
