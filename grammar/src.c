/* Source files and error reports with a caret under the culprit. */
#include "grammar/src.h"

#include <errno.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>

int src_add(struct src_set *s, const char *name, const char *text, size_t len)
{
	struct src_file *f = realloc(s->f, (size_t)(s->n + 1) * sizeof(*f));

	if (!f)
		abort();
	s->f = f;
	f = &s->f[s->n];
	f->name = strdup(name);
	f->text = malloc(len + 1);
	if (!f->name || !f->text)
		abort();
	memcpy(f->text, text, len);
	f->text[len] = 0;
	f->len = len;
	return s->n++;
}

int src_load(struct src_set *s, const char *path)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0, cap = 0, got;
	struct stat st;
	int id;

	if (!fp)
		return -1;
	/* a scenario is a small regular file: refuse devices, fifos, giants */
	if (fstat(fileno(fp), &st) || !S_ISREG(st.st_mode) || st.st_size > SRC_MAX_LEN) {
		fclose(fp);
		errno = S_ISDIR(st.st_mode) ? EISDIR : S_ISREG(st.st_mode) ? EFBIG : EINVAL;
		return -1;
	}
	do {
		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 4096);

			if (!nb)
				abort();
			buf = nb;
		}
		got = fread(buf + len, 1, cap - len, fp);
		len += got;
	} while (got > 0);
	if (ferror(fp)) {
		int e = errno;

		fclose(fp);
		free(buf);
		errno = e;
		return -1;
	}
	fclose(fp);
	id = src_add(s, path, buf ? buf : "", len);
	free(buf);
	return id;
}

const char *src_load_error(int err)
{
	if (err == EFBIG)
		return "larger than 1 MiB, the limit of a source file";
	if (err == EINVAL)
		return "not a regular file";
	return strerror(err);
}

static int msg_cmp(const void *a, const void *b)
{
	const struct src_msg *x = a, *y = b;

	if (x->file != y->file)
		return x->file - y->file;
	if (x->line != y->line)
		return x->line - y->line;
	if (x->col != y->col)
		return x->col - y->col;
	return x->seq - y->seq;
}

void src_flush(struct src_set *s)
{
	if (s->nmsg)
		qsort(s->msg, (size_t)s->nmsg, sizeof(*s->msg), msg_cmp);
	for (int i = 0; i < s->nmsg; i++) {
		if (s->out && i < SRC_MAX_SHOWN)
			fputs(s->msg[i].text, s->out);
		free(s->msg[i].text);
	}
	/* a file that is not a scenario at all would scroll the first error away */
	if (s->out && s->nmsg + s->ndropped > SRC_MAX_SHOWN)
		fprintf(s->out, "(%d more errors not shown)\n", s->nmsg + s->ndropped - SRC_MAX_SHOWN);
	s->ndropped = 0;
	free(s->msg);
	s->msg = NULL;
	s->nmsg = 0;
}

void src_free(struct src_set *s)
{
	src_flush(s);
	for (int i = 0; i < s->n; i++) {
		free(s->f[i].name);
		free(s->f[i].text);
	}
	free(s->f);
	s->f = NULL;
	s->n = 0;
}

/* Print source line `line` of f and carets from col to ecol. */
static void show_line(FILE *out, const struct src_file *f, int line, int col, int ecol)
{
	const char *p = f->text, *end = f->text + f->len, *eol;

	for (int l = 1; l < line && p < end; l++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	fprintf(out, "%.*s\n", (int)(eol - p), p);
	for (int c = 1; c < col && p + c - 1 < eol; c++)
		fputc(p[c - 1] == '\t' ? '\t' : ' ', out);
	for (int c = col; c <= (ecol < col ? col : ecol); c++)
		fputc('^', out);
	fputc('\n', out);
}

/* Queue a message; file -1 sorts first (no place). */
static FILE *msg_open(struct src_set *s, int file, int line, int col, char **buf, size_t *len)
{
	struct src_msg *m = realloc(s->msg, (size_t)(s->nmsg + 1) * sizeof(*m));
	FILE *f;

	if (!m)
		abort();
	s->msg = m;
	m = &s->msg[s->nmsg];
	*m = (struct src_msg){ .file = file, .line = line, .col = col, .seq = s->nmsg };
	s->nmsg++;
	f = open_memstream(buf, len);
	if (!f)
		abort();
	return f;
}

static void msg_close(struct src_set *s, FILE *f, char *const *buf)
{
	fclose(f);
	s->msg[s->nmsg - 1].text = *buf;
}

void diag_error(struct src_set *s, struct loc loc, const char *hint, const char *fmt, ...)
{
	va_list ap;
	const struct src_file *f = loc.file >= 0 && loc.file < s->n ? &s->f[loc.file] : NULL;
	char *buf;
	size_t len;
	FILE *out;

	if (s->nmsg >= SRC_MAX_KEPT) {
		s->nerr++;
		s->ndropped++;
		return;
	}
	out = msg_open(s, f ? loc.file : -1, loc.line, loc.col, &buf, &len);
	fprintf(out, "%s:%d:%d: ", f ? f->name : "?", loc.line, loc.col);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	if (f)
		show_line(out, f, loc.line, loc.col, loc.eline == loc.line ? loc.ecol : loc.col);
	if (hint)
		fprintf(out, "hint: %s\n", hint);
	msg_close(s, out, &buf);
	/* a value evaluated twice (checked, then used) reports its error once;
	 * the repeat follows closely, so only the last few are compared */
	for (int i = s->nmsg > 9 ? s->nmsg - 9 : 0; i < s->nmsg - 1; i++)
		if (s->msg[i].line == loc.line && s->msg[i].col == loc.col && !strcmp(s->msg[i].text, buf)) {
			free(buf);
			s->nmsg--;
			return;
		}
	s->nerr++;
}

void diag_plain(struct src_set *s, const char *fmt, ...)
{
	va_list ap;
	char *buf;
	size_t len;
	FILE *out;

	s->nerr++;
	out = msg_open(s, 1 << 30, 0, 0, &buf, &len);
	va_start(ap, fmt);
	vfprintf(out, fmt, ap);
	va_end(ap);
	fputc('\n', out);
	msg_close(s, out, &buf);
}

static int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	int row[64];

	if (la >= 63 || lb >= 63)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (int)j;
	for (size_t i = 1; i <= la; i++) {
		int diag = row[0];

		row[0] = (int)i;
		for (size_t j = 1; j <= lb; j++) {
			int up = row[j], best = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[lb];
}

const char *diag_nearest(const char *word, const char *const *cands, int n)
{
	const char *best = NULL;
	int bestd = 99, limit = (int)strlen(word) / 3 + 1;

	for (int i = 0; i < n; i++) {
		int d;

		if (!cands[i])
			continue;
		d = edit_distance(word, cands[i]);
		if (d < bestd) {
			bestd = d;
			best = cands[i];
		}
	}
	return bestd <= (limit > 3 ? 3 : limit) && bestd > 0 ? best : NULL;
}

const char *diag_did_you_mean(char *buf, size_t len, const char *word, const char *const *cands, int n)
{
	const char *near = diag_nearest(word, cands, n);

	if (!near)
		return NULL;
	snprintf(buf, len, "did you mean '%s'?", near);
	return buf;
}
