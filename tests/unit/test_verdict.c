/* verdict_judge over a program with many kinds of ops before its claims,
 * and no telemetry: every claim must be named by its own source text and
 * come out inconclusive, never pass, and the expected failure is said
 * (an error: the scheduler sent no result). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "grammar/kts.h"
#include "host/run/verdict.h"
#include "host/topo/topo_facts.h"
#include "tests/unit/tu.h"

static const char src[] = "scenario v \"verdict\" {\n"
			  "    duration 4s\n"
			  "    topology 1n2l1c1t\n"
			  "    scheduler scx_simple\n"
			  "    cgroup a { workers 2  work spin  cpuset llc(0)  nice 3 }\n"
			  "    cgroup b { workers 1  work bursty }\n"
			  "    step 1/2 { cpuset a = llc(1); freeze b }\n"
			  "    step 1/2 { unfreeze b; spawn 1 in a }\n"
			  "    expect {\n"
			  "        a.work_units > 0\n"
			  "        b.max_gap <= 1s\n"
			  "        scheduler fails stall matching \"stall\"\n"
			  "    }\n"
			  "}\n";

TU_TEST(verdict_claims_named_by_their_text_and_unknown_without_data)
{
	struct kts_opts o = { .diag = stderr };
	struct interp_meta m;
	struct bc_prog p;
	struct run_data *d = run_data_new();
	struct verdict *v = calloc(1, sizeof(*v));
	uint8_t *b;
	size_t len;
	char err[256];
	unsigned claims = 0;

	TU_EQ_INT(kts_compile_mem("v.kts", src, strlen(src), &o, &b, &len), 0);
	TU_EQ_INT(bc_load(&p, b, len, err, sizeof(err)), 0);
	interp_meta_read(&p, &m);
	verdict_thresholds(&v->th, true, &m, NAN, NAN);
	verdict_judge(v, &p, &m, d, NULL);
	verdict_sched(v, &m, "scx_simple", &d->sr);
	for (unsigned i = 0; i < v->nitems; i++) {
		const struct verdict_item *it = &v->item[i];

		if (!it->claim)
			continue;
		claims++;
		TU_CHECK(it->out != V_PASS);
		TU_CHECK(!strcmp(it->name, "a.work_units > 0") || !strcmp(it->name, "b.max_gap <= 1s") ||
			 strstr(it->name, "scheduler fails") != NULL);
	}
	TU_EQ_INT(claims, 3);
	TU_CHECK(v->out != V_PASS);
	free(v);
	run_data_free(d);
	bc_prog_free(&p);
	free(b);
}

/* topo.FACT in a claim reads the declared topology of the run: it passes or
 * fails by the facts, and is inconclusive when the run never booted. */
static enum verdict_outcome topo_claim(const char *claim, const char *spec)
{
	char text[512];
	struct kts_opts o = { .diag = stderr };
	struct interp_meta m;
	struct bc_prog p;
	struct run_data *d = run_data_new();
	struct verdict *v = calloc(1, sizeof(*v));
	struct topo t;
	uint8_t *b;
	size_t len;
	char err[256];
	enum verdict_outcome out = V_SKIP; /* no such item */

	snprintf(text, sizeof(text), "scenario t { expect { %s } }\n", claim);
	TU_EQ_INT(kts_compile_mem("t.kts", text, strlen(text), &o, &b, &len), 0);
	TU_EQ_INT(bc_load(&p, b, len, err, sizeof(err)), 0);
	interp_meta_read(&p, &m);
	if (spec) {
		TU_EQ_INT(topo_parse(spec, &t, err, sizeof(err)), 0);
		topo_facts(&t, 2048, &d->facts);
		d->has_facts = true;
	}
	verdict_thresholds(&v->th, true, &m, NAN, NAN);
	verdict_judge(v, &p, &m, d, NULL);
	for (unsigned i = 0; i < v->nitems; i++)
		if (v->item[i].claim && !strcmp(v->item[i].name, claim))
			out = v->item[i].out;
	free(v);
	run_data_free(d);
	bc_prog_free(&p);
	free(b);
	return out;
}

TU_TEST(verdict_topo_facts_in_claims)
{
	TU_EQ_INT(topo_claim("topo.cpus == 16", "2n4l2c2t"), V_PASS);
	TU_EQ_INT(topo_claim("topo.cpus / topo.llcs == 4", "2n4l2c2t"), V_PASS);
	TU_EQ_INT(topo_claim("topo.llcs_per_node == 2", "2n4l2c2t"), V_PASS);
	TU_EQ_INT(topo_claim("topo.cpus == 16", "1n2l1c1t"), V_FAIL);
	TU_EQ_INT(topo_claim("topo.memory >= 2G", "1n2l1c1t"), V_PASS);
	TU_EQ_INT(topo_claim("topo.cpus == 16", NULL), V_INCONCLUSIVE);
}

/* A cgroup's wake latency is its sleeping workers': one that never slept
 * (wake_n 0) does not make it unknown; none that slept does. */
TU_TEST(verdict_cgroup_latency_skips_workers_without_wakes)
{
	static const char lat[] = "scenario l {\n"
				  "    cgroup a { workers 2  work spin }\n"
				  "    expect { a.p99_wake_latency < 5ms }\n"
				  "}\n";
	struct kts_opts o = { .diag = stderr };
	struct bc_prog p;
	struct run_data *d = run_data_new();
	uint8_t *b;
	size_t len;
	char err[256];

	TU_EQ_INT(kts_compile_mem("l.kts", lat, strlen(lat), &o, &b, &len), 0);
	TU_EQ_INT(bc_load(&p, b, len, err, sizeof(err)), 0);
	for (unsigned i = 0; i < 2; i++) {
		struct telemetry_worker *w = &d->rec[d->nrec++].w;

		memset(w, 0, sizeof(*w));
		w->id = i;
		snprintf(w->set, sizeof(w->set), "a");
		w->units = w->iters = 10;
		w->start_ns = 1, w->end_ns = w->last_ns = 1000000000;
		if (i == 1)
			w->wake_n = 7, w->wake_p50_ns = 1000000, w->wake_p99_ns = 3000000,
			w->wake_max_ns = 4000000;
	}
	TU_CHECK(fabs(run_metric(d, &p, 0, BC_M_p99_wake_latency, BC_NONE, BC_NONE) - 3e6) < 1);
	TU_CHECK(fabs(run_metric(d, &p, 0, BC_M_max_wake_latency, BC_NONE, BC_NONE) - 4e6) < 1);
	/* the worker of its own without wakes stays unknown */
	TU_CHECK(isnan(run_metric(d, &p, 0, BC_M_p99_wake_latency, BC_NONE, 0)));
	d->rec[1].w.wake_n = 0;
	TU_CHECK(isnan(run_metric(d, &p, 0, BC_M_p99_wake_latency, BC_NONE, BC_NONE)));
	/* other metrics keep their rule: the sum over both workers */
	TU_CHECK(fabs(run_metric(d, &p, 0, BC_M_work_units, BC_NONE, BC_NONE) - 20) < 1e-9);
	run_data_free(d);
	bc_prog_free(&p);
	free(b);
}
