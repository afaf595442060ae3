/* Text with newlines inside one "key=value" line: "\\" -> "\\\\", "\n" ->
 * "\\n", "\t" -> "\\t", other control bytes -> "\\xHH". Bytes >= 0x80 pass. */
#ifndef KTS_ESC_H
#define KTS_ESC_H

#include <stddef.h>

/* Escape as much of in[0..n) as fits in out (NUL-terminated); returns how
 * many input bytes were taken. */
size_t esc_encode(const char *in, size_t n, char *out, size_t outlen);
/* Undo esc_encode; 0, or -1 on a malformed escape or if out is too small. */
int esc_decode(const char *in, char *out, size_t outlen, size_t *outn);

#endif
