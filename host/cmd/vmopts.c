#include "host/cmd/vmopts.h"

#include <stdlib.h>
#include <string.h>

#include "host/cmd/cmd_args.h"
#include "host/kernel/kconfig_read.h"
#include "host/sched/sched_cache.h"
#include "host/sched/sched_spec.h"
#include "host/gauntlet/preset.h"
#include "host/boot/bootpath.h"
#include "host/kernel/kernel_pvh.h"
#include "host/util/log.h"
#include "host/util/sig.h"

void vmopts_init(struct vm_opts *v, const char *spec, unsigned timeout)
{
	*v = (struct vm_opts){ .spec = spec, .mem = 512, .timeout = timeout };
}

int vmopts_uint_arg(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	return cmd_args_uint(opt, s, lo, hi, out);
}

int vmopts_take(struct vm_opts *v, int opt, const char *arg)
{
	switch (opt) {
	case 't': {
		struct topo t;
		char err[256];

		/* said now, not after a compile or a kernel lookup */
		if (preset_parse(arg, &t, err, sizeof(err))) {
			log_err("--topo: %s", err);
			return -1;
		}
		v->spec = arg;
		return 1;
	}
	case 'k': v->kernel = arg; return 1;
	case 'c': v->console = 1; return 1;
	case 'a':
		if (accel_parse(arg, &v->accel) == 0)
			return 1;
		log_err("--accel '%s': expected auto, own, kvm or tcg", arg);
		return -1;
	case 'm': return cmd_args_uint("--mem", arg, VMOPTS_MEM_MIN, VMOPTS_MEM_MAX, &v->mem) ? -1 : 1;
	case 'T': return cmd_args_uint("--timeout", arg, 1, VMOPTS_TIMEOUT_MAX, &v->timeout) ? -1 : 1;
	default: return 0;
	}
}

/* A scheduler that cannot be found is said before a first-time accel probe
 * of this kernel (tens of seconds) rather than after it. */
static int sched_early(const struct vm_opts *v, const struct kernel_cache_entry *k, char *err, size_t len)
{
	struct sched_spec s;
	char path[PATH_MAX];

	if (!v->sched)
		return 0;
	return sched_spec_parse(v->sched, &s, err, len) ||
	       sched_cache_resolve(s.name, k, path, sizeof(path), err, len);
}

static char last_note[1400];

int vmopts_announce(const struct vm_opts *v)
{
	struct kernel_cache_entry k;
	struct vm_choice vc;
	char err[1400];

	if (kernel_cache_resolve(v->kernel, &k, err, sizeof(err)) ||
	    accel_resolve(v->accel, k.bzimage, &vc, err, sizeof(err)))
		return -1; /* said by the boots, which fail the same way */
	log_info("%s", err);
	snprintf(last_note, sizeof(last_note), "%s", err);
	return 0;
}

/* The PVH image unless KTSRUN_BOOT asks for the bzImage or the kernel has
 * none; a failure to make it costs speed, not the run. */
static const char *boot_image(struct kernel_cache_entry *k, unsigned bootpath)
{
	static char warned[PATH_MAX];
	char err[600];

	if (bootpath & BOOTPATH_BZIMAGE)
		return k->bzimage;
	switch (kernel_pvh_image(k, k->pvh, sizeof(k->pvh), err, sizeof(err))) {
	case 1: return k->pvh;
	case 0: return k->bzimage;
	default:
		if (strcmp(warned, k->vmlinux)) {
			log_warn("no PVH image of %s (%s); booting the bzImage", k->vmlinux, err);
			snprintf(warned, sizeof(warned), "%s", k->vmlinux);
		}
		k->pvh[0] = '\0';
		return k->bzimage;
	}
}

int vmopts_prepare(const struct vm_opts *v, struct topo *t, struct kernel_cache_entry *k, struct boot_opts *o)
{
	struct vm_choice vc;
	char err[1400];

	if (preset_parse(v->spec, t, err, sizeof(err)) ||
	    kernel_cache_resolve(v->kernel, k, err, sizeof(err)) ||
	    ((v->scx || v->sched) && kconfig_read_scx(k, err, sizeof(err)) < 0) ||
	    sched_early(v, k, err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	if (bootpath_get(&o->bootpath, err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	o->kernel = boot_image(k, o->bootpath);
	if (o->kernel == k->pvh) {
		struct kernel_pvh_facts f;

		kernel_pvh_facts(k, k->pvh, &f);
		o->ftrace_clean = f.ftrace_clean;
		o->lapic_timer_khz = f.lapic_timer_khz;
	}
	sig_install();
	if (accel_resolve(v->accel, o->kernel, &vc, err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	if (strcmp(err, last_note)) { /* a run of many scenarios says it once */
		log_info("%s", err);
		snprintf(last_note, sizeof(last_note), "%s", err);
	}
	o->topo = t;
	o->mem_mib = v->mem;
	o->backend = vc.backend;
	o->accel = vc.accel;
	o->timeout_s = v->timeout;
	o->echo_console = v->console;
	log_info("booting %s on %s (%u CPUs, %u MiB)", k->key[0] ? k->key : k->bzimage, t->spec,
		 topo_ncpus(t), v->mem);
	return 0;
}
