/* ktsrun guest init: PID 1 in the VM.
 *
 * Mounts the filesystems a scheduler test needs, reports over the COM2
 * channel, then powers off. PID 1 never exits: every failure becomes an
 * ERROR record and a power-off, so the host never waits on a silent guest.
 *
 * Started as any other pid, it is the runner of an exported scenario
 * (guest/local.h): the same run mode on the machine it is on, with no mounts
 * and no kernel log lines of its own, the channel on a descriptor, and exit
 * where PID 1 powers off. */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <stdint.h>
#include <time.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/chantest.h"
#include "guest/local.h"
#include "guest/runtime.h"
#include "guest/selfreport.h"
#include "guest/schedtest.h"
#include "guest/selftest.h"
#include "guest/shell.h"
#include "guest/sysfs.h"
#include "guest/worktest.h"
#include "lib/proto.h"

#define CHAN_TTY "/dev/ttyS1"

struct mnt {
	const char *src, *dst, *type;
};

static const struct mnt mounts[] = {
	{ "proc", "/proc", "proc" },
	{ "sysfs", "/sys", "sysfs" },
	{ "devtmpfs", "/dev", "devtmpfs" },
	{ "tmpfs", "/tmp", "tmpfs" },
	{ "tmpfs", "/run", "tmpfs" },
	{ "cgroup2", "/sys/fs/cgroup", "cgroup2" },
	{ "debugfs", "/sys/kernel/debug", "debugfs" },
	{ "tracefs", "/sys/kernel/tracing", "tracefs" },
	{ "bpf", "/sys/fs/bpf", "bpf" },
};

static bool pid1;

static void kmsg(const char *msg)
{
	FILE *f = pid1 ? fopen("/dev/kmsg", "w") : NULL;

	if (f) {
		fprintf(f, "ktsrun-init: %s\n", msg);
		fclose(f);
	}
}

static void power_off(void)
{
	if (!pid1)
		exit(0); /* the runner: the host side judges what it sent */
	chan_flush();
	sync();
	reboot(RB_POWER_OFF);
	/* power-off failed: a reset also ends the VM (QEMU runs -no-reboot) */
	reboot(RB_AUTOBOOT);
	for (;;)
		pause();
}

static void fail(const char *where, int err)
{
	char msg[160];

	snprintf(msg, sizeof(msg), "%s: %s", where, strerror(err < 0 ? -err : err));
	kmsg(msg);
	chan_rec(REC_ERROR, "where=%s\nerrno=%d\nmsg=%s\n", where, err < 0 ? -err : err, msg);
	power_off();
}

/* Like fail(), with the runtime's own one-line reason. */
static void fail_msg(const char *where, int err, const char *why)
{
	char msg[400];

	snprintf(msg, sizeof(msg), "%s: %s", where, why);
	kmsg(msg);
	chan_rec(REC_ERROR, "where=%s\nerrno=%d\nmsg=%s\n", where, err < 0 ? -err : err, msg);
	power_off();
}

static int mount_all(const char **failed)
{
	for (size_t i = 0; i < sizeof(mounts) / sizeof(mounts[0]); i++) {
		mkdir(mounts[i].dst, 0755);
		if (mount(mounts[i].src, mounts[i].dst, mounts[i].type, 0, NULL) && errno != EBUSY) {
			*failed = mounts[i].dst;
			return -errno;
		}
	}
	return 0;
}

/* The value of ktsrun.KEY= on the kernel command line, or def. */
static const char *cmdline_get(const char *key, char *buf, size_t len, const char *def)
{
	static char cmd[4096];
	char pat[64];
	const char *p;
	size_t n;

	if (!cmd[0] && sysfs_read(cmd, sizeof(cmd), "/proc/cmdline"))
		return def;
	snprintf(pat, sizeof(pat), "ktsrun.%s=", key);
	p = strstr(cmd, pat);
	if (!p)
		return def;
	p += strlen(pat);
	n = strcspn(p, " ");
	if (n >= len)
		n = len - 1;
	memcpy(buf, p, n);
	buf[n] = '\0';
	return buf;
}

/* Garbage on the console (ttyS0) and the channel (ttyS1) for FLOOD_S
 * seconds, as fast as the UARTs take it (about 50 KB/s each under TCG on
 * a loaded host): the host must keep its memory bounded and call the run
 * an error (tests/e2e/guest_faults.sh). */
#define FLOOD_S 20

static void flood(void)
{
	static unsigned char junk[4096];
	uint32_t x = 2463534242u;
	struct timespec t0, t;
	FILE *con = fopen("/dev/ttyS0", "w");

	clock_gettime(CLOCK_MONOTONIC, &t0);
	do {
		for (size_t i = 0; i < sizeof(junk); i++) {
			x ^= x << 13, x ^= x >> 17, x ^= x << 5; /* xorshift32 */
			junk[i] = (unsigned char)x;
		}
		if (con && fwrite(junk, 1, sizeof(junk), con) != sizeof(junk))
			break;
		chan_raw(junk, sizeof(junk));
		clock_gettime(CLOCK_MONOTONIC, &t);
	} while (t.tv_sec - t0.tv_sec < FLOOD_S);
	if (con)
		fclose(con);
}

/* Deliberate faults, so the host's handling of each can be tested. */
static void inject(const char *fault)
{
	if (!strcmp(fault, "flood"))
		flood();
	if (!strcmp(fault, "panic")) {
		FILE *f = fopen("/proc/sysrq-trigger", "w");

		if (f) {
			fputc('c', f);
			fclose(f);
		}
	} else if (!strcmp(fault, "hang")) {
		for (;;)
			pause();
	} else if (!strcmp(fault, "garbage")) {
		static const char junk[] = "\x00\xffKTS\x01garbage KTSF\xff\xff\xff\xff";

		chan_raw(junk, sizeof(junk) - 1);
	} else if (!strcmp(fault, "exit")) {
		exit(3); /* PID 1 exiting panics the kernel */
	}
}

int main(int argc, char **argv)
{
	char mode[32] = "run", fault[32] = "none";
	const char *where = "";
	int err = 0;

	pid1 = getpid() == 1;
	if (!pid1 && local_setup(argc, argv))
		return 2;
	/* printk time of the init's start, for bench/boot (the kernel's own
	 * "Run /init" line is below the quiet console's level) */
	kmsg("start");
	if (pid1)
		err = mount_all(&where);
	/* the channel needs /dev; report a mount failure after opening it */
	if (pid1 && chan_open(CHAN_TTY)) {
		kmsg("cannot open " CHAN_TTY "; powering off");
		power_off();
	}
	if (err)
		fail(where, err);
	if (pid1) {
		cmdline_get("mode", mode, sizeof(mode), "topo");
		cmdline_get("fault", fault, sizeof(fault), "none");
	}
	/* its printk time pairs the guest clock with the host's arrival stamp
	 * of the first record (bench/boot splits a boot's wall with it) */
	kmsg("hello");
	if ((err = selfreport_hello(mode)))
		fail("hello", err);
	inject(fault);
	if (!strcmp(mode, "topo")) {
		if ((err = selfreport_topology()))
			fail("topology", err);
		if ((err = selfreport_memprobe()))
			fail("memprobe", err);
	} else if (!strcmp(mode, "worktest")) {
		char why[300];

		if ((err = worktest_run(why, sizeof(why))))
			fail_msg("worktest", err, why);
	} else if (!strcmp(mode, "run")) {
		char why[512];

		/* the shape first: the host checks it against the declaration */
		if ((err = selfreport_topology()))
			fail("topology", err);
		if ((err = runmode_main(fault, why, sizeof(why))))
			fail_msg("run", err, why);
	} else if (!strcmp(mode, "schedtest")) {
		char why[300];

		if ((err = schedtest_run(why, sizeof(why))))
			fail_msg("schedtest", err, why);
	} else if (!strcmp(mode, "selftest")) {
		char why[300];

		if ((err = selftest_run(why, sizeof(why))))
			fail_msg("selftest", err, why);
	} else if (!strcmp(mode, "chantest")) {
		char why[300];

		if ((err = chantest_run(why, sizeof(why))))
			fail_msg("chantest", err, why);
	} else if (!strcmp(mode, "shell")) {
		char why[300];

		if ((err = shell_run(why, sizeof(why))))
			fail_msg("shell", err, why);
	} else if (strcmp(mode, "probe")) {
		fail("unknown ktsrun.mode", EINVAL);
	}
	chan_rec(REC_DONE, "status=0\n");
	power_off();
	return 0;
}
