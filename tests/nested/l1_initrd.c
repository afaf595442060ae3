/* The L1 initramfs of the nested test bed, written with the project's cpio
 * writer (host/boot/initramfs.c), so a dynamic binary brings its loader and
 * libraries (host/boot/elfdeps.c) the way ktsrun's own guest initrd does.
 *
 *   l1-initrd -o OUT INIT [bin:GUEST=HOST | file:GUEST=HOST]...
 *
 * INIT becomes /init; bin: adds an ELF binary with what it needs, file: a
 * file as is. Exit 0, or 1 with one line on stderr and OUT removed. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/boot/initramfs.h"

static int l1_initrd_add(struct initramfs *ir, const char *arg)
{
	char guest[4096];
	const char *eq = strchr(arg, '='), *colon = strchr(arg, ':');
	size_t len;

	if (!colon || !eq || eq < colon || (size_t)(eq - colon - 1) >= sizeof(guest))
		return initramfs_fail(ir, "'%s': want bin:GUEST=HOST or file:GUEST=HOST", arg);
	len = (size_t)(eq - colon - 1);
	memcpy(guest, colon + 1, len);
	guest[len] = '\0';
	if (!strncmp(arg, "bin:", 4))
		return initramfs_add_binary(ir, guest, eq + 1);
	if (!strncmp(arg, "file:", 5))
		return initramfs_add_file_from(ir, guest, eq + 1, 0);
	return initramfs_fail(ir, "'%s': want bin:GUEST=HOST or file:GUEST=HOST", arg);
}

int main(int argc, char **argv)
{
	struct initramfs *ir;
	char err[512];
	int fd;

	if (argc < 4 || strcmp(argv[1], "-o")) {
		fprintf(stderr, "usage: l1-initrd -o OUT INIT [bin:GUEST=HOST | file:GUEST=HOST]...\n");
		return 2;
	}
	fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		perror(argv[2]);
		return 1;
	}
	ir = initramfs_open(fd, false);
	if (!ir) {
		fprintf(stderr, "l1-initrd: out of memory\n");
		close(fd);
		unlink(argv[2]);
		return 1;
	}
	initramfs_add_node(ir, "/dev/console", S_IFCHR | 0600, 5, 1);
	initramfs_add_file_from(ir, "/init", argv[3], 0755);
	for (int i = 4; i < argc; i++)
		l1_initrd_add(ir, argv[i]);
	if (initramfs_close(ir, err, sizeof(err))) {
		fprintf(stderr, "l1-initrd: %s\n", err);
		close(fd);
		unlink(argv[2]);
		return 1;
	}
	close(fd);
	return 0;
}
