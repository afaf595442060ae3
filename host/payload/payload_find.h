/* Where a payload program lives on the host, checked before any VM boots:
 * found on PAYLOAD_PATH (or at its absolute path), executable, an ELF
 * binary whose interpreter and libraries are all found (host/boot/elfdeps.c,
 * the walk the initramfs makes). A missing one is an error naming it and,
 * for the tools the project knows, the Debian package to install. */
#ifndef KTS_HOST_PAYLOAD_PAYLOAD_FIND_H
#define KTS_HOST_PAYLOAD_PAYLOAD_FIND_H

#include <stddef.h>

#include "interp/bc.h"

#define PAYLOAD_FIND_MAX 16 /* distinct programs a scenario runs */

/* prog (a name or an absolute path) -> host path (the guest's path too).
 * 0, or -1 with one line in err that says what to install or fix. */
int payload_find(const char *prog, char *path, size_t plen, char *err, size_t errlen);
/* The kts_opts.program hook: payload_find without the path. */
int payload_find_check(const char *prog, char *err, size_t errlen);

/* Every distinct program of p's work exec cgroups, resolved. */
struct payload_find_set {
	unsigned n;
	char path[PAYLOAD_FIND_MAX][1024];
	const char *v[PAYLOAD_FIND_MAX]; /* = path[i], for guest_initrd_extra */
};
int payload_find_prog(const struct bc_prog *p, struct payload_find_set *s, char *err, size_t errlen);

#endif
