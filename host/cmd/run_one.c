/* The one-run path of `ktsrun run`, shared with the gauntlet. */
#include "host/cmd/run_one.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "host/boot/boot_dump.h"
#include "host/boot/boot_link.h"
#include "lib/proto.h"
#include "host/gauntlet/preset.h"
#include "host/topo/topo_facts.h"
#include "host/payload/payload_find.h"
#include "host/run/run_report.h"
#include "host/sched/sched_repro.h"
#include "host/sched/sched_stage.h"
#include "host/topo/topo_compare.h"
#include "host/util/log.h"
#include "host/util/sig.h"
#include "host/util/clock.h"
#include "lib/scx_kind.h"

void run_one_defaults(struct run_one_opts *o)
{
	memset(o, 0, sizeof(*o));
	vmopts_init(&o->vm, "tiny", 0);
	o->emulation = -1, o->gap_ns = o->spread = NAN, o->fault = "none";
	o->out = stdout;
	o->monitor_hz = MONITOR_HZ_DEFAULT;
	o->dump_at = -1;
	o->repro = 1;
}

static enum boot_outcome setup_error(struct boot_result *br, const char *why)
{
	memset(br, 0, sizeof(*br));
	br->outcome = BOOT_SETUP_ERROR;
	snprintf(br->detail, sizeof(br->detail), "%s", why);
	return BOOT_SETUP_ERROR;
}

struct run_boot {
	struct run_data *d;
	struct boot_dump *dump[2]; /* --dump-at's, the monitor's; either NULL */
	struct monitor *mon;	   /* learns the KASLR slide from HELLO; or NULL */
};

/* run_data's records, and the dumps': their clocks start at the start marker. */
static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct run_boot *rb = arg;
	struct run_data *d = rb->d;
	char err[256];

	run_data_collect(d, type, p, len);
	if (type == REC_HELLO && rb->mon)
		monitor_text_hello(rb->mon, p, len);
	for (unsigned i = 0; i < 2; i++) {
		if (!rb->dump[i])
			continue;
		if (type == REC_REPLY && boot_dump_take(rb->dump[i], p, len, err, sizeof(err)) && !d->bad++)
			snprintf(d->first_bad, sizeof(d->first_bad), "%s", err);
		if (type == REC_STEP && d->nmarks && !strcmp(d->mark[d->nmarks - 1].name, "start"))
			boot_dump_arm(rb->dump[i]);
	}
}

/* boot_run, with the --dump-at timer when dump is not NULL, and the monitor
 * mon's HELLO and the dump it asks for on its first violation (mdump) when
 * they are not NULL. */
static enum boot_outcome boot_with_dump(struct boot_opts *o, struct run_data *d, struct boot_dump *dump,
					struct monitor *mon, struct boot_dump *mdump, double at_s,
					struct boot_result *br)
{
	struct run_boot rb = { d, { dump, mdump }, mon };
	struct boot_link *l;
	enum boot_outcome oc;

	if (!dump && !mdump)
		return boot_run(o, run_data_collect, d, br);
	if (!(l = boot_link_new()) || (dump && boot_dump_start(dump, l, at_s, "the start marker")) ||
	    (mdump && boot_dump_start(mdump, l, -1, "the start marker"))) {
		if (dump)
			boot_dump_stop(dump);
		boot_link_free(l);
		return setup_error(br, "cannot set up the channel for the sched_ext dump");
	}
	o->link = l;
	oc = boot_run(o, collect, &rb, br);
	for (unsigned i = 0; i < 2; i++)
		if (rb.dump[i])
			boot_dump_stop(rb.dump[i]);
	boot_link_free(l);
	o->link = NULL;
	return oc;
}

/* One boot in mode run under scheduler sched (NULL: the default); fills d,
 * and r (if not NULL) with the kernel and the kernel arguments the scheduler
 * needed; mon (if not NULL) samples the guest and asks for mdump on its
 * first violation; dump (if not NULL) takes --dump-at's dump; probe (if not
 * NULL) names what the auto-repro's probe watches. Returns the boot outcome. */
static enum boot_outcome boot_once(const struct run_one_opts *a, const struct bc_prog *p,
				   const struct interp_meta *m, const uint8_t *bc, size_t len,
				   const char *sched, struct run_data *d, struct boot_result *br,
				   struct topo *t, struct boot_opts *o, struct run_result *r,
				   struct monitor *mon, struct boot_dump *mdump, struct boot_dump *dump,
				   const char *probe, const struct payload_find_set *pay)
{
	struct boot_watch watch;
	struct vm_opts vm = a->vm;
	struct kernel_cache_entry k;
	struct sched_stage *rs = NULL;
	unsigned need = (unsigned)((m->settle_ns + m->duration_ns) / 1000000000ull);
	enum boot_outcome oc;
	char err[512];

	if (a->run) { /* on this machine: no VM, no monitor, hardware timing */
		memset(o, 0, sizeof(*o));
		o->accel = VMM_ACCEL_KVM;
		return a->run(a->run_arg, sched, d, br);
	}
	if (!a->topo_given && m->topology[0])
		vm.spec = m->topology;
	vm.scx = sched != NULL;
	vm.sched = sched;
	/* TCG dilates time; keep the watchdog generous but finite */
	/* a scheduler adds its load timeout and each stop's grace at worst */
	if (!vm.timeout)
		vm.timeout = 90 + 4 * need + (unsigned)(m->watchdog_ns / 1000000000ull) +
			     (sched ? 2 * SCHED_STAGE_LOAD_TIMEOUT_S : 0);
	memset(o, 0, sizeof(*o));
	o->mode = "run", o->fault = a->fault, o->scenario = bc, o->scenario_len = len;
	o->payloads = pay->v, o->npayloads = pay->n;
	if (vmopts_prepare(&vm, t, &k, o))
		return setup_error(br, "could not prepare the VM (see above)");
	if (r)
		snprintf(r->kernel, sizeof(r->kernel), "%s", k.key[0] ? k.key : k.release);
	if (sched) {
		if (!(rs = calloc(1, sizeof(*rs))))
			return setup_error(br, "out of memory");
		if (sched_stage_prepare(rs, sched, p, &k, topo_ncpus(t), NULL, err, sizeof(err)) ||
		    (probe && sched_stage_add_probe(rs, &k, probe, err, sizeof(err)))) {
			free(rs);
			return setup_error(br, err);
		}
		o->initrd_extra = &rs->x;
		o->kernel_args = rs->kargs[0] ? rs->kargs : NULL;
		if (r)
			snprintf(r->kargs, sizeof(r->kargs), "%s", rs->kargs);
	}
	if (mon) {
		run_monitor_setup(mon, a->layout, &k, t, a->monitor_hz, o->accel == VMM_ACCEL_TCG, mdump);
		mon->cfg.scx_watchdog_ms = (uint64_t)(a->scx_watchdog_s * 1000);
		watch = (struct boot_watch){ monitor_watch_start, monitor_watch_stop, mon };
		o->watch = &watch;
		d->mon = mon, d->mon_dump = mdump;
	}
	oc = boot_with_dump(o, d, dump, mon, mon ? mdump : NULL, a->dump_at, br);
	o->watch = NULL;
	free(rs);
	return oc;
}

static void judge_boot(struct run_result *r, const struct boot_result *br, const struct run_data *d)
{
	struct verdict *v = &r->v;

	if (boot_channel_fault(br, d->bad, d->first_bad, v->reason, sizeof(v->reason))) {
		v->out = V_ERROR;
	} else if (d->skipped) {
		v->out = V_SKIP;
		snprintf(v->reason, sizeof(v->reason), "%s on this topology", d->skip);
	} else if (br->outcome != BOOT_OK) {
		v->out = V_ERROR;
		snprintf(v->reason, sizeof(v->reason), "%s: %s", boot_outcome_name(br->outcome), br->detail);
	}
}

/* The guest reports its CPUs and nodes before the scenario starts; a shape
 * other than the declared one makes every figure of the run meaningless. */
int run_one_topo_check(const struct topo *t, const struct observed *o, char *why, size_t len)
{
	unsigned diffs;

	if (!o->hello || !o->cpu[0].seen)
		return errf(why, len, "the guest did not report its topology");
	if ((diffs = topo_compare(t, o, NULL)))
		return errf(
			why, len,
			"the guest's topology differs from %s in %u field(s); 'ktsrun topo --topo %s' shows "
			"them",
			t->spec, diffs, t->spec);
	return 0;
}

static void judge_topo(struct run_result *r, const struct topo *t, const struct run_data *d)
{
	if ((r->v.out == V_PASS || r->v.out == V_SKIP) &&
	    run_one_topo_check(t, &d->obs, r->v.reason, sizeof(r->v.reason)))
		r->v.out = V_ERROR;
}

/* The scheduler failed: boot the same run again with the probe on its crash
 * path (host/sched/sched_repro.h). */
static void repro(const struct run_one_opts *a, const struct bc_prog *p, const struct interp_meta *m,
		  const uint8_t *bc, size_t len, const char *sched, const struct run_data *first,
		  const struct payload_find_set *pay, struct sched_repro *rp)
{
	struct run_data *d2 = run_data_new();
	struct boot_result b2 = { 0 };
	struct boot_opts o;
	struct topo t;
	struct timespec t0;
	const struct sched_rec *s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!sched_repro_names(&first->sr, rp->names, sizeof(rp->names))) {
		rp->state = REPRO_ERROR;
		snprintf(rp->why, sizeof(rp->why), "no function in the first run's exit backtrace or dump");
		run_data_free(d2);
		return;
	}
	fprintf(stderr, "  auto-repro: a second run with probes on %s\n", rp->names);
	if (!d2 || boot_once(a, p, m, bc, len, sched, d2, &b2, &t, &o, NULL, NULL, NULL, NULL, rp->names,
			     pay) != BOOT_OK) {
		rp->state = REPRO_ERROR;
		snprintf(rp->why, sizeof(rp->why), "the second VM: %s", d2 ? b2.detail : "out of memory");
	} else {
		struct kernel_cache_entry k;
		char err[512];

		s = &d2->sr;
		if (s->log[SR_PROBE].text)
			rp->report = strdup(s->log[SR_PROBE].text);
		if (!kernel_cache_resolve(a->vm.kernel, &k, err, sizeof(err)))
			sched_repro_lines(rp, k.vmlinux);
		if (s->result && s->kind == first->sr.kind && rp->report &&
		    strstr(rp->report, "ktsr_probe: exit kind"))
			rp->state = REPRO_DONE;
		else {
			rp->state = first->nmarks ? REPRO_NOT_AGAIN : REPRO_NO_WORK;
			snprintf(rp->why, sizeof(rp->why), "the second run's scheduler ended as %s%s%s",
				 s->result ? scx_kind_name(s->kind) : "nothing reported",
				 s->result && s->why[0] ? ": " : "", s->result ? s->why : "");
		}
	}
	rp->wall_s = clock_since(&t0);
	boot_result_free(&b2);
	run_data_free(d2);
}

static void finish(const struct run_one_opts *a, struct run_result *r, struct json_object *all,
		   struct run_one_out *out)
{
	struct json_object *j = NULL;

	run_print(a->out, r, a->verbose);
	if (r->repro)
		sched_repro_print(a->out, r->repro);
	fflush(a->out);
	if (all || out)
		j = run_json_result(r);
	if (j && r->repro)
		json_object_object_add(j, "auto_repro", sched_repro_json(r->repro));
	if (all && j)
		json_object_array_add(all, out ? json_object_get(j) : j);
	if (!out)
		return;
	out->verdict = r->v.out, out->wall_s = r->wall_s, out->json = j;
	out->failure = run_print_failure(r);
}

void run_one_error(const struct run_one_opts *a, const char *file, const char *why, struct json_object *all,
		   struct run_one_out *out)
{
	struct run_result r = { .file = file };

	r.v.out = V_ERROR;
	snprintf(r.v.reason, sizeof(r.v.reason), "%s", why);
	finish(a, &r, all, out);
}

int run_one(const struct run_one_opts *a, const char *file, const struct bc_prog *p, const uint8_t *bc,
	    size_t len, struct json_object *all, struct run_one_out *out)
{
	struct run_result r = { .file = file, .prog = p, .defs = a->defs, .ndefs = a->ndefs };
	struct run_data *d = run_data_new(), *b = NULL;
	struct boot_result br = { 0 }, bb = { 0 };
	struct boot_opts o;
	struct topo t;
	struct timespec t0;
	char spec[600];
	struct monitor *mon = a->no_monitor || !a->layout ? NULL : calloc(1, sizeof(*mon));
	struct boot_dump dump = { 0 }, mdump = { 0 };
	struct sched_repro rp = { 0 };
	struct payload_find_set pay;
	char err[1024];

	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (!d) {
		run_one_error(a, file, "out of memory", all, out);
		free(mon);
		return V_ERROR;
	}
	interp_meta_read(p, &r.meta);
	r.sched = sched_stage_spec(a->sched, &r.meta, spec, sizeof(spec));
	if (payload_find_prog(p, &pay, err, sizeof(err))) { /* a .ktsb compiled elsewhere */
		run_one_error(a, file, err, all, out);
		run_data_free(d);
		free(mon);
		return V_ERROR;
	}
	boot_once(a, p, &r.meta, bc, len, r.sched, d, &br, &t, &o, &r, mon, &mdump,
		  a->dump_at >= 0 ? &dump : NULL, NULL, &pay);
	r.topo = br.outcome == BOOT_SETUP_ERROR ? NULL : a->run ? a->where : t.spec;
	if (r.topo && a->run) /* the machine's own shape, as its runner reported it */
		topo_facts_observed(&d->obs, a->run_mem_bytes, &d->facts), d->has_facts = true;
	else if (r.topo)
		topo_facts(&t, o.mem_mib, &d->facts), d->has_facts = true;
	r.accel = br.outcome == BOOT_SETUP_ERROR ? NULL
		  : a->run			 ? a->where
		  : o.accel == VMM_ACCEL_TCG	 ? "tcg"
						 : "kvm";
	r.data = d, r.boot = &br;
	verdict_thresholds(&r.v.th, a->emulation < 0 ? o.accel == VMM_ACCEL_TCG : a->emulation == 1, &r.meta,
			   a->gap_ns, a->spread);
	r.v.out = V_PASS;
	judge_boot(&r, &br, d);
	if (a->check_topo && !a->run && br.outcome != BOOT_SETUP_ERROR)
		judge_topo(&r, &t, d);
	if (r.v.out == V_PASS && r.meta.nbase && !sig_caught && (b = run_data_new())) {
		fprintf(stderr, "  baseline: a second run under the default scheduler (EEVDF)%s\n",
			r.sched ? "" : "; the first one was under it too (no --scheduler, none declared)");
		boot_once(a, p, &r.meta, bc, len, NULL, b, &bb, &t, &o, NULL, NULL, NULL, NULL, NULL, &pay);
		if (bb.outcome != BOOT_OK || b->bad)
			run_data_free(b), b = NULL;
	}
	r.base = b;
	if (r.v.out == V_PASS) {
		/* nothing ran when the scheduler failed before the start: only it is judged */
		if (!(d->sr.result && d->sr.kind != SCX_PASS && !d->nmarks))
			verdict_judge(&r.v, p, &r.meta, d, b), verdict_monitor(&r.v, p, &r.meta, d),
				verdict_payload(&r.v, p, d);
		verdict_sched(&r.v, &r.meta, r.sched, &d->sr);
	}
	r.wall_s = clock_since(&t0); /* the auto-repro says its own */
	/* an expected failure (a scenario's `scheduler fails` claim) passes: nothing to explain */
	if (a->repro && !a->run && r.v.out != V_PASS && r.sched && d->sr.result && !sig_caught &&
	    sched_repro_wanted(d->sr.kind, a->repro == 2)) {
		repro(a, p, &r.meta, bc, len, r.sched, d, &pay, &rp);
		r.repro = &rp;
	}
	finish(a, &r, all, out);
	sched_repro_free(&rp);
	if (a->dump_at >= 0) {
		if (br.outcome != BOOT_SETUP_ERROR)
			boot_dump_print(&dump, a->out); /* shown, not judged */
		boot_dump_free(&dump);
	}
	boot_dump_free(&mdump);
	boot_result_free(&br);
	if (b)
		boot_result_free(&bb);
	run_data_free(d);
	run_data_free(b);
	if (mon)
		monitor_free(mon);
	free(mon);
	return r.v.out;
}
