/* The guest console (COM1) as a boot keeps it: bounded, whatever the guest
 * prints. The first BOOT_CONSOLE_HEAD bytes (the boot) and the last
 * BOOT_CONSOLE_TAIL (the panic, the last lines a failure shows) are kept;
 * what falls between is counted and replaced by one marker line. Memory
 * stays under BOOT_CONSOLE_MAX however long the guest floods. */
#ifndef KTS_HOST_BOOT_BOOT_CONSOLE_H
#define KTS_HOST_BOOT_BOOT_CONSOLE_H

#include <stddef.h>

#define BOOT_CONSOLE_HEAD  (64u << 10)
#define BOOT_CONSOLE_TAIL  (256u << 10)
#define BOOT_CONSOLE_SLACK (64u << 10) /* compaction is amortised over this much */
#define BOOT_CONSOLE_MAX   (BOOT_CONSOLE_HEAD + BOOT_CONSOLE_TAIL + BOOT_CONSOLE_SLACK)

struct boot_console {
	char *text; /* NUL-terminated; NULL until the guest prints */
	size_t len, cap;
	size_t total;	/* bytes the guest printed */
	size_t dropped; /* of those, not kept */
};

/* Append n bytes (n <= BOOT_CONSOLE_SLACK). -1 when out of memory (the
 * bytes are counted as dropped). */
int boot_console_add(struct boot_console *c, const char *p, size_t n);
/* At the end: put the marker where bytes were dropped. */
void boot_console_finish(struct boot_console *c);

#endif
