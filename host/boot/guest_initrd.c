#include "host/boot/guest_initrd.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/boot/embed.h"
#include "host/boot/initramfs.h"

int guest_initrd_build(const struct guest_initrd_extra *x, bool gzip, char *err, size_t errlen)
{
	static const char *const dirs[] = { "/dev", "/proc", "/sys", "/tmp", "/run" };
	struct initramfs *ir;
	int fd = memfd_create("ktsrun-initrd", MFD_CLOEXEC);

	if (fd < 0) {
		snprintf(err, errlen, "memfd_create: %s", strerror(errno));
		return -1;
	}
	ir = initramfs_open(fd, gzip);
	if (!ir) {
		snprintf(err, errlen, "out of memory building the initramfs");
		close(fd);
		return -1;
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		initramfs_add_dir(ir, dirs[i], 0755);
	/* the kernel opens /dev/console for init before devtmpfs is mounted */
	initramfs_add_node(ir, "/dev/console", S_IFCHR | 0600, 5, 1);
	/* and /dev/kmsg, so it can log before it mounts anything */
	initramfs_add_node(ir, "/dev/kmsg", S_IFCHR | 0644, 1, 11);
	initramfs_add_file(ir, "/init", embed_guest_init, EMBED_SIZE(embed_guest_init), 0755);
	if (x && x->scenario)
		initramfs_add_file(ir, "/scenario.ktsb", x->scenario, x->scenario_len, 0644);
	if (x && x->bin_host)
		initramfs_add_binary(ir, x->bin_guest, x->bin_host);
	for (unsigned i = 0; x && i < x->nmore && i < GUEST_INITRD_MORE; i++)
		initramfs_add_binary(ir, x->more_guest[i], x->more_host[i]);
	for (unsigned i = 0; x && i < x->npayload; i++)
		initramfs_add_binary(ir, x->payload[i], x->payload[i]);
	if (x && x->conf_path)
		initramfs_add_file(ir, x->conf_path, x->conf, x->conf_len, 0644);
	if (x && x->add)
		x->add(ir, x->add_arg);
	if (initramfs_close(ir, err, errlen)) {
		close(fd);
		return -1;
	}
	return fd;
}
