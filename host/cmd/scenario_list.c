#include "host/cmd/scenario_list.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/util/fs.h"
#include "host/util/log.h"

int scenario_list_add(char **files, unsigned *n, unsigned max, const char *path)
{
	struct stat st;
	unsigned first = *n;
	int rc;

	if (stat(path, &st)) {
		log_err("%s: no such file or directory", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (*n < max)
			files[(*n)++] = strdup(path);
		return 0;
	}
	/* past max, the files that do not fit are left out, as one file past it is */
	if ((rc = fs_dir_files(path, ".kts", files, n, max)) < 0) {
		log_err(rc == -2 ? "%s: out of memory" : "%s: cannot read the directory", path);
		return -1;
	}
	if (*n == first)
		log_err("%s: no .kts files", path);
	return *n == first ? -1 : 0;
}
