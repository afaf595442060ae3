#include "host/boot/boot_console.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Drop bytes right after the head so that n more fit under the head and
 * the tail. */
static void compact(struct boot_console *c, size_t n)
{
	size_t d = c->len + n - (BOOT_CONSOLE_HEAD + BOOT_CONSOLE_TAIL);

	memmove(c->text + BOOT_CONSOLE_HEAD, c->text + BOOT_CONSOLE_HEAD + d, c->len - BOOT_CONSOLE_HEAD - d);
	c->len -= d;
	c->dropped += d;
}

int boot_console_add(struct boot_console *c, const char *p, size_t n)
{
	char *grown;

	c->total += n;
	if (c->len + n > BOOT_CONSOLE_MAX)
		compact(c, n);
	if (c->len + n + 1 > c->cap) {
		/* doubling up to the cap: few reallocs, no more than needed */
		size_t cap = c->cap ? c->cap * 2 : 4096;

		while (cap < c->len + n + 1)
			cap *= 2;
		if (cap > BOOT_CONSOLE_MAX + 1)
			cap = BOOT_CONSOLE_MAX + 1;
		if (!(grown = realloc(c->text, cap))) {
			c->dropped += n;
			return -1;
		}
		c->text = grown;
		c->cap = cap;
	}
	memcpy(c->text + c->len, p, n);
	c->len += n;
	c->text[c->len] = '\0';
	return 0;
}

void boot_console_finish(struct boot_console *c)
{
	char mark[160], *out;
	size_t skip, m, keep;
	const char *tail;

	if (!c->dropped || !c->text || c->len <= BOOT_CONSOLE_HEAD)
		return;
	/* the last BOOT_CONSOLE_TAIL bytes, from their first whole line */
	skip = c->len > BOOT_CONSOLE_HEAD + BOOT_CONSOLE_TAIL ? c->len - BOOT_CONSOLE_HEAD - BOOT_CONSOLE_TAIL
							      : 0;
	tail = c->text + BOOT_CONSOLE_HEAD;
	for (size_t i = skip; i < c->len - BOOT_CONSOLE_HEAD && i < skip + 4096; i++)
		if (tail[i] == '\n') {
			skip = i + 1;
			break;
		}
	keep = c->len - BOOT_CONSOLE_HEAD - skip;
	c->dropped += skip;
	m = (size_t)snprintf(mark, sizeof(mark),
			     "\n[ktsrun: %zu bytes of the guest console dropped here; the first %u KiB and "
			     "the last %u KiB are kept]\n",
			     c->dropped, BOOT_CONSOLE_HEAD >> 10, BOOT_CONSOLE_TAIL >> 10);
	if (!(out = malloc(BOOT_CONSOLE_HEAD + m + keep + 1)))
		return;
	memcpy(out, c->text, BOOT_CONSOLE_HEAD);
	memcpy(out + BOOT_CONSOLE_HEAD, mark, m);
	memcpy(out + BOOT_CONSOLE_HEAD + m, tail + skip, keep);
	free(c->text);
	c->text = out;
	c->len = BOOT_CONSOLE_HEAD + m + keep;
	c->cap = c->len + 1;
	c->text[c->len] = '\0';
}
