/* initramfs_add_binary: an ELF binary with the libraries it loads. */
#include "host/boot/elfdeps.h"
#include "host/boot/initramfs.h"

#include <string.h>

/* An earlier dependency with the same host file: link to it instead of a copy. */
static const char *same_file(const struct elfdeps *d, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(d->v[j].host, d->v[i].host))
			return d->v[j].guest;
	return NULL;
}

int initramfs_add_binary(struct initramfs *ir, const char *path, const char *host_path)
{
	struct elfdeps deps;
	char err[512];
	int rc;

	if (elfdeps_find(host_path, path, &deps, err, sizeof(err)))
		return initramfs_fail(ir, "%s", err);
	rc = initramfs_add_file_from(ir, path, host_path, 0);
	for (size_t i = 0; !rc && i < deps.n; i++) {
		const char *twin = same_file(&deps, i);

		if (initramfs_has(ir, deps.v[i].guest))
			continue; /* another binary brought it already */
		if (twin)
			rc = initramfs_add_symlink(ir, deps.v[i].guest, twin);
		else
			rc = initramfs_add_file_from(ir, deps.v[i].guest, deps.v[i].host, 0);
	}
	elfdeps_free(&deps);
	return rc;
}
