#include "host/gauntlet/matrix_file.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "host/gauntlet/budget.h"
#include "host/util/log.h"

struct ctx {
	yaml_document_t *doc;
	const char *name;
	char *err;
	size_t errlen;
};

/* FILE:LINE:COL: ... at node n (libyaml's marks are 0-based). */
__attribute__((format(printf, 3, 4))) static int fail(struct ctx *c, const yaml_node_t *n, const char *fmt,
						      ...)
{
	va_list ap;
	int k = snprintf(c->err, c->errlen, "%s:%zu:%zu: ", c->name, n ? n->start_mark.line + 1 : 1,
			 n ? n->start_mark.column + 1 : 1);

	va_start(ap, fmt);
	if (k >= 0 && (size_t)k < c->errlen)
		vsnprintf(c->err + k, c->errlen - (size_t)k, fmt, ap);
	va_end(ap);
	return -1;
}

static const char *scalar(const yaml_node_t *n)
{
	return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

static yaml_node_t *node(struct ctx *c, yaml_node_item_t i)
{
	return yaml_document_get_node(c->doc, i);
}

/* libyaml takes a key twice in one mapping; we refuse it at its second
 * place, the way the language refuses a repeated parameter. */
static int repeated(struct ctx *c, const yaml_node_t *map, const yaml_node_pair_t *p)
{
	const char *k = scalar(node(c, p->key));

	for (const yaml_node_pair_t *q = map->data.mapping.pairs.start; k && q < p; q++) {
		const char *e = scalar(node(c, q->key));

		if (e && !strcmp(e, k))
			return fail(c, node(c, p->key), "'%s' is given twice (first on line %zu); keep one",
				    k, node(c, q->key)->start_mark.line + 1);
	}
	return 0;
}

/* A scalar or a sequence of scalars, comma-joined into buf. */
static int words(struct ctx *c, yaml_node_t *n, char *buf, size_t len, const char *what)
{
	size_t u = 0;

	buf[0] = '\0';
	if (scalar(n)) {
		snprintf(buf, len, "%s", scalar(n));
		return 0;
	}
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(c, n, "%s: expected a word or a list of words", what);
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		const char *w = scalar(node(c, *i));

		if (!w)
			return fail(c, node(c, *i), "%s: expected a word", what);
		u += (size_t)snprintf(buf + u, u < len ? len - u : 0, "%s%s", u ? "," : "", w);
	}
	return u < len ? 0 : fail(c, n, "%s: too long", what);
}

static int distances(struct ctx *c, yaml_node_t *n, unsigned *d, unsigned *nd)
{
	*nd = 0;
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(c, n, "distances: expected a list of rows, like [[10, 20], [20, 10]]");
	for (yaml_node_item_t *r = n->data.sequence.items.start; r < n->data.sequence.items.top; r++) {
		yaml_node_t *row = node(c, *r);

		if (row->type != YAML_SEQUENCE_NODE)
			return fail(c, row, "distances: each row is a list of numbers");
		for (yaml_node_item_t *i = row->data.sequence.items.start; i < row->data.sequence.items.top;
		     i++) {
			const char *v = scalar(node(c, *i));
			char *end;
			unsigned long x = v ? strtoul(v, &end, 10) : 0;

			if (!v || !*v || *end || *nd == TOPO_MAX_NODES * TOPO_MAX_NODES)
				return fail(c, node(c, *i),
					    "distances: expected a number from 11 to 255 (10 to itself)");
			d[(*nd)++] = (unsigned)x;
		}
	}
	return 0;
}

static int one_preset(struct ctx *c, yaml_node_t *n)
{
	const char *name = NULL, *topo = NULL;
	char tags[PRESET_TAGS_MAX] = "", why[400];
	unsigned d[TOPO_MAX_NODES * TOPO_MAX_NODES], nd = 0;

	if (n->type != YAML_MAPPING_NODE)
		return fail(c, n, "presets: each is a mapping with name and topology");
	for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
		const char *k = scalar(node(c, p->key));
		yaml_node_t *v = node(c, p->value);

		if (repeated(c, n, p))
			return -1;
		if (k && !strcmp(k, "name") && scalar(v))
			name = scalar(v);
		else if (k && !strcmp(k, "topology") && scalar(v))
			topo = scalar(v);
		else if (k && !strcmp(k, "tags")) {
			if (words(c, v, tags, sizeof(tags), "tags"))
				return -1;
		} else if (k && !strcmp(k, "distances")) {
			if (distances(c, v, d, &nd))
				return -1;
		} else
			return fail(c, node(c, p->key),
				    "preset: '%s' is not one of name, topology, tags, distances",
				    k ? k : "?");
	}
	if (!name || !topo)
		return fail(c, n, "preset: needs a name and a topology (a spelling like 1n3l2c1t)");
	if (preset_add(name, topo, tags, d, nd, why, sizeof(why)))
		return fail(c, n, "%s", why);
	return 0;
}

static int presets(struct ctx *c, yaml_node_t *n, struct matrix_file *m)
{
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(c, n, "presets: expected a list");
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top;
	     i++, m->npresets++)
		if (one_preset(c, node(c, *i)))
			return -1;
	return 0;
}

static int one_sched(struct ctx *c, yaml_node_t *n, struct matrix_file *m)
{
	const char *name = scalar(n), *args = NULL;

	if (m->nsched == GAUNTLET_MAX_SCHED)
		return fail(c, n, "schedulers: at most %d", GAUNTLET_MAX_SCHED);
	if (!name && n->type == YAML_MAPPING_NODE)
		for (yaml_node_pair_t *p = n->data.mapping.pairs.start; p < n->data.mapping.pairs.top; p++) {
			const char *k = scalar(node(c, p->key)), *v = scalar(node(c, p->value));

			if (repeated(c, n, p))
				return -1;
			if (k && v && !strcmp(k, "name"))
				name = v;
			else if (k && v && !strcmp(k, "args"))
				args = v;
			else
				return fail(c, node(c, p->key), "scheduler: '%s' is not one of name, args",
					    k ? k : "?");
		}
	if (!name || !name[0])
		return fail(c, n, "scheduler: a name, or a mapping with name and args");
	if (asprintf(&m->sched[m->nsched], "%s%s%s", name, args ? ":" : "", args ? args : "") < 0)
		return fail(c, n, "out of memory");
	m->nsched++;
	return 0;
}

static int list_of(struct ctx *c, yaml_node_t *n, struct matrix_file *m, bool sched)
{
	if (sched && scalar(n))
		return one_sched(c, n, m);
	if (n->type != YAML_SEQUENCE_NODE)
		return fail(c, n, "%s: expected a list", sched ? "schedulers" : "kernels");
	for (yaml_node_item_t *i = n->data.sequence.items.start; i < n->data.sequence.items.top; i++) {
		yaml_node_t *x = node(c, *i);

		if (sched) {
			if (one_sched(c, x, m))
				return -1;
		} else if (!scalar(x) || m->nkernel == GAUNTLET_MAX_KERNEL) {
			return fail(c, x, "kernels: cache keys or bzImage paths, at most %d",
				    GAUNTLET_MAX_KERNEL);
		} else if (!(m->kernel[m->nkernel++] = strdup(scalar(x)))) {
			return fail(c, x, "out of memory");
		}
	}
	return 0;
}

static int top_key(struct ctx *c, const char *k, yaml_node_t *v, struct matrix_file *m)
{
	char buf[1024], *end;
	unsigned long j;

	if (!strcmp(k, "presets"))
		return presets(c, v, m);
	if (!strcmp(k, "schedulers"))
		return list_of(c, v, m, true);
	if (!strcmp(k, "kernels"))
		return list_of(c, v, m, false);
	if (!strcmp(k, "use")) {
		if (words(c, v, buf, sizeof(buf), "use"))
			return -1;
		return (m->use = strdup(buf)) ? 0 : fail(c, v, "out of memory");
	}
	if (!strcmp(k, "budget"))
		return scalar(v) && budget_parse(scalar(v), &m->budget_s) == 0
			       ? 0
			       : fail(c, v, "budget: expected a duration like 20m, 90s or 1h30m");
	if (!strcmp(k, "jobs")) {
		j = scalar(v) ? strtoul(scalar(v), &end, 10) : 0;
		if (!scalar(v) || !*scalar(v) || *end || j < 1 || j > 256)
			return fail(c, v, "jobs: expected a number from 1 to 256");
		m->jobs = (unsigned)j;
		return 0;
	}
	return fail(c, v, "'%s' is not one of presets, use, schedulers, kernels, budget, jobs", k);
}

int matrix_file_parse(const char *name, const char *text, size_t len, struct matrix_file *m, char *err,
		      size_t errlen)
{
	yaml_parser_t p;
	yaml_document_t doc;
	struct ctx c = { &doc, name, err, errlen };
	yaml_node_t *root;
	int rc = 0;

	memset(m, 0, sizeof(*m));
	if (!yaml_parser_initialize(&p))
		return errf(err, errlen, "%s: cannot start the YAML parser", name);
	yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
	if (!yaml_parser_load(&p, &doc)) {
		snprintf(err, errlen, "%s:%zu:%zu: %s%s%s", name, p.problem_mark.line + 1,
			 p.problem_mark.column + 1, p.problem ? p.problem : "not YAML", p.context ? " " : "",
			 p.context ? p.context : "");
		yaml_parser_delete(&p);
		return -1;
	}
	root = yaml_document_get_root_node(&doc);
	if (!root)
		rc = errf(err, errlen, "%s:1:1: empty; see doc/gauntlet.md for what a matrix file holds",
			  name);
	else if (root->type != YAML_MAPPING_NODE)
		rc = fail(&c, root, "expected a mapping of presets, use, schedulers, kernels, budget, jobs");
	for (yaml_node_pair_t *q = rc ? NULL : root->data.mapping.pairs.start;
	     q && q < root->data.mapping.pairs.top && !rc; q++) {
		const char *k = scalar(node(&c, q->key));

		rc = repeated(&c, root, q) ? -1
		     : k		   ? top_key(&c, k, node(&c, q->value), m)
					   : fail(&c, node(&c, q->key), "a key must be a word");
	}
	yaml_document_delete(&doc);
	yaml_parser_delete(&p);
	if (rc)
		matrix_file_free(m);
	return rc;
}

int matrix_file_load(const char *path, struct matrix_file *m, char *err, size_t errlen)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0;
	int rc;

	memset(m, 0, sizeof(*m));
	if (!f)
		return errf(err, errlen, "--matrix %s: %s", path, strerror(errno));
	buf = malloc(1 << 20);
	if (buf)
		n = fread(buf, 1, (1 << 20) - 1, f);
	fclose(f);
	if (!buf)
		return errf(err, errlen, "out of memory");
	rc = n == (1 << 20) - 1 ? errf(err, errlen, "%s: larger than 1 MiB", path)
				: matrix_file_parse(path, buf, n, m, err, errlen);
	free(buf);
	return rc;
}

void matrix_file_free(struct matrix_file *m)
{
	for (unsigned i = 0; i < m->nsched; i++)
		free(m->sched[i]);
	for (unsigned i = 0; i < m->nkernel; i++)
		free(m->kernel[i]);
	free(m->use);
	memset(m, 0, sizeof(*m));
}
