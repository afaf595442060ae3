/* Options of the one-run path: thresholds, emulation, faults, verbosity. */
#include <stdlib.h>
#include <string.h>

#include "host/cmd/run_one.h"
#include "host/cmd/cmd_args.h"
#include "host/util/log.h"

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
		/* the language's bounds: durations to 24h, percentages to 10000% */
		if (cmd_args_num("--max-gap", arg, 0, 86400e3, &o->gap_ns))
			return -1;
		o->gap_ns *= 1e6;
		return 1;
	case 'S':
		if (cmd_args_num("--spread", arg, 0, 10000, &o->spread))
			return -1;
		o->spread /= 100;
		return 1;
	case 'F':
		if (cmd_args_fault("--fault", arg))
			return -1;
		o->fault = arg;
		return 1;
	case RUN_ONE_OPT_MONITOR_HZ:
		return vmopts_uint_arg("--monitor-hz", arg, 1, MONITOR_HZ_MAX, &o->monitor_hz) ? -1 : 1;
	case RUN_ONE_OPT_NO_MONITOR: o->no_monitor = true; return 1;
	case RUN_ONE_OPT_NO_REPRO: o->repro = 0; return 1;
	case RUN_ONE_OPT_REPRO_STALLS: o->repro = 2; return 1;
	case RUN_ONE_OPT_DUMP_AT: {
		char *end;

		o->dump_at = strtod(arg, &end);
		if (end != arg && !*end && o->dump_at >= 0 && o->dump_at <= 3600)
			return 1;
		log_err("--dump-at '%s': give seconds after the scenario starts, e.g. 2 or 0.5", arg);
		return -1;
	}
	case RUN_ONE_OPT_SCX_WATCHDOG: /* seconds */
		return cmd_args_num("--scx-watchdog", arg, 1, 600, &o->scx_watchdog_s) ? -1 : 1;
	case 'v': o->verbose = true; return 1;
	default: return 0;
	}
}

int run_one_check(const struct run_one_opts *o)
{
	if (o->no_monitor && o->scx_watchdog_s > 0) {
		log_err("--scx-watchdog writes through the monitor: drop --no-monitor");
		return -1;
	}
	return 0;
}

int run_one_define(struct kts_opts *k, struct kts_define *defs, int max, char *arg)
{
	if (cmd_args_define(arg, defs, &k->ndefs, max))
		return -1;
	k->defs = defs;
	return 0;
}
