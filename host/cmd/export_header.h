/* The sh header of a .run file (ktsrun export): what it does on the target
 * is in export_header.c. The tar.gz payload starts on the line after it. */
#ifndef KTS_HOST_CMD_EXPORT_HEADER_H
#define KTS_HOST_CMD_EXPORT_HEADER_H

#include <stddef.h>

/* The header for scenario name written as file (malloc'd, *len bytes), or NULL. */
char *export_header(const char *name, const char *file, size_t *len);

#endif
