/* The language commands: check, disasm, compile, fmt. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "grammar/fmt.h"
#include "grammar/kts.h"
#include "host/cmd/cmd.h"
#include "host/cmd/cmd_args.h"
#include "host/cmd/scenario_file.h"
#include "host/util/fs.h"
#include "host/util/log.h"
#include "host/gauntlet/preset.h"
#include "host/payload/payload_find.h"
#include "interp/disasm.h"

#define MAX_DEFS 64

struct lang_opts {
	struct kts_define defs[MAX_DEFS];
	struct kts_opts k;
	const char *out;
	int write, check;
};

static const struct option long_opts[] = {
	{ "define", required_argument, NULL, 'D' }, { "output", required_argument, NULL, 'o' },
	{ "write", no_argument, NULL, 'w' },	    { "check", no_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },	    { NULL, 0, NULL, 0 },
};

/* Parse options; returns the index of the first file, -1 on error, -2 for --help. */
static int lang_getopt(int argc, char **argv, const char *optstr, struct lang_opts *o)
{
	int c;

	memset(o, 0, sizeof(*o));
	o->k.defs = o->defs;
	o->k.diag = stderr, o->k.topo_name = preset_check;
	o->k.program = payload_find_check;
	optind = 1;
	while ((c = getopt_long(argc, argv, optstr, long_opts, NULL)) != -1) {
		switch (c) {
		case 'D':
			if (cmd_args_define(optarg, o->defs, &o->k.ndefs, MAX_DEFS))
				return -1;
			break;
		case 'o': o->out = optarg; break;
		case 'w': o->write = 1; break;
		case 'c': o->check = 1; break;
		case 'h': return -2;
		default: return -1;
		}
	}
	return optind;
}

static int usage(const char *text, int first)
{
	fputs(text, first == -2 ? stdout : stderr);
	return first == -2 ? EXIT_PASS : EXIT_ERROR;
}

static const char check_help[] = "usage: ktsrun check [-D NAME=VALUE]... FILE...\n"
				 "Compile and verify each scenario; report every error as FILE:LINE:COL.\n"
				 "  -D, --define NAME=VALUE  set a param of the scenario\n"
				 "Exit 0 when every file is correct, 1 otherwise.\n";

int cmd_check(int argc, char **argv)
{
	struct lang_opts o;
	int first = lang_getopt(argc, argv, "+D:h", &o), bad = 0;

	if (first < 0 || first >= argc)
		return usage(check_help, first);
	for (int i = first; i < argc; i++) {
		uint8_t *bc;
		size_t len;
		int n = kts_compile_file(argv[i], &o.k, &bc, &len);

		if (n)
			fprintf(stderr, "%s: %d error%s\n", argv[i], n, n == 1 ? "" : "s");
		else
			printf("%s: ok\n", argv[i]);
		bad += n != 0;
		free(bc);
	}
	return bad ? EXIT_FAIL : EXIT_PASS;
}

static const char compile_help[] = "usage: ktsrun compile [-D NAME=VALUE]... -o OUT FILE\n"
				   "Compile a scenario to verified bytecode (see doc/bytecode.md).\n"
				   "  -D, --define NAME=VALUE  set a param of the scenario\n"
				   "  -o, --output OUT         the file to write\n";

/* Atomic: a full disk or an interrupted write leaves the old file whole. */
static int write_file(const char *path, const void *buf, size_t len)
{
	char why[PATH_MAX + 200];

	if (fs_write_atomic(path, buf, len) == 0)
		return 0;
	log_err("%s", fs_write_error(path, errno, len, NULL, why, sizeof(why)));
	return -1;
}

int cmd_compile(int argc, char **argv)
{
	struct lang_opts o;
	int first = lang_getopt(argc, argv, "+D:o:h", &o), n;
	uint8_t *bc;
	size_t len;

	if (first < 0 || first != argc - 1 || !o.out)
		return usage(compile_help, first);
	n = kts_compile_file(argv[first], &o.k, &bc, &len);
	if (n) {
		fprintf(stderr, "%s: %d error%s\n", argv[first], n, n == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	n = write_file(o.out, bc, len);
	free(bc);
	return n ? EXIT_ERROR : EXIT_PASS;
}

static const char disasm_help[] =
	"usage: ktsrun disasm [-D NAME=VALUE]... FILE\n"
	"Print the bytecode of a scenario (.kts) or of a compiled file, one op a line.\n"
	"  -D, --define NAME=VALUE  set a param of the scenario\n";

int cmd_disasm(int argc, char **argv)
{
	struct lang_opts o;
	int first = lang_getopt(argc, argv, "+D:h", &o), n;
	struct bc_prog p;
	char err[256];
	uint8_t *bc;
	size_t len;

	if (first < 0 || first != argc - 1)
		return usage(disasm_help, first);
	if ((n = scenario_file_load(argv[first], &o.k, &bc, &len))) {
		fprintf(stderr, "%s: %d error%s\n", argv[first], n, n == 1 ? "" : "s");
		return EXIT_FAIL;
	}
	if (bc_load(&p, bc, len, err, sizeof(err))) {
		log_err("%s: %s", argv[first], err);
		free(bc);
		return EXIT_FAIL;
	}
	disasm_print(&p, stdout);
	bc_prog_free(&p);
	free(bc);
	return EXIT_PASS;
}

static const char fmt_help[] = "usage: ktsrun fmt [-w | --check] FILE...\n"
			       "Print each scenario in the canonical layout (comments kept).\n"
			       "  -w, --write  rewrite the files in place\n"
			       "  --check      print nothing; exit 1 if a file is not formatted\n";

static int fmt_one(const char *path, const struct lang_opts *o)
{
	struct src_set src = { .out = stderr };
	struct sbuf out = { 0 };
	int id = src_load(&src, path), rc = EXIT_PASS;

	if (id < 0) {
		log_err("cannot read %s: %m", path);
		return EXIT_ERROR;
	}
	if (fmt_file(&src, id, &out)) {
		rc = EXIT_FAIL;
	} else if (o->check) {
		if (out.len != src.f[id].len || memcmp(out.s, src.f[id].text, out.len)) {
			printf("%s: not formatted\n", path);
			rc = EXIT_FAIL;
		}
	} else if (o->write) {
		if ((out.len != src.f[id].len || memcmp(out.s, src.f[id].text, out.len)) &&
		    write_file(path, out.s, out.len))
			rc = EXIT_ERROR;
	} else {
		fwrite(out.s, 1, out.len, stdout);
	}
	sb_free(&out);
	src_free(&src);
	return rc;
}

int cmd_fmt(int argc, char **argv)
{
	struct lang_opts o;
	int first = lang_getopt(argc, argv, "+wh", &o), rc = EXIT_PASS;

	if (first < 0 || first >= argc)
		return usage(fmt_help, first);
	for (int i = first; i < argc; i++) {
		int r = fmt_one(argv[i], &o);

		if (r > rc)
			rc = r;
	}
	return rc;
}
