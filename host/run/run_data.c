/* Collecting a run's records, and each worker's figures per window. */
#include "host/run/run_data.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "lib/kv.h"
#include "lib/proto.h"

struct run_data *run_data_new(void)
{
	struct run_data *d = calloc(1, sizeof(*d));

	if (d && (!(d->rec = calloc(RUN_MAX_RECS, sizeof(*d->rec))) ||
		  !(d->cgr = calloc(RUN_MAX_CGRECS, sizeof(*d->cgr))))) {
		run_data_free(d);
		return NULL;
	}
	if (d)
		d->sr.load_ms = d->sr.enabled_ms = -1;
	return d;
}

void run_data_reset(struct run_data *d)
{
	struct run_rec *rec = d->rec;
	struct run_cgrec *cgr = d->cgr;

	sched_rec_free(&d->sr);
	memset(rec, 0, d->nrec * sizeof(*rec));
	memset(cgr, 0, d->ncgr * sizeof(*cgr));
	memset(d, 0, sizeof(*d));
	d->rec = rec, d->cgr = cgr;
	d->sr.load_ms = d->sr.enabled_ms = -1;
}

void run_data_free(struct run_data *d)
{
	if (d) {
		free(d->rec);
		free(d->cgr);
		sched_rec_free(&d->sr);
		payload_rec_free(&d->pay);
		free(d);
	}
}

static void bad(struct run_data *d, const char *why)
{
	if (!d->bad++)
		snprintf(d->first_bad, sizeof(d->first_bad), "%s", why);
}

static void text_field(struct run_data *d, const uint8_t *p, size_t len, const char *key, char *out, size_t n)
{
	struct kv kv;
	const char *why, *v;

	if (kv_parse(&kv, p, len, &why) || !(v = kv_get(&kv, key)))
		bad(d, "unreadable skip or log record");
	else
		snprintf(out, n, "%s", v);
}

/* Within a poll (20 ms) of the guest sending it: the clock samples carry. */
static uint64_t host_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (uint64_t)t.tv_sec * 1000000000ull + (uint64_t)t.tv_nsec;
}

void run_data_collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct run_data *d = arg;
	unsigned m = d->nmarks ? d->nmarks - 1 : 0;
	char err[256];

	if (type == REC_STEP) {
		if (d->nmarks == RUN_MAX_MARKS)
			bad(d, "too many step markers");
		else if (telemetry_parse_step(p, len, &d->mark[d->nmarks], err, sizeof(err)))
			bad(d, err);
		else
			d->mark_host_ns[d->nmarks++] = host_now();
	} else if (type == REC_WORKER) {
		if (d->nrec == RUN_MAX_RECS)
			bad(d, "too many worker records");
		else if (telemetry_parse_worker(p, len, &d->rec[d->nrec].w, err, sizeof(err)))
			bad(d, err);
		else
			d->rec[d->nrec++].mark = m;
	} else if (type == REC_CGROUP) {
		if (d->ncgr == RUN_MAX_CGRECS)
			bad(d, "too many cgroup records");
		else if (telemetry_parse_cgroup(p, len, &d->cgr[d->ncgr].c, err, sizeof(err)))
			bad(d, err);
		else
			d->cgr[d->ncgr++].mark = m;
	} else if (type == REC_SKIP) {
		d->skipped = true;
		text_field(d, p, len, "reason", d->skip, sizeof(d->skip));
	} else if (type == REC_PAYLOAD) {
		if (payload_rec_take(&d->pay, p, len, err, sizeof(err)))
			bad(d, err);
	} else if (type == REC_PAYLOAD_FILE) {
		if (payload_rec_take_file(&d->pay, p, len, err, sizeof(err)))
			bad(d, err);
	} else if (type == REC_SCHED || type == REC_SCHED_LOG) {
		if (sched_rec_take(&d->sr, type, p, len, err, sizeof(err)))
			bad(d, err);
	} else if (type == REC_LOG) {
		size_t u = strlen(d->knobs);
		char msg[200] = "";

		text_field(d, p, len, "msg", msg, sizeof(msg));
		if (u + strlen(msg) + 2 < sizeof(d->knobs))
			snprintf(d->knobs + u, sizeof(d->knobs) - u, "%s\n", msg);
	} else if (observe_record(&d->obs, type, p, len, err, sizeof(err))) {
		bad(d, err);
	}
}

/* Index of the marker named name, or -1. */
static int find_mark(const struct run_data *d, const char *name)
{
	for (unsigned i = 0; i < d->nmarks; i++)
		if (!strcmp(d->mark[i].name, name))
			return (int)i;
	return -1;
}

static int step_mark(const struct run_data *d, unsigned k)
{
	char name[32];

	snprintf(name, sizeof(name), "step %u", k);
	return find_mark(d, name);
}

unsigned run_windows(const struct run_data *d, unsigned nsteps)
{
	return nsteps + 1;
}

unsigned run_worker_ids(const struct run_data *d, unsigned *ids)
{
	unsigned n = 0;

	for (unsigned i = 0; i < d->nrec; i++) {
		unsigned k = 0;

		while (k < n && ids[k] != d->rec[i].w.id)
			k++;
		if (k == n)
			ids[n++] = d->rec[i].w.id;
	}
	return n;
}

static const struct telemetry_worker *rec_at(const struct run_data *d, unsigned id, int mark)
{
	for (unsigned i = 0; mark >= 0 && i < d->nrec; i++)
		if (d->rec[i].w.id == id && d->rec[i].mark == (unsigned)mark)
			return &d->rec[i].w;
	return NULL;
}

/* The last record of a worker: its final report. */
static const struct telemetry_worker *final_rec(const struct run_data *d, unsigned id)
{
	for (unsigned i = d->nrec; i-- > 0;)
		if (d->rec[i].w.id == id)
			return &d->rec[i].w;
	return NULL;
}

/* When the worker's measured run ended: its end, or the run's end marker
 * if earlier (the stop's grace time is not part of the run). */
static uint64_t run_end(const struct run_data *d, const struct telemetry_worker *w)
{
	int m = find_mark(d, "end");

	return m >= 0 && d->mark[m].t_ns < w->end_ns ? d->mark[m].t_ns : w->end_ns;
}

/* No progress from the last iteration to the end: a stopped worker's gap. */
static double trailing_gap(const struct run_data *d, const struct telemetry_worker *w)
{
	uint64_t end = run_end(d, w);

	return end > w->last_ns && w->last_ns ? (double)(end - w->last_ns) : 0;
}

static void whole(const struct run_data *d, unsigned id, const struct telemetry_worker *e, struct run_fig *f)
{
	f->p50 = (double)e->wake_p50_ns, f->p90 = (double)e->wake_p90_ns;
	f->p99 = (double)e->wake_p99_ns, f->pmax = (double)e->wake_max_ns;
	if (!e->wake_n)
		f->p50 = f->p90 = f->p99 = f->pmax = NAN;
	f->max_gap = trailing_gap(d, e);
	f->gap_at = (double)(run_end(d, e) - e->start_ns), f->gap_cpu = -1;
	for (unsigned i = 0; i < d->nrec; i++) {
		const struct telemetry_worker *w = &d->rec[i].w;

		if (w->id != id)
			continue;
		for (unsigned k = 0; k < CPUSET_MAX / 64; k++)
			f->cpus.w[k] |= w->cpus.w[k];
		if ((double)w->max_gap_ns > f->max_gap) {
			f->max_gap = (double)w->max_gap_ns;
			f->gap_at = (double)(w->max_gap_at_ns - w->start_ns);
			f->gap_cpu = w->max_gap_cpu;
		}
	}
}

void run_fig(const struct run_data *d, unsigned id, int win, struct run_fig *f)
{
	const struct telemetry_worker *fin = final_rec(d, id), *e = fin, *s = NULL;
	int close = win < 0 ? -1 : step_mark(d, (unsigned)win + 1);

	memset(f, 0, sizeof(*f));
	f->id = id;
	if (!fin)
		return;
	f->set = fin->set, f->work = fin->work, f->fate = fin->fate;
	if (win >= 0) {
		if (close >= 0 && !(e = rec_at(d, id, close))) {
			/* not snapshotted at the close: stopped before, or started after */
			e = fin->start_ns && fin->start_ns < d->mark[close].t_ns ? fin : NULL;
		}
		if (!e)
			return;
		s = win > 0 ? rec_at(d, id, step_mark(d, (unsigned)win)) : NULL;
	}
	f->present = true;
#define D(x) ((double)e->x - (s ? (double)s->x : 0))
	f->units = D(units), f->iters = D(iters), f->cpu_ns = D(cpu_ns), f->wall_ns = D(wall_ns);
	f->migrations = D(migrations), f->vcsw = D(vcsw), f->ivcsw = D(ivcsw);
#undef D
	if (win < 0)
		return whole(d, id, e, f);
	f->p50 = f->p90 = f->p99 = f->pmax = NAN; /* latencies are only kept for the whole run */
	f->cpus = e->cpus;
	f->max_gap = (double)e->max_gap_ns;
	f->gap_at = (double)(e->max_gap_at_ns - e->start_ns), f->gap_cpu = e->max_gap_cpu;
	if (e == fin && trailing_gap(d, e) > f->max_gap)
		f->max_gap = trailing_gap(d, e), f->gap_at = (double)(run_end(d, e) - e->start_ns),
		f->gap_cpu = -1;
}

bool run_cg_cpus(const struct run_data *d, const char *path, int w, struct cpuset *out)
{
	int close = w < 0 ? -1 : step_mark(d, (unsigned)w + 1);
	bool found = false;

	/* at the closing marker; else the last figures (sent at the end) */
	for (unsigned i = 0; i < d->ncgr; i++) {
		if (strcmp(d->cgr[i].c.name, path))
			continue;
		if (close >= 0 ? d->cgr[i].mark == (unsigned)close : true) {
			*out = d->cgr[i].c.cpus_effective;
			found = true;
		}
	}
	return found;
}
