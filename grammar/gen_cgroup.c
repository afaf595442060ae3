/* Code generation for cgroups: CG_BEGIN, the settings (of the template,
 * then of the block), CG_END, then the nested cgroups. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/limits.h"
#include "grammar/lex.h"
#include "grammar/kts_parse.h"

static int declare(struct comp *c, const struct node *def, int parent, int flags)
{
	struct cgroup *g;
	char *path;
	int id;

	if (strchr(def->text, '.')) {
		diag_error(&c->src, def->loc, "nest a cgroup block inside another instead",
			   "cgroup names cannot contain '.'");
		return -1;
	}
	if (parent < 0 && (!strcmp(def->text, "all") || !strcmp(def->text, "topo"))) {
		diag_error(&c->src, def->loc, "choose another name",
			   "'%s' is not a cgroup name: in claims %s", def->text,
			   def->text[0] == 'a' ? "all.METRIC is a metric over every cgroup"
					       : "topo.FACT is a fact of the topology");
		return -1;
	}
	if (strlen(def->text) > KTS_MAX_NAME) {
		diag_error(&c->src, def->loc, NULL, "cgroup name '%.20s...' is longer than %d characters",
			   def->text, KTS_MAX_NAME);
		return -1;
	}
	path = malloc(strlen(def->text) + (parent >= 0 ? strlen(c->cgs[parent].path) + 2 : 1));
	if (!path)
		abort();
	if (parent >= 0)
		sprintf(path, "%s.%s", c->cgs[parent].path, def->text);
	else
		strcpy(path, def->text);
	if ((id = sema_cgroup_find(c, path)) >= 0 && !c->cgs[id].removed) {
		diag_error(&c->src, def->loc, NULL, "cgroup '%s' is already defined at line %d", path,
			   c->cgs[id].def->loc.line);
		free(path);
		return -1;
	}
	if (c->ncgs >= BC_MAX_CGROUPS) {
		diag_error(&c->src, def->loc, NULL, "more than %d cgroups", BC_MAX_CGROUPS);
		free(path);
		return -1;
	}
	c->cgs = realloc(c->cgs, (size_t)(c->ncgs + 1) * sizeof(*c->cgs));
	if (!c->cgs)
		abort();
	g = &c->cgs[c->ncgs];
	*g = (struct cgroup){ .path = path,
			      .name = def->text,
			      .parent = parent,
			      .def = def,
			      .backdrop = flags == BC_CGF_backdrop,
			      .workers = -1,
			      .fanout = -1,
			      .depth = -1 };
	emit_op(&c->w, OP_CG_BEGIN, (unsigned)c->ncgs, parent < 0 ? BC_ROOT : (unsigned)parent,
		emit_str(&c->w, def->text), (unsigned)flags);
	return c->ncgs++;
}

/* The settings of one block (a template's or the cgroup's own). */
static void settings(struct comp *c, const struct node *block, int cg, int *work, bool *has_workers)
{
	for (int i = 0; block && i < block->nkid; i++) {
		const struct node *s = block->kid[i], *dup = NULL;

		if (s->kind != N_SET)
			continue;
		for (int j = 0; j < i && !dup && s->tok != T_METRIC; j++)
			if (block->kid[j]->kind == N_SET && block->kid[j]->tok == s->tok)
				dup = block->kid[j];
		if (dup) {
			diag_error(&c->src, s->loc, NULL, "%s is already set at line %d",
				   lex_token_text(s->tok), dup->loc.line);
			continue;
		}
		if (s->tok == T_WORKERS) {
			gen_workers(c, s, cg);
			*has_workers = true;
		} else if (s->tok == T_WORK)
			gen_work(c, s, cg, work);
		else if (s->tok == T_METRIC)
			gen_work_metric(c, s, cg);
		else
			gen_setting(c, s, cg, false);
	}
}

static void children(struct comp *c, const struct node *block, int cg, int flags)
{
	for (int i = 0; block && i < block->nkid; i++)
		if (block->kid[i]->kind == N_CGROUP)
			gen_cgroup(c, block->kid[i], cg, flags);
}

void gen_cgroup(struct comp *c, const struct node *def, int parent, int flags)
{
	const struct node *from = def->kid[0], *tmpl = NULL;
	int cg = declare(c, def, parent, flags), work = -1;
	bool has_workers = false;

	if (cg < 0)
		return;
	if (from) {
		struct sym *s = sema_sym(c, from->text);

		if (s && s->kind == S_TEMPLATE) {
			tmpl = s->def->kid[0];
		} else {
			const char **names = calloc((size_t)c->nsyms + 1, sizeof(*names));
			int n = 0;

			if (!names)
				abort();
			for (int i = 0; i < c->nsyms; i++)
				if (c->syms[i].kind == S_TEMPLATE)
					names[n++] = c->syms[i].name;
			sema_unknown(c, from, "template", from->text, names, n);
			free(names);
		}
	}
	settings(c, tmpl, cg, &work, &has_workers);
	settings(c, def->kid[1], cg, &work, &has_workers);
	if (has_workers && work == -1)
		diag_error(&c->src, def->loc, "add e.g. work spin", "cgroup '%s' has workers but no work",
			   c->cgs[cg].path);
	gen_check_group(c, def, cg, work);
	emit_op(&c->w, OP_CG_END, (unsigned)cg);
	children(c, tmpl, cg, flags);
	children(c, def->kid[1], cg, flags);
}
