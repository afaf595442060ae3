/* initramfs_add_tree: a file or a directory from the host, as it is, with
 * the libraries of the executables in it (the shell's -i). */
#include "host/boot/elfdeps.h"
#include "host/boot/initramfs.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TREE_DEPTH_MAX 32

static int add(struct initramfs *ir, const char *path, const char *host, unsigned depth);

static int add_dir(struct initramfs *ir, const char *path, const char *host, mode_t mode, unsigned depth)
{
	struct dirent **ents;
	int n, rc;

	if (depth > TREE_DEPTH_MAX)
		return initramfs_fail(ir, "%s: directories nested deeper than %d", host, TREE_DEPTH_MAX);
	n = scandir(host, &ents, NULL, alphasort); /* sorted: the same tree gives the same archive */
	if (n < 0)
		return initramfs_fail(ir, "%s: %s", host, strerror(errno));
	rc = initramfs_add_dir(ir, path, mode & 07777);
	for (int i = 0; i < n; i++) {
		char p[PATH_MAX], h[PATH_MAX];
		const char *name = ents[i]->d_name;

		if (!rc && strcmp(name, ".") && strcmp(name, "..")) {
			if ((size_t)snprintf(p, sizeof(p), "%s/%s", path, name) >= sizeof(p) ||
			    (size_t)snprintf(h, sizeof(h), "%s/%s", host, name) >= sizeof(h))
				rc = initramfs_fail(ir, "%s/%s: path too long", host, name);
			else
				rc = add(ir, p, h, depth + 1);
		}
		free(ents[i]);
	}
	free(ents);
	return rc;
}

static int add(struct initramfs *ir, const char *path, const char *host, unsigned depth)
{
	char target[PATH_MAX];
	struct stat st;
	ssize_t n;

	if (lstat(host, &st))
		return initramfs_fail(ir, "%s: %s", host, strerror(errno));
	if (S_ISDIR(st.st_mode))
		return add_dir(ir, path, host, st.st_mode, depth);
	if (S_ISLNK(st.st_mode)) {
		if ((n = readlink(host, target, sizeof(target) - 1)) < 0)
			return initramfs_fail(ir, "%s: %s", host, strerror(errno));
		target[n] = '\0';
		return initramfs_add_symlink(ir, path, target);
	}
	if (!S_ISREG(st.st_mode))
		return initramfs_fail(ir, "%s: not a regular file, directory or symlink", host);
	/* an executable brings its loader and libraries, as a scheduler does */
	if ((st.st_mode & 0111) && elfdeps_is_elf(host))
		return initramfs_add_binary(ir, path, host);
	return initramfs_add_file_from(ir, path, host, 0);
}

int initramfs_add_tree(struct initramfs *ir, const char *path, const char *host_path)
{
	return add(ir, path, host_path, 0);
}
