/* work exec's files and status word, shared with the runtime that reports
 * the payload's output (guest/runtime_payload.c). */
#ifndef KTS_WORK_WORK_EXEC_H
#define KTS_WORK_WORK_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Where a worker's payload writes stdout and stderr (one file, in order). */
#define WORK_EXEC_OUT_FMT "/tmp/kts-payload-%d.out"
/* Its working directory when the spec has a file (rt-app writes its logs
 * there); the runtime sends what is left in it and removes it. */
#define WORK_EXEC_DIR_FMT "/tmp/kts-payload-%d.d"

#include "lib/payload.h"

/* The status word in telem.slot (lib/payload.h says its bits). */
static inline uint64_t work_exec_status(int wstatus, bool stopped)
{
	return PAYLOAD_ENDED | (stopped ? PAYLOAD_STOPPED : 0) | ((uint64_t)wstatus & 0xffff);
}

void work_exec_out_path(int pid, char *buf, size_t len);
void work_exec_dir_path(int pid, char *buf, size_t len);

#endif
