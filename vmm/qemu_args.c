#include "vmm/qemu_args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((format(printf, 2, 3))) static void add(struct qemu_argv *av, const char *fmt, ...)
{
	va_list ap;
	char *s;

	if (av->argc < 0)
		return;
	va_start(ap, fmt);
	if (av->argc >= QEMU_MAX_ARGS || vasprintf(&s, fmt, ap) < 0) {
		av->argc = -1 - av->argc; /* remember the count so free still works */
		va_end(ap);
		return;
	}
	va_end(ap);
	av->argv[av->argc++] = s;
	av->argv[av->argc] = NULL;
}

unsigned qemu_node_mib(const struct vmm_config *cfg)
{
	unsigned per = cfg->mem_mib / cfg->topo->nodes;

	return per < 64 ? 64 : per;
}

/* sockets = NUMA nodes and dies = LLCs: QEMU scopes the Intel L3 cache to
 * a die, so Linux sees one LLC per die. */
static void add_topology(struct qemu_argv *av, const struct vmm_config *cfg, const struct qemu_fds *fds)
{
	const struct topo *t = cfg->topo;
	unsigned per_node = topo_ncpus(t) / t->nodes;
	unsigned mib = qemu_node_mib(cfg);

	add(av, "-smp");
	add(av, "%u,sockets=%u,dies=%u,cores=%u,threads=%u", topo_ncpus(t), t->nodes, topo_llcs_per_node(t),
	    t->cores, t->threads);
	add(av, "-m");
	add(av, "%u", mib * t->nodes);
	for (unsigned n = 0; n < t->nodes; n++) {
		/* QEMU reopens our memfd by path, so the host maps the same pages */
		add(av, "-object");
		add(av, "memory-backend-file,id=ram%u,size=%uM,mem-path=/proc/self/fd/%d,share=on", n, mib,
		    fds->ram[n]);
	}
	if (t->nodes == 1) {
		add(av, "-machine");
		/* microvm: no PCI, no PIIX, its own qboot; ACPI for the MADT and S5 */
		add(av, cfg->microvm ? "microvm,acpi=on,memory-backend=ram0" : "pc,memory-backend=ram0");
		return;
	}
	add(av, "-machine");
	add(av, "pc");
	for (unsigned n = 0; n < t->nodes; n++) {
		add(av, "-numa");
		add(av, "node,nodeid=%u,cpus=%u-%u,memdev=ram%u", n, n * per_node, (n + 1) * per_node - 1, n);
	}
	for (unsigned i = 0; i < t->nodes; i++)
		for (unsigned j = 0; j < t->nodes; j++)
			if (i != j) {
				add(av, "-numa");
				add(av, "dist,src=%u,dst=%u,val=%u", i, j, t->distance[i][j]);
			}
}

int qemu_argv_build(struct qemu_argv *av, const struct vmm_config *cfg, const struct qemu_fds *fds,
		    enum vmm_accel accel)
{
	memset(av, 0, sizeof(*av));
	add(av, "qemu-system-x86_64");
	/* so ps (and our tests) can tell whose VM it is; debug-threads names
	 * the vCPU threads "CPU N/TCG", whose host CPU time the monitor reads */
	add(av, "-name");
	add(av, "ktsrun-%d,debug-threads=on", (int)getpid());
	add(av, "-nodefaults");
	add(av, "-no-user-config");
	add(av, "-display");
	add(av, "none");
	add(av, "-no-reboot"); /* a guest reset or panic (panic=-1) ends the VM */
	add(av, "-accel");
	add(av, accel == VMM_ACCEL_KVM ? "kvm" : "tcg,thread=multi");
	add(av, "-cpu");
	add(av, accel == VMM_ACCEL_KVM ? "host" : "max,vendor=GenuineIntel");
	add_topology(av, cfg, fds);
	if (cfg->firmware && !(cfg->microvm && cfg->topo->nodes == 1)) {
		add(av, "-bios");
		add(av, "%s", cfg->firmware);
	}
	add(av, "-kernel");
	add(av, "%s", cfg->kernel);
	if (fds->initrd >= 0) {
		add(av, "-initrd");
		add(av, "/proc/self/fd/%d", fds->initrd);
	}
	add(av, "-append");
	add(av, "%s", cfg->cmdline);
	/* each serial port is one end of a socketpair we made: both ways,
	 * bounded by the socket buffers, nothing on disk */
	add(av, "-chardev");
	add(av, "socket,id=com1,fd=%d", fds->com1);
	add(av, "-serial");
	add(av, "chardev:com1");
	add(av, "-chardev");
	add(av, "socket,id=com2,fd=%d", fds->com2);
	if (cfg->microvm && cfg->topo->nodes == 1) { /* microvm makes one ISA serial port itself */
		add(av, "-device");
		add(av, "isa-serial,chardev=com2,iobase=0x2f8,irq=3");
	} else {
		add(av, "-serial");
		add(av, "chardev:com2");
	}
	if (av->argc < 0) {
		av->argc = -1 - av->argc;
		return -1;
	}
	return 0;
}

void qemu_argv_free(struct qemu_argv *av)
{
	for (int i = 0; i < av->argc; i++)
		free(av->argv[i]);
	av->argc = 0;
}
