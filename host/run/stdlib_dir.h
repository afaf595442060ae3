/* Where the standard scenarios are, so that `ktsrun list` and
 * `ktsrun run --stdlib NAME` work from any directory. */
#ifndef KTS_HOST_RUN_STDLIB_DIR_H
#define KTS_HOST_RUN_STDLIB_DIR_H

#include <stddef.h>

/* Below PREFIX, beside bin/ktsrun (make install puts them there). */
#define STDLIB_DIR_SHARE "share/ktsrun/stdlib-scenarios"

/* The first of: env (KTSRUN_STDLIB; when set it must be a directory),
 * EXE/../../STDLIB_DIR_SHARE (exe: the binary's own path), srcdir/
 * stdlib-scenarios (the tree it was built from). Any of them may be NULL.
 * Fills dir and *from (which rule matched); 0, or -1 with err. */
int stdlib_dir_search(const char *env, const char *exe, const char *srcdir, char *dir, size_t len,
		      const char **from, char *err, size_t elen);
/* stdlib_dir_search with $KTSRUN_STDLIB, /proc/self/exe and the build's tree. */
int stdlib_dir_find(char *dir, size_t len, const char **from, char *err, size_t elen);
/* The file of scenario NAME (its file name, .kts optional) in dir. */
int stdlib_dir_scenario(const char *dir, const char *name, char *path, size_t len, char *err, size_t elen);

#endif
