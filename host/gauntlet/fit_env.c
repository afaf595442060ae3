/* The environment a fit is judged in, from the command line: the kernel
 * (resolved like a boot would, but nothing is booted) and the VM kind. */
#include <stdio.h>

#include "host/gauntlet/fit.h"
#include "host/kernel/kernel_cache.h"

void fit_env_resolve(struct fit_env *e, const char *kernel, enum vm_want want)
{
	struct kernel_cache_entry k;
	char err[1400];

	if (kernel_cache_resolve(kernel, &k, err, sizeof(err))) {
		snprintf(e->kernel, sizeof(e->kernel), "(none)");
		e->nr_cpus = e->max_nodes = 0;
		e->vm = accel_peek(want, "", e->vm_note, sizeof(e->vm_note));
		return;
	}
	snprintf(e->kernel, sizeof(e->kernel), "%s", k.key[0] ? k.key : k.bzimage);
	fit_env_config_file(e, k.config);
	e->vm = accel_peek(want, k.bzimage, e->vm_note, sizeof(e->vm_note));
}

void fit_env_print(FILE *f, const struct fit_env *e)
{
	fprintf(f, "vm: %s\n", e->vm_note);
	fprintf(f, "host: %u CPUs, %u cores; TCG cap %u vCPUs per core; guest RAM cap %u MiB\n", e->host_cpus,
		e->host_cores, e->vcpus_per_core, e->mem_cap_mib);
	if (e->nr_cpus)
		fprintf(f, "kernel: %s: NR_CPUS=%u, up to %u NUMA nodes\n", e->kernel, e->nr_cpus,
			e->max_nodes);
	else
		fprintf(f, "kernel: %s: no config to read (NR_CPUS not checked)\n", e->kernel);
}
