/* Setting up the monitor for one boot of `ktsrun run`. */
#include "host/cmd/run_monitor.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/monitor/monitor_find.h"

unsigned run_monitor_config_hz(const char *config)
{
	char line[256];
	unsigned hz = 0;
	FILE *f = config[0] ? fopen(config, "r") : NULL;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "CONFIG_HZ=%u", &hz) == 1)
			break;
	if (f)
		fclose(f);
	return hz;
}

static const struct layout *layout_for(struct run_monitor_layout *lay, const char *vmlinux)
{
	if (!strcmp(lay->path, vmlinux))
		return lay->l;
	free(lay->l);
	lay->l = calloc(1, sizeof(*lay->l));
	snprintf(lay->path, sizeof(lay->path), "%s", vmlinux);
	if (!lay->l) {
		snprintf(lay->err, sizeof(lay->err), "out of memory");
	} else if (layout_load(lay->l, vmlinux, lay->err, sizeof(lay->err))) {
		free(lay->l);
		lay->l = NULL;
	}
	return lay->l;
}

/* The first sustained violation: the sched_ext dump, taken at this moment. */
static void violated(void *dump, const struct monitor_violation *v)
{
	(void)v;
	boot_dump_ask(dump);
}

void run_monitor_setup(struct monitor *m, struct run_monitor_layout *lay, const struct kernel_cache_entry *k,
		       const struct topo *t, unsigned hz, bool emulated, struct boot_dump *dump)
{
	struct monitor_limits lim;
	struct monitor_cfg cfg = { .hz = hz, .vcpus = topo_ncpus(t), .slide = 0 /* nokaslr */ };

	monitor_limits_default(&lim, emulated);
	cfg.kernel_hz = run_monitor_config_hz(k->config);
	cfg.wait_limit_ns = lim.wait_ns, cfg.wait_div = lim.wait_div;
	cfg.on_violation = dump ? violated : NULL, cfg.arg = dump;
	cfg.l = k->vmlinux[0] ? layout_for(lay, k->vmlinux) : NULL;
	monitor_init(m, &cfg);
	if (!k->vmlinux[0])
		snprintf(m->why, sizeof(m->why),
			 "kernel %s has no vmlinux beside it: the monitor needs its BTF and symbols",
			 k->key[0] ? k->key : k->bzimage);
	else if (!cfg.l)
		snprintf(m->why, sizeof(m->why), "%s", lay->err);
}

void run_monitor_layout_free(struct run_monitor_layout *lay)
{
	free(lay->l);
	lay->l = NULL;
	lay->path[0] = 0;
}
