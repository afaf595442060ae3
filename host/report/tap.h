/* TAP version 13: "ok N - name", "not ok N - name" with a YAML block
 * (verdict, reason, output), "# SKIP reason". Control characters other
 * than tab become '?', so a console tail cannot break the stream. */
#ifndef KTS_HOST_REPORT_TAP_H
#define KTS_HOST_REPORT_TAP_H

#include <stddef.h>
#include <stdio.h>

#include "host/report/report_case.h"

void tap_write(FILE *f, const struct report_case *c, size_t n);

#endif
