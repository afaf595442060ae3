/* The monitor's part of a run's explanation: what it read, the first
 * sustained violation it saw, and its findings per step. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "host/run/run_report.h"
#include "interp/bc.h"

static void cell(FILE *out, const struct monitor_fv *f, unsigned m)
{
	char b[32];

	if (isnan(f->v))
		snprintf(b, sizeof(b), "-");
	else if (bc_mon_unit[m] == 'd')
		snprintf(b, sizeof(b), "%.0fms", f->v / 1e6);
	else
		snprintf(b, sizeof(b), "%.4g", f->v);
	fprintf(out, " %*s", m == BC_MON_samples ? 7 : (int)strlen(bc_enum_name(BC_E_MON, m)), b);
}

static void row(FILE *out, const struct run_result *r, int w, const char *label)
{
	struct monitor_span s;

	if (!verdict_mon_span(r->data, &r->v.th, w, false, &s))
		return;
	fprintf(out, "  %-9s", label);
	for (unsigned m = 0; m < BC_MON_COUNT; m++)
		cell(out, &s.f[m], m);
	fputc('\n', out);
}

void run_print_mon(FILE *out, const struct run_result *r)
{
	const struct monitor *m = r->data ? r->data->mon : NULL;
	char label[32];
	uint64_t t0 = 0;

	if (!m || !r->prog)
		return;
	for (unsigned i = 0; i < r->data->nmarks; i++)
		if (!strcmp(r->data->mark[i].name, "start"))
			t0 = r->data->mark_host_ns[i];
	if (m->state != MONITOR_ATTACHED) {
		fprintf(out, "  monitor: no samples: %s\n", m->why);
		return;
	}
	fprintf(out, "  monitor: %u samples of %u CPUs at %u Hz%s%s\n", m->n, m->ncpus, m->cfg.hz,
		m->nvcpu_threads ? ", corrected by vCPU host times" : ", no vCPU host times (no correction)",
		m->dropped ? ", some dropped (the run outlasted the sample store)" : "");
	if (m->cfg.scx_watchdog_ms && m->wd.state > 0)
		fprintf(out,
			"  monitor: scx_watchdog_timeout written: %llu -> %llu jiffies, %.2f s after the "
			"start\n",
			(unsigned long long)m->wd.from, (unsigned long long)m->wd.to,
			t0 ? ((double)m->wd.t_ns - (double)t0) / 1e9 : 0.0);
	else if (m->cfg.scx_watchdog_ms)
		fprintf(out, "  monitor: scx_watchdog_timeout not written: %s\n",
			m->wd.state ? "the backend's guest memory is not writable, or the kernel lacks it"
				    : "sched_ext never read enabled");
	if (m->violated) {
		const char *comm = m->first.pid > 0 ? sample_names_get(&m->ctx->names, m->first.pid) : NULL;

		fprintf(out, "  monitor: first sustained violation: %s %.0f ms (limit %.0f ms) on CPU %u",
			m->first.what, m->first.value / 1e6, m->first.limit / 1e6, m->first.cpu);
		if (m->first.pid > 0)
			fprintf(out, ", task %d (%s)", (int)m->first.pid, comm ? comm : "?");
		if (t0)
			fprintf(out, ", %.2f s after the start", ((double)m->first.t_ns - (double)t0) / 1e9);
		fputc('\n', out);
		if (r->data->mon_dump)
			boot_dump_print_as(r->data->mon_dump, out, "  monitor: ");
	}
	fprintf(out, "  %-9s", "findings");
	for (unsigned f = 0; f < BC_MON_COUNT; f++)
		fprintf(out, " %*s", f == BC_MON_samples ? 7 : (int)strlen(bc_enum_name(BC_E_MON, f)),
			bc_enum_name(BC_E_MON, f));
	fputc('\n', out);
	row(out, r, 0, "settle");
	for (unsigned k = 1; k <= r->prog->nsteps; k++) {
		snprintf(label, sizeof(label), "step %u", k);
		row(out, r, (int)k, label);
	}
	row(out, r, -1, "run");
}
