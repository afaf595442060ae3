/* The monitor in `ktsrun run`: the kernel's layout, loaded once per
 * invocation, and a monitor set up for one boot (host/monitor/monitor.h). */
#ifndef KTS_HOST_CMD_RUN_MONITOR_H
#define KTS_HOST_CMD_RUN_MONITOR_H

#include <limits.h>
#include <stdbool.h>

#include "host/boot/boot_dump.h"
#include "host/kernel/kernel_cache.h"
#include "host/monitor/monitor.h"
#include "lib/topo.h"

struct run_monitor_layout {
	char path[PATH_MAX]; /* the vmlinux l was loaded from; "" none yet */
	struct layout *l;    /* NULL when it could not be loaded (err) */
	char err[256];
};

/* Make m ready for a boot of kernel k on topology t; its first sustained
 * violation asks for dump (boot_dump_ask; NULL: no dump). A kernel without
 * vmlinux, BTF or symbols leaves m off with the reason (claims on it are
 * inconclusive); the run goes on. */
void run_monitor_setup(struct monitor *m, struct run_monitor_layout *lay, const struct kernel_cache_entry *k,
		       const struct topo *t, unsigned hz, bool emulated, struct boot_dump *dump);
void run_monitor_layout_free(struct run_monitor_layout *lay);
/* CONFIG_HZ of a kernel config file; 0 when it does not say. */
unsigned run_monitor_config_hz(const char *config);

#endif
