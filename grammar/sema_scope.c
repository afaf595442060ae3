/* Names: constants, parameters and templates (from the file and its
 * includes), and cgroups as the code generator declares them. */
#include <errno.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/parse.h"

#define MAX_INCLUDE_DEPTH 8

struct sym *sema_sym(struct comp *c, const char *name)
{
	for (int i = 0; i < c->nsyms; i++)
		if (!strcmp(c->syms[i].name, name))
			return &c->syms[i];
	return NULL;
}

void sema_unknown(struct comp *c, const struct node *at, const char *what, const char *word,
		  const char *const *cands, int n)
{
	const char **names = NULL;
	char hint[128];

	if (!cands) {
		names = calloc((size_t)c->nsyms + 1, sizeof(*names));
		if (!names)
			abort();
		for (int i = 0; i < c->nsyms; i++)
			if (c->syms[i].kind != S_TEMPLATE)
				names[n++] = c->syms[i].name;
		cands = names;
	}
	diag_error(&c->src, at->loc, diag_did_you_mean(hint, sizeof(hint), word, cands, n), "unknown %s '%s'",
		   what, word);
	free(names);
}

static void add_sym(struct comp *c, enum sym_kind k, struct node *def)
{
	struct sym *old = sema_sym(c, def->text);

	if (old) {
		diag_error(&c->src, def->loc, NULL, "'%s' is already defined at %s:%d", def->text,
			   c->src.f[old->def->loc.file].name, old->def->loc.line);
		return;
	}
	c->syms = realloc(c->syms, (size_t)(c->nsyms + 1) * sizeof(*c->syms));
	if (!c->syms)
		abort();
	c->syms[c->nsyms++] = (struct sym){ .kind = k, .name = def->text, .def = def };
}

static void add_tree(struct comp *c, struct node *t)
{
	c->trees = realloc(c->trees, (size_t)(c->ntrees + 1) * sizeof(*c->trees));
	if (!c->trees)
		abort();
	c->trees[c->ntrees++] = t;
}

/* Path of an include, relative to the directory of the including file. */
static char *include_path(const char *from, const char *path)
{
	char *dup, *dir, *out;

	if (path[0] == '/')
		return strdup(path);
	dup = strdup(from);
	if (!dup)
		abort();
	dir = dirname(dup);
	out = malloc(strlen(dir) + strlen(path) + 2);
	if (!out)
		abort();
	sprintf(out, "%s/%s", dir, path);
	free(dup);
	return out;
}

static void include(struct comp *c, const struct node *inc, int depth)
{
	char *path = include_path(c->src.f[inc->loc.file].name, inc->text);
	int id;

	for (int i = 0; i < c->src.n; i++)
		if (!strcmp(c->src.f[i].name, path)) {
			free(path); /* included already: once is enough */
			return;
		}
	if (depth >= MAX_INCLUDE_DEPTH) {
		diag_error(&c->src, inc->loc, NULL, "includes nested deeper than %d", MAX_INCLUDE_DEPTH);
	} else if ((id = src_load(&c->src, path)) < 0) {
		diag_error(&c->src, inc->loc, NULL, "cannot read '%s': %s", path, src_load_error(errno));
	} else {
		struct node *t = parse_file(&c->src, id, NULL);

		add_tree(c, t);
		sema_collect(c, t, depth + 1);
	}
	free(path);
}

void sema_collect(struct comp *c, struct node *tree, int depth)
{
	if (depth == 0)
		add_tree(c, tree);
	for (int i = 0; i < tree->nkid; i++) {
		struct node *n = tree->kid[i];

		switch (n->kind) {
		case N_INCLUDE: include(c, n, depth); break;
		case N_CONST: add_sym(c, S_CONST, n); break;
		case N_PARAM: add_sym(c, S_PARAM, n); break;
		case N_TEMPLATE: add_sym(c, S_TEMPLATE, n); break;
		case N_SCENARIO:
			if (depth > 0)
				diag_error(&c->src, n->loc,
					   "an included file shares const, param and template",
					   "scenario '%s' in an included file", n->text);
			else if (c->scenario)
				diag_error(&c->src, n->loc, "put each scenario in its own file",
					   "a second scenario in one file");
			else
				c->scenario = n;
			break;
		default: break;
		}
	}
}

int sema_cgroup_find(struct comp *c, const char *path)
{
	for (int i = 0; i < c->ncgs; i++)
		if (!strcmp(c->cgs[i].path, path))
			return i;
	return -1;
}

int sema_cgroup_ref(struct comp *c, const struct node *ref, bool for_op)
{
	int id = sema_cgroup_find(c, ref->text);

	if (id < 0) {
		const char **names = calloc((size_t)c->ncgs + 1, sizeof(*names));

		if (!names)
			abort();
		for (int i = 0; i < c->ncgs; i++)
			names[i] = c->cgs[i].path;
		sema_unknown(c, ref, "cgroup", ref->text, names, c->ncgs);
		free(names);
		return -1;
	}
	if (for_op && c->cgs[id].backdrop) {
		diag_error(&c->src, ref->loc, "backdrop cgroups run untouched for the whole scenario",
			   "'%s' is a backdrop cgroup; steps cannot change it", ref->text);
		return -1;
	}
	if (for_op && c->cgs[id].removed) {
		diag_error(&c->src, ref->loc, NULL, "cgroup '%s' was removed in step %d", ref->text,
			   c->cgs[id].removed_step);
		return -1;
	}
	return id;
}
