#include "host/cmd/vmopts.h"

#include <stdlib.h>
#include <string.h>

#include "host/boot/bootpath.h"
#include "host/kernel/kernel_pvh.h"
#include "host/util/log.h"
#include "host/util/sig.h"

void vmopts_init(struct vm_opts *v, const char *spec, unsigned timeout)
{
	*v = (struct vm_opts){ .spec = spec, .mem = 512, .timeout = timeout };
}

static int parse_uint(const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	char *end;
	unsigned long n = strtoul(s, &end, 10);

	if (!*s || *end || n < lo || n > hi)
		return -1;
	*out = (unsigned)n;
	return 0;
}

int vmopts_uint_arg(const char *opt, const char *s, unsigned lo, unsigned hi, unsigned *out)
{
	if (parse_uint(s, lo, hi, out) == 0)
		return 0;
	log_err("%s '%s': expected a number from %u to %u", opt, s, lo, hi);
	return -1;
}

int vmopts_take(struct vm_opts *v, int opt, const char *arg)
{
	switch (opt) {
	case 't': v->spec = arg; return 1;
	case 'k': v->kernel = arg; return 1;
	case 'c': v->console = 1; return 1;
	case 'a':
		if (accel_parse(arg, &v->accel) == 0)
			return 1;
		log_err("--accel '%s': expected auto, own, kvm or tcg", arg);
		return -1;
	case 'm':
		if (parse_uint(arg, 128, 3072, &v->mem) == 0)
			return 1;
		log_err("--mem '%s': expected MiB between 128 and 3072", arg);
		return -1;
	case 'T':
		if (parse_uint(arg, 1, 86400, &v->timeout) == 0)
			return 1;
		log_err("--timeout '%s': expected seconds, 1 or more", arg);
		return -1;
	default: return 0;
	}
}

static char last_note[1400];

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

	if (topo_parse(v->spec, t, err, sizeof(err)) ||
	    kernel_cache_resolve(v->kernel, k, err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	if (bootpath_get(&o->bootpath, err, sizeof(err))) {
		log_err("%s", err);
		return -1;
	}
	o->kernel = boot_image(k, o->bootpath);
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
