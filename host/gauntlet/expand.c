/* Scenarios x presets x schedulers x kernels. A preset that does not fit
 * and a `requires` the preset cannot meet are settled here, before any VM
 * boots; such variants stay in the list as skipped, with the reason. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/gauntlet/gauntlet.h"
#include "host/topo/topo_facts.h"
#include "host/util/log.h"

/* Mark the presets a word names: a preset name, every preset with that
 * tag, or "all". -1 when it is none of these. */
static int mark_word(const char *w, bool *on)
{
	size_t n;
	const struct preset *p = preset_all(&n);
	int hit = -1;

	for (size_t i = 0; i < n; i++)
		if (!strcmp(w, "all") || !strcmp(p[i].name, w) || preset_has_tag(&p[i], w))
			on[i] = true, hit = 0;
	return hit;
}

static int mark_list(const char *list, bool *on, char *bad, size_t badlen)
{
	char *copy = strdup(list), *save = NULL;
	int rc = 0;

	if (!copy)
		return -1;
	for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save))
		if (mark_word(w, on) && rc == 0) {
			snprintf(bad, badlen, "%s", w);
			rc = -1;
		}
	free(copy);
	return rc;
}

static double topo_lookup(void *arg, enum bc_op op, const unsigned *v)
{
	return op == OP_TOPO ? interp_topo_fact(arg, v[0]) : NAN;
}

/* The guest reports sysinfo's totalram, a little below what it was given:
 * judged on the full size, a variant the guest then finds short skips
 * there rather than here (never the other way round). */
const char *expand_unmet(const struct bc_prog *p, const struct topo *t, unsigned mem_mib)
{
	struct interp_topo it;
	unsigned v[8];
	bool unknown;

	topo_facts(t, mem_mib, &it);
	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc]))
		if (interp_decode(p, pc, v) == OP_REQ_BEGIN &&
		    !(interp_eval(p, pc, topo_lookup, &it, &unknown, NULL) != 0))
			return p->pool[v[0]].u.s;
	return NULL;
}

static int add_variant(struct gauntlet *g, unsigned s, const struct preset *p, unsigned k, unsigned sc)
{
	struct variant *v;
	char err[256], sched[128];
	const char *req;
	struct fit f;

	if (!(g->nv & (g->nv + 1)) || !g->v) { /* grow at 0, 1, 3, 7, ... */
		struct variant *nv = realloc(g->v, (g->nv * 2 + 2) * sizeof(*nv));

		if (!nv)
			return -1;
		g->v = nv;
	}
	v = &g->v[g->nv++];
	memset(v, 0, sizeof(*v));
	v->scen = s, v->kern = k, v->sched = sc, v->preset = p;
	preset_parse(p->name, &v->topo, err, sizeof(err));
	v->mem_mib = g->mem_mib ? g->mem_mib : preset_mem_mib(&v->topo);
	gauntlet_sched_label(g, v, sched, sizeof(sched));
	snprintf(v->name, sizeof(v->name), "%s/%s/%s%s%s", g->scen[s].meta.name, p->name, sched,
		 g->kern[k].label[0] ? "/" : "", g->kern[k].label);
	fit_check(&g->kern[k].env, &v->topo, v->mem_mib, &f);
	if (!fit_ok(&f)) {
		v->state = VS_SKIP;
		snprintf(v->why, sizeof(v->why), "does not fit: %s", fit_reason(&f));
	} else if ((req = expand_unmet(&g->scen[s].prog, &v->topo, v->mem_mib))) {
		v->state = VS_SKIP;
		snprintf(v->why, sizeof(v->why), "requires %s", req);
	}
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Names are how results are matched (compare, merge, cost files): two
 * variants with one name would be one. */
static int unique(const struct gauntlet *g, char *err, size_t errlen)
{
	char **n = calloc(g->nv + 1, sizeof(*n));
	int rc = 0;

	if (!n)
		return errf(err, errlen, "out of memory");
	for (size_t i = 0; i < g->nv; i++)
		n[i] = g->v[i].name;
	qsort(n, g->nv, sizeof(*n), by_name);
	for (size_t i = 1; i < g->nv && !rc; i++)
		if (!strcmp(n[i], n[i - 1]))
			rc = errf(err, errlen,
				  "variant %s twice: the same --scheduler or --kernel given twice?", n[i]);
	free(n);
	return rc;
}

int expand_variants(struct gauntlet *g, const char *presets, char *err, size_t errlen)
{
	size_t np;
	const struct preset *p = preset_all(&np);
	bool *on = calloc(np, sizeof(*on));
	char bad[64];
	int rc = 0;

	if (!on)
		return errf(err, errlen, "out of memory");
	for (unsigned s = 0; s < g->nscen && rc == 0; s++) {
		const struct interp_meta *m = &g->scen[s].meta;

		memset(on, 0, np * sizeof(*on));
		if (presets) {
			if (mark_list(presets, on, bad, sizeof(bad)))
				rc = errf(err, errlen,
					  "--presets: '%s' is neither a preset nor a tag; see 'ktsrun topo "
					  "--list'",
					  bad);
		} else if (m->ngauntlet) {
			for (unsigned i = 0; i < m->ngauntlet && rc == 0; i++)
				if (mark_word(m->gauntlet[i], on))
					rc = errf(err, errlen,
						  "%s: gauntlet '%s' is neither a preset nor a tag; see "
						  "'ktsrun "
						  "topo --list'",
						  g->scen[s].file, m->gauntlet[i]);
		} else {
			for (size_t i = 0; i < np; i++)
				on[i] = true;
		}
		for (size_t i = 0; i < np && rc == 0; i++)
			for (unsigned sc = 0; on[i] && sc < (g->nsched ? g->nsched : 1) && rc == 0; sc++)
				for (unsigned k = 0; k < g->nkern && rc == 0; k++)
					if (add_variant(g, s, &p[i], k, sc))
						rc = errf(err, errlen, "out of memory");
	}
	free(on);
	return rc ? rc : unique(g, err, errlen);
}
