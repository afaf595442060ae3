/* Building the qemu-system-x86_64 command line from a vmm_config. */
#ifndef KTS_QEMU_ARGS_H
#define KTS_QEMU_ARGS_H

#include "vmm/vmm.h"

#define QEMU_MAX_ARGS 160

struct qemu_fds {
	int ram[TOPO_MAX_NODES]; /* one memfd per NUMA node */
	int com1, com2;		 /* QEMU's ends of the serial socketpairs */
	int initrd;
};

struct qemu_argv {
	char *argv[QEMU_MAX_ARGS + 1];
	int argc;
};

/* Fill av for cfg with the given fds and resolved accel (KVM or TCG).
 * 0, or -1 if the command line would not fit. Free with qemu_argv_free. */
int qemu_argv_build(struct qemu_argv *av, const struct vmm_config *cfg, const struct qemu_fds *fds,
		    enum vmm_accel accel);
void qemu_argv_free(struct qemu_argv *av);
/* RAM of one node in MiB: total split evenly, at least 64 MiB each. */
unsigned qemu_node_mib(const struct vmm_config *cfg);

#endif
