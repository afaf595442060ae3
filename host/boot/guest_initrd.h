#ifndef KTS_HOST_BOOT_GUEST_INITRD_H
#define KTS_HOST_BOOT_GUEST_INITRD_H

#include <stdbool.h>
#include <stddef.h>

#define GUEST_INITRD_MORE 4

struct initramfs;

/* What a run adds to the guest's initramfs beyond the init. */
struct guest_initrd_extra {
	const void *scenario; /* bytecode for ktsrun.mode=run, as /scenario.ktsb, or NULL */
	size_t scenario_len;
	const char *bin_host;  /* a binary to carry with its libraries (a scheduler), or NULL */
	const char *bin_guest; /* its path in the guest, e.g. "/sched/scx_simple" */
	const char *more_host[GUEST_INITRD_MORE]; /* more binaries (schedulers a run switches to) */
	const char *more_guest[GUEST_INITRD_MORE];
	unsigned nmore;
	const char *const *payload; /* payload programs (work exec), each at its own path */
	unsigned npayload;
	const char *conf_path; /* a text file for the guest, e.g. /etc/ktsrun/sched.conf */
	const char *conf;
	size_t conf_len;
	/* Anything else a command adds (the shell's busybox and -i files);
	 * errors are the archive's own (initramfs_fail). NULL: nothing. */
	void (*add)(struct initramfs *ir, void *arg);
	void *add_arg;
};

/* A memfd holding the guest initramfs: the embedded init as /init, the
 * nodes it needs before devtmpfs is up, and x (NULL: nothing more), as a
 * plain cpio or gzip-compressed. -1 with err on failure. */
int guest_initrd_build(const struct guest_initrd_extra *x, bool gzip, char *err, size_t errlen);

#endif
