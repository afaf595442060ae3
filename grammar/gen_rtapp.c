/* work rtapp("periodic.json") or work rtapp(`{ ... }`): rt-app running a
 * description, a file beside the scenario or the JSON itself. The JSON is
 * checked and pinned here (grammar/rtapp_json.c), so a malformed one
 * fails `ktsrun check` with its place; it travels in the bytecode, and the
 * work is exec of rt-app with the JSON as a file in its directory. */
#include <errno.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/comp.h"
#include "grammar/rtapp_json.h"
#include "interp/interp.h"

/* The place of byte off of text, which starts at (line, col) of file. */
static struct loc loc_in(int file, int line, int col, unsigned off0, const char *text, size_t off)
{
	struct loc l = { .file = file, .line = line, .col = col };

	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n')
			l.line++, l.col = 1;
		else
			l.col++;
	}
	l.eline = l.line, l.ecol = l.col;
	l.off = off0 + (unsigned)off, l.eoff = l.off + 1;
	return l;
}

/* A file name relative to the directory of the file that names it. */
static char *beside(const char *from, const char *path)
{
	char *dup = strdup(from), *out;

	if (!dup)
		abort();
	if (path[0] == '/' || !(out = malloc(strlen(from) + strlen(path) + 2)))
		out = strdup(path);
	else
		sprintf(out, "%s/%s", dirname(dup), path);
	free(dup);
	if (!out)
		abort();
	return out;
}

static bool inline_json(const char *s)
{
	return s[strspn(s, " \t\r\n")] == '{';
}

/* The description's text and where a place in it is reported. */
struct desc {
	const char *text;
	int file, line, col; /* where text[0] is */
	unsigned off;
	bool exact; /* offsets map to places (a raw string, a file) */
};

static bool load(struct comp *c, const struct node *a, const struct val *v, struct desc *d)
{
	char *path;
	int id;

	if (inline_json(v->s)) {
		const struct node *n = v->n ? v->n : a;

		d->text = v->s, d->file = n->loc.file, d->line = n->loc.line, d->col = n->loc.col + 1;
		d->off = n->loc.off + 1, d->exact = n->tok == '`';
		return true;
	}
	path = beside(c->src.f[a->loc.file].name, v->s);
	if ((id = src_load(&c->src, path)) < 0) {
		diag_error(&c->src, a->loc, "a file beside the scenario, or the JSON itself: rtapp(`{...}`)",
			   "cannot read rt-app description '%s': %s", path, src_load_error(errno));
		free(path);
		return false;
	}
	free(path);
	d->text = c->src.f[id].text, d->file = id, d->line = 1, d->col = 1, d->off = 0, d->exact = true;
	return true;
}

bool gen_rtapp(struct comp *c, const struct node *call, int cg)
{
	const struct node *a = call->kind == N_CALL && call->nkid == 1 ? call->kid[0] : NULL;
	struct val v = a ? sema_eval(c, a) : (struct val){ 0 };
	char err[600], *json;
	struct desc d;
	size_t where;

	if (!a || v.k != V_STR) {
		if (v.k != V_ERR || !a)
			diag_error(
				&c->src, a ? a->loc : call->loc,
				"e.g. work rtapp(\"periodic.json\") or work rtapp(`{\"tasks\": {...}}`)",
				"work rtapp takes one string: a JSON file beside the scenario, or the JSON");
		return false;
	}
	if (c->opts && c->opts->program && c->opts->program(RTAPP_PROG, err, sizeof(err))) {
		diag_error(&c->src, call->loc, NULL, "%s", err);
		return false;
	}
	if (!load(c, a, &v, &d))
		return false;
	if (rtapp_json_pin(d.text, strlen(d.text), &json, &where, err, sizeof(err))) {
		struct loc l = where != (size_t)-1 && d.exact
				       ? loc_in(d.file, d.line, d.col, d.off, d.text, where)
				       : a->loc;

		diag_error(&c->src, l, NULL, "rt-app description: %s", err);
		return false;
	}
	emit_op(&c->w, OP_WORK_ARGV, cg, emit_str(&c->w, RTAPP_PROG));
	emit_op(&c->w, OP_WORK_ARGV, cg, emit_str(&c->w, RTAPP_JSON_FILE));
	emit_op(&c->w, OP_WORK_FILE, cg, emit_str(&c->w, RTAPP_JSON_FILE), emit_str(&c->w, json));
	free(json);
	return true;
}
