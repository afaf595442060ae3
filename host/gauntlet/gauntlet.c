/* Loading the scenarios of a gauntlet and naming the scheduler part. */
#include "host/gauntlet/gauntlet.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/sched/sched_stage.h"
#include "host/util/log.h"

int gauntlet_load(struct gauntlet *g, char *const *files, unsigned nfiles, const struct kts_opts *k)
{
	char err[512];

	g->scen = calloc(nfiles ? nfiles : 1, sizeof(*g->scen));
	if (!g->scen) {
		log_err("out of memory");
		return -1;
	}
	for (unsigned i = 0; i < nfiles; i++) {
		struct gscen *s = &g->scen[g->nscen];

		if (kts_compile_file(files[i], k, &s->bc, &s->len)) {
			log_err("%s does not compile (errors above); a gauntlet runs only scenarios that do",
				files[i]);
			return -1;
		}
		if (bc_load(&s->prog, s->bc, s->len, err, sizeof(err))) {
			log_err("%s: %s", files[i], err);
			free(s->bc);
			return -1;
		}
		s->file = strdup(files[i]);
		interp_meta_read(&s->prog, &s->meta);
		g->nscen++;
		for (unsigned j = 0; j + 1 < g->nscen; j++)
			if (!strcmp(g->scen[j].meta.name, s->meta.name)) {
				log_err("%s and %s both define scenario '%s'; variant names must be unique",
					g->scen[j].file, files[i], s->meta.name);
				return -1;
			}
	}
	return 0;
}

void gauntlet_free(struct gauntlet *g)
{
	for (unsigned i = 0; i < g->nscen; i++) {
		bc_prog_free(&g->scen[i].prog);
		free(g->scen[i].bc);
		free(g->scen[i].file);
	}
	free(g->scen);
	for (size_t i = 0; i < g->nv; i++) {
		free(g->v[i].failure);
		json_object_put(g->v[i].json);
	}
	free(g->v);
	memset(g, 0, sizeof(*g));
}

const char *gauntlet_sched_spec(const struct gauntlet *g, const struct variant *v, char *buf, size_t len)
{
	return sched_stage_spec(g->nsched ? g->sched[v->sched] : NULL, &g->scen[v->scen].meta, buf, len);
}

void gauntlet_sched_label(const struct gauntlet *g, const struct variant *v, char *buf, size_t len)
{
	char spec[600];
	const char *s = gauntlet_sched_spec(g, v, spec, sizeof(spec)), *colon, *name;
	size_t n;

	if (!s) {
		snprintf(buf, len, "eevdf");
		return;
	}
	colon = strchr(s, ':');
	n = colon ? (size_t)(colon - s) : strlen(s);
	name = s;
	for (const char *p = s; p < s + n; p++)
		if (*p == '/')
			name = p + 1;
	snprintf(buf, len, "%.*s%s", (int)(s + n - name), name, colon ? colon : "");
	for (char *p = buf; *p; p++)
		if (*p == ' ' || *p == '/' || *p == '\t')
			*p = '_';
}
