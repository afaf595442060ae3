/* Where ktsrun keeps its cache. */
#ifndef KTS_PATHS_H
#define KTS_PATHS_H

#include <stddef.h>

/* KTSRUN_CACHE_DIR, else $XDG_CACHE_HOME/ktsrun, else ~/.cache/ktsrun. */
int paths_cache_dir(char *buf, size_t len);
/* mkdir -p of the directory that will hold path. */
int paths_mkdir_parent(const char *path);
int paths_mkdir_p(const char *dir);

#endif
