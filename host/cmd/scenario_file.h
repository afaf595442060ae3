/* A scenario as the commands take it: .kts source, compiled here, or the
 * bytecode `ktsrun compile` wrote, verified as the guest verifies it. */
#ifndef KTS_HOST_CMD_SCENARIO_FILE_H
#define KTS_HOST_CMD_SCENARIO_FILE_H

#include <stddef.h>
#include <stdint.h>

#include "grammar/kts.h"

/* Does the file start with the bytecode magic? (false if unreadable) */
int scenario_file_is_bytecode(const char *path);
/* Verified bytecode of path in a malloc'd buffer: 0, or the number of
 * errors after printing them (compile errors to o->diag, else one line). */
int scenario_file_load(const char *path, const struct kts_opts *o, uint8_t **bc, size_t *len);

#endif
