/* One boot of the guest: initramfs, VM, result channel, watchdog, outcome.
 * Everything the VM needed is gone when boot_run returns. */
#ifndef KTS_HOST_BOOT_BOOT_H
#define KTS_HOST_BOOT_BOOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host/boot/boot_link.h"
#include "host/boot/guest_initrd.h"
#include "vmm/vmm.h"

/* Something that watches the guest while it runs (the monitor): started on
 * the guest's HELLO, when the VM's memory is mapped and the kernel up, and
 * stopped before that memory is unmapped. Both run on the boot's thread. */
struct boot_watch {
	void (*start)(void *arg, struct vmm *vm);
	void (*stop)(void *arg);
	void *arg;
};

struct boot_opts {
	const char *kernel; /* bzImage, or a PVH vmlinux image */
	const struct topo *topo;
	unsigned mem_mib;
	const struct vmm_backend *backend; /* NULL: qemu */
	enum vmm_accel accel;		   /* KVM or TCG, already resolved */
	const char *mode;		   /* ktsrun.mode for the guest init */
	const char *fault;		   /* ktsrun.fault: none, panic, hang, garbage, exit */
	const char *kernel_args;	   /* appended to the kernel command line, or NULL */
	unsigned timeout_s;		   /* watchdog */
	bool echo_console;		   /* copy the guest console to stderr as it comes */
	int console_fd;			   /* > 0: also copy it there, the kernel kept quiet (the shell) */
	const void *scenario;		   /* bytecode for ktsrun.mode=run, or NULL */
	size_t scenario_len;
	const struct guest_initrd_extra *initrd_extra; /* NULL: the init alone */
	const char *const *payloads; /* work exec programs, at their host paths (the guest's too) */
	unsigned npayloads;
	const struct boot_watch *watch; /* NULL: none */
	struct boot_link *link;		/* requests and console input to the guest (boot_link.h), or NULL */
	unsigned bootpath;		/* BOOTPATH_* old ways (host/boot/bootpath.h) */
	bool ftrace_clean;		/* no weak-function ftrace records (kernel_pvh.h) */
	bool lapic_timer_khz;		/* the kernel takes lapic_timer_khz= (kernel_pvh.h) */
};

enum boot_outcome {
	BOOT_OK,	  /* the guest reported DONE and powered off */
	BOOT_GUEST_ERROR, /* the guest init reported an ERROR record */
	BOOT_PANIC,	  /* kernel panic */
	BOOT_NO_DONE,	  /* the VM ended without DONE */
	BOOT_TIMEOUT,	  /* watchdog */
	BOOT_VMM_ERROR,	  /* the backend failed (QEMU could not start, ...) */
	BOOT_INTERRUPTED, /* SIGINT/SIGTERM/SIGHUP */
	BOOT_SETUP_ERROR, /* before the VM started */
};

struct boot_result {
	enum boot_outcome outcome;
	char detail[512];
	double t_first_byte; /* seconds from VM start to the first COM2 byte; -1 if none */
	double t_hello;	     /* ... to the HELLO record */
	double t_total;	     /* ... to the VM being gone */
	double t_initrd;     /* seconds spent building the initramfs */
	/* what the channel decoder threw away */
	unsigned long frames, garbage_bytes, bad_crc, oversized, bad_records;
	unsigned long bad_replies; /* REC_REPLY records that answer nothing we asked */
	char first_bad_reply[160];
	size_t truncated;
	bool left;     /* the user left the VM (boot_link_leave); it was killed */
	int memprobe;  /* 1 found the guest's nonce in mapped RAM, 0 not checked, -1 mismatch */
	char *console; /* bounded: host/boot/boot_console.h */
	size_t console_len;
	size_t console_total, console_dropped; /* bytes the guest printed, and not kept */
};

typedef void (*boot_rec_fn)(void *arg, unsigned type, const uint8_t *payload, size_t len);

/* Returns r->outcome. fn sees every valid record in order. */
enum boot_outcome boot_run(const struct boot_opts *o, boot_rec_fn fn, void *arg, struct boot_result *r);
void boot_result_free(struct boot_result *r);
const char *boot_outcome_name(enum boot_outcome oc);
/* If the result channel was corrupt (frames dropped by the decoder, replies
 * to nothing asked, or bad_records records the caller could not take),
 * describe it in one line and return 1: no result of such a run can be
 * trusted. */
int boot_channel_fault(const struct boot_result *r, unsigned bad_records, const char *first_bad, char *out,
		       size_t len);
/* The detail line and the last lines of the guest console. */
void boot_print_failure(const struct boot_result *r, FILE *out, unsigned tail_lines);
/* For a command that boots one VM: if the boot failed or its result channel
 * was corrupt, say so on stderr and return the exit code; else 0. */
int boot_unusable(const struct boot_result *r, unsigned bad_records, const char *first_bad);

#endif
