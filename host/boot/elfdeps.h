/*
 * The files a dynamic ELF binary needs at run time: its interpreter
 * (PT_INTERP) and its DT_NEEDED libraries, recursively, found the way
 * glibc's ld.so finds them (DT_RPATH, DT_RUNPATH with $ORIGIN,
 * /etc/ld.so.conf, the default directories).
 *
 * Each dependency has two paths: where it lives on the host (symlinks
 * resolved) and where the guest's loader will look for it. The guest has
 * no ld.so.cache, so a library found through /etc/ld.so.conf outside the
 * default directories is placed in /usr/lib/x86_64-linux-gnu, and $ORIGIN
 * is taken relative to where the binary goes in the guest.
 */
#ifndef KTS_HOST_BOOT_ELFDEPS_H
#define KTS_HOST_BOOT_ELFDEPS_H

#include <stdbool.h>
#include <stddef.h>

struct elfdep {
	char *guest; /* absolute path the loader opens in the guest */
	char *host;  /* real file on the host */
};

struct elfdeps {
	struct elfdep *v;
	size_t n, cap;
};

/*
 * Dependencies of host_path, which will live at guest_path. A static binary
 * gives none. Returns 0, or -1 with one line in err (not ELF, corrupt ELF,
 * or "library X not found (needed by Y)"); deps is then empty.
 */
int elfdeps_find(const char *host_path, const char *guest_path, struct elfdeps *deps, char *err,
		 size_t errlen);
void elfdeps_free(struct elfdeps *deps);
/* Whether path starts with the ELF magic (any class, any type). */
bool elfdeps_is_elf(const char *path);

#endif
