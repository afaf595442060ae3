/* A growing string buffer. */
#ifndef KTS_SBUF_H
#define KTS_SBUF_H

#include <stddef.h>

struct sbuf {
	char *s;
	size_t len, cap;
};

__attribute__((format(printf, 2, 3))) void sb_printf(struct sbuf *b, const char *fmt, ...);
void sb_puts(struct sbuf *b, const char *s);
void sb_free(struct sbuf *b);

#endif
