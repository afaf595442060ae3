/* ktsrun report RESULT.json|DIR... [--html OUT.html]: the text report of
 * results (host/report/report_text.c), or the HTML one (report_html.c). */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/report/report_color.h"
#include "host/report/report_html.h"
#include "host/report/report_text.h"
#include "host/util/fs.h"
#include "host/util/log.h"

#define REPORT_USAGE                                                                              \
	"usage: ktsrun report RESULT.json|DIR... [--color auto|always|never] [--html OUT.html]\n" \
	"       ktsrun report merge A.json B.json... -o OUT.json   (a gauntlet's shards)\n"       \
	"Print results of 'ktsrun run --json' on a terminal: per scheduler (and kernel) a\n"      \
	"matrix of scenario x topology with PASS, FAIL, ERROR, INCONC(lusive) or SKIP per\n"      \
	"variant, then each run that did not pass with its reason and failed items. A DIR\n"      \
	"means its .json files, in name order. Exit 0 printed, 2 bad input.\n"                    \
	"  --color W       colour: auto (default: on a terminal, unless NO_COLOR is set),\n"      \
	"                  always or never\n"                                                     \
	"  --html OUT      write one self-contained HTML file instead (no script, nothing\n"      \
	"                  fetched): the matrices linked to each run's items, cgroups,\n"         \
	"                  per-CPU timelines from the monitor and failure output\n"

#define REPORT_MAX_FILES 1024

struct files {
	char *v[REPORT_MAX_FILES];
	unsigned n;
};

static int add(struct files *f, const char *name)
{
	if (f->n == REPORT_MAX_FILES) {
		log_err("report: more than %d result files", REPORT_MAX_FILES);
		return -1;
	}
	if (!(f->v[f->n] = strdup(name))) {
		log_err("out of memory");
		return -1;
	}
	f->n++;
	return 0;
}

/* FILE, or the .json files of DIR; 0 or -1 after saying why. */
static int add_path(struct files *f, const char *path)
{
	unsigned first = f->n;
	struct stat st;
	int rc;

	if (stat(path, &st) || !S_ISDIR(st.st_mode))
		return add(f, path); /* the loader says what is wrong with it */
	rc = fs_dir_files(path, ".json", f->v, &f->n, REPORT_MAX_FILES);
	if (rc == -1)
		log_err("%s: cannot read the directory", path);
	else if (rc == -2)
		log_err("out of memory");
	else if (rc == 1)
		log_err("report: more than %d result files", REPORT_MAX_FILES);
	else if (f->n == first)
		log_err("%s: no .json files; give result files of 'ktsrun run --json'", path);
	return rc || f->n == first ? -1 : 0;
}

static int parse(int argc, char **argv, struct files *f, int *color, const char **html)
{
	static const struct option opts[] = {
		{ "color", required_argument, NULL, 'C' },
		{ "html", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	int o;

	while ((o = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (o) {
		case 'C':
			*color = !strcmp(optarg, "always")  ? 1
				 : !strcmp(optarg, "never") ? 0
				 : !strcmp(optarg, "auto")  ? -1
							    : -2;
			if (*color == -2) {
				log_err("--color '%s': expected auto, always or never", optarg);
				return -1;
			}
			break;
		case 'H':
			if (!optarg[0]) {
				log_err("--html needs a file name: --html OUT.html");
				return -1;
			}
			*html = optarg;
			break;
		case 'h': fputs(REPORT_USAGE, stdout); return 1;
		default: fputs(REPORT_USAGE, stderr); return -1;
		}
	}
	if (optind == argc) {
		log_err("report needs result files (ktsrun run --json OUT); see 'ktsrun report --help'");
		return -1;
	}
	for (int i = optind; i < argc; i++)
		if (add_path(f, argv[i]))
			return -1;
	return 0;
}

/* The terminal's width, else $COLUMNS, else no limit (a CI log). */
static unsigned width(FILE *f)
{
	const char *env = getenv("COLUMNS");
	struct winsize ws;

	if (isatty(fileno(f)) && !ioctl(fileno(f), TIOCGWINSZ, &ws) && ws.ws_col)
		return ws.ws_col;
	return env ? (unsigned)strtoul(env, NULL, 10) : 0;
}

/* Rendered in memory, then written atomically (fs_write_atomic): a failed
 * write leaves neither half a report nor a stray file. */
static int write_html(const char *path, const struct report_set *s)
{
	char *text = NULL, why[PATH_MAX + 200];
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	int rc;

	if (!f) {
		log_err("--html %s: out of memory", path);
		return EXIT_ERROR;
	}
	rc = report_html_write(f, s); /* says why when it fails */
	if (fclose(f) && !rc) {
		log_err("--html %s: out of memory", path);
		rc = -1;
	}
	if (rc) {
		free(text);
		return EXIT_ERROR;
	}
	rc = fs_write_atomic(path, text, len);
	free(text);
	if (!rc)
		return EXIT_PASS;
	if (errno == ENAMETOOLONG)
		log_err("--html %s: the name is too long", path);
	else if (errno == ENOENT || errno == EACCES || errno == ENOTDIR || errno == EROFS)
		log_err("--html %s: cannot write there: %s; give a file in a writable directory", path,
			strerror(errno));
	else
		log_err("--html %s: %s", path, fs_write_error(path, errno, len, NULL, why, sizeof(why)));
	return EXIT_ERROR;
}

int cmd_report(int argc, char **argv)
{
	struct files f = { 0 };
	struct report_set s = { 0 };
	struct report_color col;
	char err[1024];
	const char *html = NULL;
	int color = -1, rc;

	if (argc > 1 && !strcmp(argv[1], "merge"))
		return cmd_report_merge(argc, argv);
	rc = parse(argc, argv, &f, &color, &html);

	if (rc) {
		rc = rc > 0 ? EXIT_PASS : EXIT_ERROR;
		goto out;
	}
	for (unsigned i = 0; i < f.n; i++)
		if (report_load_file(&s, f.v[i], err, sizeof(err))) {
			log_err("%s", err);
			rc = EXIT_ERROR;
			goto out;
		}
	if (html) {
		rc = write_html(html, &s);
		goto out;
	}
	report_color_init(&col, stdout);
	if (color >= 0)
		col.on = color;
	rc = report_text_print(stdout, &s, width(stdout), &col) ? EXIT_ERROR : EXIT_PASS;
out:
	report_load_free(&s);
	for (unsigned i = 0; i < f.n; i++)
		free(f.v[i]);
	return rc;
}
