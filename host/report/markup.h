/* Text for XML and HTML, text or attribute values: & < > " ' escaped;
 * C0 controls but tab and newline, and bytes that are not UTF-8 (or are
 * surrogates, U+FFFE, U+FFFF), become U+FFFD; CR is dropped. XML 1.0
 * cannot carry them and console tails have them (colour codes, NUL). */
#ifndef KTS_HOST_REPORT_MARKUP_H
#define KTS_HOST_REPORT_MARKUP_H

#include <stdio.h>

void markup_esc(FILE *f, const char *s);

#endif
