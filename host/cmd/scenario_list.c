#include "host/cmd/scenario_list.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "host/util/log.h"

static int cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int scenario_list_add(char **files, unsigned *n, unsigned max, const char *path)
{
	struct stat st;
	struct dirent *e;
	DIR *d;
	unsigned first = *n;

	if (stat(path, &st)) {
		log_err("%s: no such file or directory", path);
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		if (*n < max)
			files[(*n)++] = strdup(path);
		return 0;
	}
	if (!(d = opendir(path))) {
		log_err("%s: cannot read the directory", path);
		return -1;
	}
	while ((e = readdir(d)) && *n < max) {
		size_t len = strlen(e->d_name);
		char *f;

		if (len < 5 || strcmp(e->d_name + len - 4, ".kts") || e->d_name[0] == '.')
			continue;
		if (asprintf(&f, "%s/%s", path, e->d_name) > 0)
			files[(*n)++] = f;
	}
	closedir(d);
	qsort(files + first, *n - first, sizeof(char *), cmp);
	if (*n == first)
		log_err("%s: no .kts files", path);
	return *n == first ? -1 : 0;
}
