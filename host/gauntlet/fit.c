#include "host/gauntlet/fit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static unsigned bits_for(unsigned n)
{
	unsigned b = 0;

	while ((1u << b) < n)
		b++;
	return b;
}

unsigned fit_qemu_apic_max(const struct topo *t)
{
	unsigned tb = bits_for(t->threads), cb = bits_for(t->cores);
	unsigned db = bits_for(topo_llcs_per_node(t));

	return ((t->nodes - 1) << (tb + cb + db)) | ((topo_llcs_per_node(t) - 1) << (tb + cb)) |
	       ((t->cores - 1) << tb) | (t->threads - 1);
}

/* Distinct core_cpus_list lines: SMT siblings share one. */
static unsigned count_cores(unsigned ncpus)
{
	char seen[64][32], path[96], buf[32];
	unsigned n = 0;

	for (unsigned c = 0; c < ncpus && n < 64; c++) {
		FILE *f;
		unsigned i;

		snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%u/topology/thread_siblings_list",
			 c);
		if (!(f = fopen(path, "r")))
			continue;
		if (!fgets(buf, sizeof(buf), f))
			buf[0] = '\0';
		fclose(f);
		for (i = 0; i < n && strcmp(seen[i], buf); i++)
			;
		if (i == n)
			snprintf(seen[n++], sizeof(seen[0]), "%s", buf);
	}
	return n ? n : ncpus;
}

void fit_env_host(struct fit_env *e)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN), pages = sysconf(_SC_PHYS_PAGES);
	long psz = sysconf(_SC_PAGESIZE);

	e->host_cpus = cpus > 0 ? (unsigned)cpus : 1;
	e->host_cores = count_cores(e->host_cpus);
	e->vcpus_per_core = FIT_DEF_VCPUS_PER_CORE;
	e->mem_cap_mib = pages > 0 && psz > 0
				 ? (unsigned)((unsigned long long)pages * (unsigned long long)psz / 2 >> 20)
				 : 2048;
}

/* The value of CONFIG_<name>=, or NULL; the last line wins, as in kconfig. */
static const char *config_value(const char *text, size_t len, const char *name, char *out, size_t outlen)
{
	size_t nl = strlen(name);
	const char *found = NULL;

	for (const char *p = text, *end = text + len; p < end;) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		size_t l = eol ? (size_t)(eol - p) : (size_t)(end - p);

		if (l > 7 + nl && !strncmp(p, "CONFIG_", 7) && !strncmp(p + 7, name, nl) &&
		    p[7 + nl] == '=') {
			size_t vl = l - 8 - nl;

			vl = vl < outlen - 1 ? vl : outlen - 1;
			memcpy(out, p + 8 + nl, vl);
			out[vl] = '\0';
			found = out;
		}
		p += l + 1;
	}
	return found;
}

void fit_env_config(struct fit_env *e, const char *text, size_t len)
{
	char v[32];
	long n;

	e->nr_cpus = e->max_nodes = 0;
	if (config_value(text, len, "NR_CPUS", v, sizeof(v)) && (n = strtol(v, NULL, 10)) > 0)
		e->nr_cpus = (unsigned)n;
	if (!config_value(text, len, "NUMA", v, sizeof(v)) || strcmp(v, "y"))
		e->max_nodes = e->nr_cpus ? 1 : 0; /* a config without NUMA has one node */
	else if (config_value(text, len, "NODES_SHIFT", v, sizeof(v)) && (n = strtol(v, NULL, 10)) >= 0 &&
		 n < 16)
		e->max_nodes = 1u << n;
	else
		e->max_nodes = 1; /* NUMA without NODES_SHIFT: the option's default is 0 */
}

void fit_env_config_file(struct fit_env *e, const char *path)
{
	FILE *f = path[0] ? fopen(path, "r") : NULL;
	char *buf = NULL;
	long n;

	e->nr_cpus = e->max_nodes = 0;
	if (!f)
		return;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) > 0 && n < (64l << 20) &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n)
		fit_env_config(e, buf, (size_t)n);
	free(buf);
	fclose(f);
}

unsigned fit_reserve(const struct fit_env *e, unsigned ncpus)
{
	unsigned per = e->vcpus_per_core ? e->vcpus_per_core : 1;
	unsigned smt = e->host_cores ? e->host_cpus / e->host_cores : 1, n;

	n = e->vm == VM_QEMU_TCG ? (ncpus + per - 1) / per * (smt ? smt : 1) : ncpus;
	return n > e->host_cpus ? e->host_cpus : n ? n : 1;
}

static void check_host(const struct fit_env *e, const struct topo *t, unsigned mem, struct fit *f)
{
	unsigned n = topo_ncpus(t);

	f->host = false;
	if (e->vm == VM_QEMU_TCG && n > e->vcpus_per_core * e->host_cores)
		snprintf(f->host_why, FIT_WHY,
			 "%u vCPUs under TCG on %u host cores: more than %u per core (--vcpus-per-core)", n,
			 e->host_cores, e->vcpus_per_core);
	else if (e->vm != VM_QEMU_TCG && n > e->host_cpus)
		snprintf(f->host_why, FIT_WHY, "%u vCPUs under KVM on %u host CPUs", n, e->host_cpus);
	else if (mem > e->mem_cap_mib)
		snprintf(f->host_why, FIT_WHY, "%u MiB of guest RAM, above the cap of %u MiB (--mem-cap)",
			 mem, e->mem_cap_mib);
	else
		f->host = true;
}

static void check_vm(const struct fit_env *e, const struct topo *t, unsigned mem, struct fit *f)
{
	unsigned apic = fit_qemu_apic_max(t);

	f->vm = false;
	if (e->vm == VM_KVM_OWN && topo_ncpus(t) > FIT_OWN_MAX_CPUS)
		snprintf(
			f->vm_why, FIT_WHY,
			"%u vCPUs; our kvm backend is shown to work up to %u (its tiny guest's report of 128 "
			"is incomplete, of 252 corrupt)",
			topo_ncpus(t), FIT_OWN_MAX_CPUS);
	else if (e->vm != VM_KVM_OWN && topo_ncpus(t) > 255)
		snprintf(f->vm_why, FIT_WHY,
			 "QEMU 7.2's pc machine takes at most 255 CPUs; needs --accel own");
	else if (e->vm != VM_KVM_OWN && apic > 254)
		snprintf(f->vm_why, FIT_WHY,
			 "needs APIC IDs up to %u; QEMU 7.2's APIC stops at 254 (needs KVM with x2APIC: "
			 "--accel own)",
			 apic);
	else if (e->vm != VM_KVM_OWN && mem > 3072)
		snprintf(f->vm_why, FIT_WHY, "%u MiB: the qemu backend keeps guest RAM below 3 GiB", mem);
	else
		f->vm = true;
}

static void check_kernel(const struct fit_env *e, const struct topo *t, struct fit *f)
{
	f->kernel = false;
	if (e->nr_cpus && topo_ncpus(t) > e->nr_cpus)
		snprintf(f->kernel_why, FIT_WHY, "%u CPUs; kernel %s has NR_CPUS=%u", topo_ncpus(t),
			 e->kernel, e->nr_cpus);
	else if (e->max_nodes && t->nodes > e->max_nodes)
		snprintf(f->kernel_why, FIT_WHY, "%u nodes; kernel %s takes %u (CONFIG_NUMA, NODES_SHIFT)",
			 t->nodes, e->kernel, e->max_nodes);
	else
		f->kernel = true;
}

void fit_check(const struct fit_env *e, const struct topo *t, unsigned mem_mib, struct fit *f)
{
	memset(f, 0, sizeof(*f));
	check_host(e, t, mem_mib, f);
	check_vm(e, t, mem_mib, f);
	check_kernel(e, t, f);
}

bool fit_ok(const struct fit *f)
{
	return f->host && f->vm && f->kernel;
}

const char *fit_reason(const struct fit *f)
{
	return !f->vm ? f->vm_why : !f->kernel ? f->kernel_why : !f->host ? f->host_why : "";
}
