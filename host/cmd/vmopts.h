/* Options every VM-booting command shares (--topo, --kernel, --accel, --mem,
 * --timeout, --console) and the steps from them to ready boot_opts. */
#ifndef KTS_HOST_CMD_VMOPTS_H
#define KTS_HOST_CMD_VMOPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "host/boot/accel.h"
#include "host/boot/boot.h"
#include "host/kernel/kernel_cache.h"

#define VMOPTS_MEM_MIN	   128	/* MiB */
#define VMOPTS_MEM_MAX	   3072 /* below the 32-bit PCI hole (doc/architecture.md) */
#define VMOPTS_TIMEOUT_MAX 86400

struct vm_opts {
	const char *spec, *kernel;
	enum vm_want accel;
	unsigned mem, timeout;
	int console;
	bool scx;	   /* a sched_ext scheduler will load: refuse a kernel without it */
	const char *sched; /* its spec when known: resolved before the VM is probed */
};

/* getopt_long entries and short letters of the shared options. */
#define VMOPTS_LONG                                                                                 \
	{ "topo", required_argument, NULL, 't' }, { "kernel", required_argument, NULL, 'k' },       \
		{ "accel", required_argument, NULL, 'a' }, { "mem", required_argument, NULL, 'm' }, \
		{ "timeout", required_argument, NULL, 'T' }, { "console", no_argument, NULL, 'c' }
#define VMOPTS_SHORT "t:k:a:m:T:c"

#define VMOPTS_USAGE                                                                            \
	"  --topo SPEC     a preset (ktsrun topo --list) or a spelling like 2n4l2c2t\n"         \
	"                  (nodes, LLCs in all, cores per LLC, threads per core)\n"             \
	"  --kernel K      bzImage path or cache key (default: KTSRUN_KERNEL, newest cached)\n" \
	"  --accel A       own: our kvm VMM; kvm: QEMU with KVM; tcg: QEMU emulating;\n"        \
	"                  auto (default): the first that boots this kernel, probed once\n"     \
	"  --mem MIB       guest RAM, split over nodes: 128 to 3072 (default 512)\n"            \
	"  --timeout SEC   watchdog, 1 to 86400\n"                                              \
	"  --console       copy the guest console to stderr, with the kernel's whole log\n"

void vmopts_init(struct vm_opts *v, const char *spec, unsigned timeout);
/* A command's own unsigned option in [lo, hi]; 0, or -1 after saying why. */
int vmopts_uint_arg(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out);
/* One getopt result: 1 taken, 0 not a shared option, -1 bad value (said). */
int vmopts_take(struct vm_opts *v, int opt, const char *arg);
/* Say which VM v's kernel boots in, once, before processes that boot it
 * are forked (they inherit that it was said). 0, or -1 (said later). */
int vmopts_announce(const struct vm_opts *v);
/* Topology, kernel and VM choice: fills t, k and o (kernel, topo, mem,
 * backend, accel, timeout, console) and says which VM in one line.
 * Installs the signal handlers. 0, or -1 after printing the error. */
int vmopts_prepare(const struct vm_opts *v, struct topo *t, struct kernel_cache_entry *k,
		   struct boot_opts *o);

#endif
