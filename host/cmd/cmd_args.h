/* Option values of the command line, each kind checked in one place: whole
 * numbers, decimal numbers, -D NAME=VALUE and --fault. Each returns 0, or
 * -1 after one line naming the option, the value and what it wants. */
#ifndef KTS_HOST_CMD_CMD_ARGS_H
#define KTS_HOST_CMD_CMD_ARGS_H

#include "grammar/kts.h"

/* Digits only (no sign, blank or base prefix), within [lo, hi]. */
int cmd_args_uint(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out);
/* A plain decimal number (no inf, nan or hex), within [lo, hi]. */
int cmd_args_num(const char *opt, const char *s, double lo, double hi, double *out);
/* -D NAME=VALUE: NAME a param name, VALUE one line; arg is split in place.
 * At most max of them in defs[*n]. */
int cmd_args_define(char *arg, struct kts_define *defs, int *n, int max);
/* --fault: one of PROTO_FAULTS (it goes on the guest's command line). */
int cmd_args_fault(const char *opt, const char *s);
/* A file the command writes at its end (--json): its directory must exist
 * and be writable now, so a long run does not end in "cannot write". */
int cmd_args_out_path(const char *opt, const char *path);

#endif
