/* The compiler driver: parse, collect names and includes, generate code in
 * section order (metadata, requirements, cgroups, steps, claims), verify. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/parse.h"

/* -D name=value: the value is parsed as the expression of a param. */
static void apply_defines(struct comp *c)
{
	for (int i = 0; i < c->opts->ndefs; i++) {
		const struct kts_define *d = &c->opts->defs[i];
		struct sym *s = sema_sym(c, d->name);
		char *text;
		struct node *t;
		int id, nerr = c->src.nerr;

		if (!s || s->kind != S_PARAM) {
			const char **names = calloc((size_t)c->nsyms + 1, sizeof(*names));
			char hint[128];
			int n = 0;

			if (!names)
				abort();
			for (int j = 0; j < c->nsyms; j++)
				if (c->syms[j].kind == S_PARAM)
					names[n++] = c->syms[j].name;
			diag_plain(&c->src, "-D %s: the scenario has no param '%s'%s%s", d->name, d->name,
				   diag_did_you_mean(hint, sizeof(hint), d->name, names, n) ? "; " : "",
				   diag_nearest(d->name, names, n) ? hint : "");
			free(names);
			continue;
		}
		if (asprintf(&text, "param %s = %s\n", d->name, d->value) < 0)
			abort();
		id = src_add(&c->src, "command line", text, strlen(text));
		free(text);
		t = parse_file(&c->src, id, NULL);
		c->trees = realloc(c->trees, (size_t)(c->ntrees + 1) * sizeof(*c->trees));
		if (!c->trees)
			abort();
		c->trees[c->ntrees++] = t;
		if (t->nkid == 1 && t->kid[0]->kind == N_PARAM)
			s->override = t->kid[0]->kid[0];
		else if (c->src.nerr == nerr)
			diag_plain(&c->src, "-D %s: the value must be one expression, such as 5s or \"text\"",
				   d->name);
	}
}

static void generate(struct comp *c)
{
	const struct node *sc = c->scenario, *body = sc->kid[1];

	emit_op(&c->w, OP_SCENARIO, emit_str(&c->w, sc->text),
		emit_str(&c->w, sc->kid[0] ? sc->kid[0]->text : ""));
	gen_meta(c, body);
	gen_requires(c, body);
	for (int i = 0; i < body->nkid; i++) {
		const struct node *n = body->kid[i];

		if (n->kind == N_CGROUP)
			gen_cgroup(c, n, -1, BC_CGF_plain);
		for (int j = 0; n->kind == N_BACKDROP && j < n->kid[0]->nkid; j++)
			if (n->kid[0]->kid[j]->kind == N_CGROUP)
				gen_cgroup(c, n->kid[0]->kid[j], -1, BC_CGF_backdrop);
			else if (n->kid[0]->kid[j]->kind == N_SET)
				diag_error(&c->src, n->kid[0]->kid[j]->loc, NULL,
					   "a backdrop holds cgroups, not settings");
	}
	gen_steps(c, body);
	gen_claims(c, body);
	emit_op(&c->w, OP_END);
}

static void comp_free(struct comp *c)
{
	for (int i = 0; i < c->ntrees; i++)
		ast_free(c->trees[i]);
	for (int i = 0; i < c->ncgs; i++)
		free(c->cgs[i].path);
	free(c->trees);
	free(c->syms);
	free(c->cgs);
	emit_free(&c->w);
	src_free(&c->src);
}

static int compile(struct comp *c, int file, uint8_t **out, size_t *len)
{
	struct bc_prog p;
	char err[256];
	int nerr;

	const struct src_file *f = &c->src.f[file];
	const char *nul = memchr(f->text, 0, f->len);

	/* binary input would give one error per byte */
	if (f->len >= 4 && !memcmp(f->text, BC_MAGIC, 4)) {
		diag_plain(&c->src, "%s is compiled bytecode, not source: run or disasm take it as it is",
			   f->name);
	} else if (nul) {
		diag_plain(&c->src, "%s is not a text file (a NUL byte at offset %zu)", f->name,
			   (size_t)(nul - f->text));
	}
	if (c->src.nerr) {
		nerr = c->src.nerr;
		comp_free(c);
		return nerr;
	}
	sema_collect(c, parse_file(&c->src, file, NULL), 0);
	apply_defines(c);
	if (!c->scenario && !c->src.nerr)
		diag_plain(&c->src, "%s: no scenario in this file", c->src.f[file].name);
	if (c->scenario && !c->src.nerr)
		generate(c);
	if (!c->src.nerr && emit_finish(&c->w, out, len))
		diag_plain(&c->src, "%s: more than %u constants", c->src.f[file].name, BC_MAX_POOL);
	if (!c->src.nerr && bc_load(&p, *out, *len, err, sizeof(err))) {
		/* the compiler made something the verifier refuses: our bug */
		diag_plain(&c->src, "%s: internal error: %s", c->src.f[file].name, err);
		free(*out);
		*out = NULL;
		*len = 0;
	} else if (!c->src.nerr) {
		bc_prog_free(&p);
	}
	nerr = c->src.nerr;
	comp_free(c);
	return nerr;
}

int kts_compile_mem(const char *name, const char *text, size_t tlen, const struct kts_opts *o, uint8_t **out,
		    size_t *len)
{
	struct comp c = { .opts = o };

	c.src.out = o->diag;
	*out = NULL;
	*len = 0;
	return compile(&c, src_add(&c.src, name, text, tlen), out, len);
}

int kts_compile_file(const char *path, const struct kts_opts *o, uint8_t **out, size_t *len)
{
	struct comp c = { .opts = o };
	int id;

	c.src.out = o->diag;
	*out = NULL;
	*len = 0;
	if ((id = src_load(&c.src, path)) < 0) {
		diag_plain(&c.src, "%s: %s", path, src_load_error(errno));
		id = c.src.nerr;
		src_free(&c.src);
		return id;
	}
	return compile(&c, id, out, len);
}
