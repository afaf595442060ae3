/* Source files of one compilation (the main file, its includes, the
 * command line's -D values), and the diagnostics that point into them. */
#ifndef KTS_SRC_H
#define KTS_SRC_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

#include "grammar/ast.h"

#define SRC_MAX_LEN   (1 << 20) /* bytes of one source file */
#define SRC_MAX_SHOWN 50	/* diagnostics printed per compilation; all are counted */
#define SRC_MAX_KEPT  1000	/* diagnostics formatted (each scans its file for the line) */

struct src_file {
	char *name;
	char *text;
	size_t len;
};

struct src_msg {
	int file, line, col, seq;
	char *text;
};

struct src_set {
	struct src_file *f;
	int n;
	FILE *out; /* diagnostics go here, sorted by place, on src_flush */
	int nerr;
	struct src_msg *msg;
	int nmsg;
	int ndropped; /* counted past SRC_MAX_KEPT, never formatted */
};

/* Add a file from memory (copied); returns its index. */
int src_add(struct src_set *s, const char *name, const char *text, size_t len);
/* Read a file from disk; returns its index or -1 (errno set). */
int src_load(struct src_set *s, const char *path);
/* Why src_load failed, from its errno, in the words of its limits. */
const char *src_load_error(int err);
/* Print the pending diagnostics in source order (src_free does it too). */
void src_flush(struct src_set *s);
void src_free(struct src_set *s);

/* FILE:LINE:COL: message, the source line, carets under loc, and a hint
 * line when hint is not NULL. */
__attribute__((format(printf, 4, 5))) void diag_error(struct src_set *s, struct loc loc, const char *hint,
						      const char *fmt, ...);
/* An error without a place (a file that cannot be read). */
__attribute__((format(printf, 2, 3))) void diag_plain(struct src_set *s, const char *fmt, ...);

/* The candidate nearest to word (edit distance), or NULL if none is close. */
const char *diag_nearest(const char *word, const char *const *cands, int n);
/* "did you mean 'x'?" into buf, or NULL when nothing is close. */
const char *diag_did_you_mean(char *buf, size_t len, const char *word, const char *const *cands, int n);

#endif
