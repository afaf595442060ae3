/* Options of the one-run path: thresholds, emulation, faults, verbosity. */
#include <stdlib.h>
#include <string.h>

#include "host/cmd/run_one.h"
#include "host/util/log.h"

static int take_number(struct run_one_opts *o, int opt, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	if (end == arg || *end || !(v >= 0)) {
		log_err("--%s '%s': expected a number >= 0", opt == 'G' ? "max-gap" : "spread", arg);
		return -1;
	}
	if (opt == 'G')
		o->gap_ns = v * 1e6;
	else
		o->spread = v / 100;
	return 1;
}

int run_one_take(struct run_one_opts *o, int opt, const char *arg)
{
	switch (opt) {
	case 'E':
		o->emulation = !strcmp(arg, "on")     ? 1
			       : !strcmp(arg, "off")  ? 0
			       : !strcmp(arg, "auto") ? -1
						      : -2;
		if (o->emulation != -2)
			return 1;
		log_err("--emulation '%s': expected auto, on or off", arg);
		return -1;
	case 'G':
	case 'S': return take_number(o, opt, arg);
	case 'F': o->fault = arg; return 1;
	case 'v': o->verbose = true; return 1;
	default: return 0;
	}
}

int run_one_define(struct kts_opts *k, struct kts_define *defs, int max, char *arg)
{
	if (!strchr(arg, '=') || k->ndefs == max) {
		log_err("-D '%s': expected NAME=VALUE", arg);
		return -1;
	}
	*strchr(arg, '=') = '\0';
	defs[k->ndefs++] = (struct kts_define){ arg, arg + strlen(arg) + 1 };
	k->defs = defs;
	return 0;
}
