/* ktsrun initrd: write the guest initramfs to a file, for booting it by
 * hand or side by side with another VMM (bench/boot does). */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/boot/guest_initrd.h"
#include "host/util/fs.h"
#include "host/util/log.h"

static int copy_all(int from, int to)
{
	struct stat st;
	off_t off = 0;

	if (fstat(from, &st))
		return -1;
	while (off < st.st_size)
		if (sendfile(to, from, &off, (size_t)(st.st_size - off)) <= 0)
			return -1;
	return 0;
}

int cmd_initrd(int argc, char **argv)
{
	char err[256], tmp[4200], why[4400];
	int fd, out;

	if (argc != 3 || strcmp(argv[1], "-o")) {
		bool help = argc == 2 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"));

		/* asked for, the usage is output; otherwise it explains an error */
		fprintf(help ? stdout : stderr,
			"usage: ktsrun initrd -o FILE\n"
			"Write the guest initramfs (gzip cpio with the ktsrun init as "
			"/init).\n");
		return help ? EXIT_PASS : EXIT_ERROR;
	}
	/* gzip, as before: bench/boot's bare-QEMU baseline is frozen on it */
	fd = guest_initrd_build(NULL, true, err, sizeof(err));
	if (fd < 0) {
		log_err("%s", err);
		return EXIT_ERROR;
	}
	snprintf(tmp, sizeof(tmp), "%s.tmp%d", argv[2], (int)getpid());
	out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0 || copy_all(fd, out) || fsync(out) || rename(tmp, argv[2])) {
		int e = errno;
		struct stat st = { 0 };

		fstat(fd, &st);
		log_err("%s", fs_write_error(argv[2], e, (size_t)st.st_size, NULL, why, sizeof(why)));
		if (out >= 0)
			unlink(tmp);
		close(fd);
		if (out >= 0)
			close(out);
		return EXIT_ERROR;
	}
	close(out);
	close(fd);
	return EXIT_PASS;
}
