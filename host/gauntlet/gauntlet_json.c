/* The gauntlet's files: JSON with every variant, JUnit XML and TAP. */
#include <errno.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/gauntlet/gauntlet_out.h"
#include "host/report/junit.h"
#include "host/report/tap.h"
#include "host/run/verdict.h"
#include "host/util/fs.h"
#include "host/run/run_report.h"
#include "host/util/log.h"

#define KTSRUN_GAUNTLET_VERSION "0.1.0"

static bool reported(const struct variant *v)
{
	return v->state == VS_SKIP || (v->state == VS_RUN && v->json);
}

static const char *kernel_of(const struct gauntlet *g, const struct variant *v)
{
	return g->kern[v->kern].label[0] ? g->kern[v->kern].label : "default";
}

static json_object *variant_json(const struct gauntlet *g, const struct variant *v)
{
	json_object *o;
	char sched[128];

	if (v->state == VS_RUN) {
		o = json_object_get(v->json);
	} else {
		o = json_object_new_object();
		gauntlet_sched_label(g, v, sched, sizeof(sched));
		json_object_object_add(o, "scenario", json_object_new_string(g->scen[v->scen].meta.name));
		json_object_object_add(o, "file", json_object_new_string(g->scen[v->scen].file));
		json_object_object_add(o, "verdict", json_object_new_string("SKIP"));
		json_object_object_add(o, "reason", json_object_new_string(v->why));
		json_object_object_add(o, "topology", json_object_new_string(v->topo.spec));
		json_object_object_add(o, "scheduler", json_object_new_string(sched));
		json_object_object_add(o, "wall_s", json_object_new_double(0));
	}
	json_object_object_add(o, "variant", json_object_new_string(v->name));
	json_object_object_add(o, "preset", json_object_new_string(v->preset->name));
	json_object_object_add(o, "kernel", json_object_new_string(kernel_of(g, v)));
	json_object_object_add(o, "booted", json_object_new_boolean(v->state == VS_RUN));
	json_object_object_add(o, "est_cost_s", json_object_new_double(v->cost_s));
	return o;
}

int gauntlet_json_write(const char *path, const struct gauntlet *g, unsigned shard_k, unsigned shard_n,
			double budget_s, int worst)
{
	json_object *top = json_object_new_object(), *meta = json_object_new_object();
	json_object *res = json_object_new_array(), *out = json_object_new_array(),
		    *scen = json_object_new_array();
	char shard[32];
	int rc = 0;

	for (unsigned s = 0; s < g->nscen; s++)
		json_object_array_add(scen, json_object_new_string(g->scen[s].meta.name));
	snprintf(shard, sizeof(shard), "%u/%u", shard_n ? shard_k : 1, shard_n ? shard_n : 1);
	json_object_object_add(meta, "scenarios", scen);
	json_object_object_add(meta, "shard", json_object_new_string(shard));
	json_object_object_add(meta, "budget_s", budget_s > 0 ? json_object_new_double(budget_s) : NULL);
	json_object_object_add(meta, "variants", json_object_new_int((int)g->nv));
	for (size_t i = 0; i < g->nv; i++) {
		const struct variant *v = &g->v[i];

		if (reported(v)) {
			json_object_array_add(res, variant_json(g, v));
		} else if (!(v->state == VS_OUT && !strncmp(v->why, "shard ", 6))) {
			json_object *o = json_object_new_object(); /* every shard lists the budget's choice */

			json_object_object_add(o, "variant", json_object_new_string(v->name));
			json_object_object_add(o, "why", json_object_new_string(v->why));
			json_object_array_add(out, o);
		}
	}
	json_object_object_add(top, "ktsrun_version", json_object_new_string(KTSRUN_GAUNTLET_VERSION));
	json_object_object_add(top, "gauntlet", meta);
	json_object_object_add(top, "results", res);
	json_object_object_add(top, "left_out", out);
	json_object_object_add(top, "verdict",
			       json_object_new_string(verdict_name((enum verdict_outcome)worst)));
	if (run_json_write(path, top)) {
		rc = -1;
	}
	json_object_put(top);
	return rc;
}

/* The first failed item of the failure output ("check b.fairness_spread:
 * 334.9% (limit 200.0%)"), into buf; NULL if there is none. */
static const char *first_item(const char *text, char *buf, size_t len)
{
	const char *p = text ? strstr(text, "\n  FAIL ") : NULL, *e;

	if (!p)
		return NULL;
	p += strlen("\n  FAIL ");
	while (*p == ' ')
		p++;
	e = strchr(p, ';') && strchr(p, ';') < strchr(p, '\n') ? strchr(p, ';') : strchr(p, '\n');
	snprintf(buf, len, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	return buf;
}

/* The reported variants as CI test cases; *n of them (free the array). */
static struct report_case *cases(const struct gauntlet *g, size_t *n, char (*msg)[256])
{
	struct report_case *c = calloc(g->nv + 1, sizeof(*c));
	json_object *r;

	*n = 0;
	for (size_t i = 0; c && i < g->nv; i++) {
		const struct variant *v = &g->v[i];
		struct report_case *x = &c[*n];

		if (!reported(v))
			continue;
		x->classname = g->scen[v->scen].meta.name, x->name = v->name, x->time_s = v->wall_s;
		x->text = v->failure;
		if (v->state == VS_SKIP) {
			x->kind = REPORT_SKIP, x->type = "SKIP", x->message = v->why;
		} else {
			x->type = verdict_name((enum verdict_outcome)v->verdict);
			x->kind = v->verdict == V_PASS	 ? REPORT_PASS
				  : v->verdict == V_FAIL ? REPORT_FAIL
				  : v->verdict == V_SKIP ? REPORT_SKIP
							 : REPORT_ERROR;
			x->message = json_object_object_get_ex(v->json, "reason", &r)
					     ? json_object_get_string(r)
					     : "";
			if (!x->message[0] && !(x->message = first_item(v->failure, msg[*n], sizeof(msg[0]))))
				x->message = x->type;
		}
		(*n)++;
	}
	return c;
}

static int write_cases(const char *path, const char *opt, const struct gauntlet *g, bool junit)
{
	size_t n, len = 0;
	char(*msg)[256] = calloc(g->nv + 1, sizeof(*msg)), *text = NULL, why[PATH_MAX + 200];
	struct report_case *c = msg ? cases(g, &n, msg) : NULL;
	FILE *f = c ? open_memstream(&text, &len) : NULL;
	int rc = 0;

	if (!f) {
		log_err("%s %s: out of memory", opt, path);
		free(c);
		free(msg);
		return -1;
	}
	if (junit)
		junit_write(f, "ktsrun gauntlet", c, n);
	else
		tap_write(f, c, n);
	/* whole or not at all: a CI reader must not take half a file */
	if (fclose(f) || fs_write_atomic(path, text, len)) {
		log_err("%s: %s", opt, fs_write_error(path, errno, len, NULL, why, sizeof(why)));
		rc = -1;
	}
	free(text);
	free(c);
	free(msg);
	return rc;
}

int gauntlet_junit_write(const char *path, const struct gauntlet *g)
{
	return write_cases(path, "--junit", g, true);
}

int gauntlet_tap_write(const char *path, const struct gauntlet *g)
{
	return write_cases(path, "--tap", g, false);
}
