/* The .run header. On the target, as root:
 *  - under systemd (it owns the cgroup tree), itself again inside a
 *    transient scope with Delegate=yes, so the subtree it makes is its own;
 *  - the payload into a fresh mktemp directory, removed on every way out
 *    (EXIT trap: sh runs it on a signal only when a trap exits, so INT,
 *    TERM and HUP exit through one before ktsrun starts, and are passed to
 *    ktsrun after, which cleans up and exits, then sh does);
 *  - sched.conf from sched.conf.in with that directory;
 *  - ktsrun local through the bundled loader, the arguments passed on. */
#include "host/cmd/export_header.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER                                                                                              \
	"#!/bin/sh\n"                                                                                       \
	"# ktsrun export of scenario %s: run as root: %s [--json OUT] [--verbose] [--emulation on]\n"       \
	"# (a sh header, then a tar.gz payload from line %u; ktsrun local --help says more)\n"              \
	"if [ \"$(id -u)\" != 0 ]; then echo \"$0: run it as root (cgroups, sched_ext)\" >&2; exit 2; fi\n" \
	"if [ -z \"${KTSRUN_SCOPE:-}\" ] && [ -d /run/systemd/system ]; then\n"                             \
	"\tcommand -v systemd-run > /dev/null || { echo \"$0: systemd owns the cgroup tree but "            \
	"systemd-run is missing\" >&2; exit 2; }\n"                                                         \
	"\tKTSRUN_SCOPE=1 exec systemd-run --quiet --scope -p Delegate=yes -- \"$0\" \"$@\"\n"              \
	"fi\n"                                                                                              \
	"for t in tar gzip tail mktemp sed; do\n"                                                           \
	"\tcommand -v $t > /dev/null || { echo \"$0: needs $t\" >&2; exit 2; }\n"                           \
	"done\n"                                                                                            \
	"# a signal before ktsrun runs ends us (the EXIT trap removes $d); after, it goes to ktsrun\n"      \
	"d= k=\n"                                                                                           \
	"fwd() { if [ -n \"$k\" ]; then kill -TERM \"$k\" 2> /dev/null; else exit \"$1\"; fi; }\n"          \
	"trap 'fwd 130' INT; trap 'fwd 143' TERM; trap 'fwd 129' HUP\n"                                     \
	"trap '[ -z \"$d\" ] || rm -rf \"$d\"' EXIT\n"                                                      \
	"d=$(mktemp -d \"${TMPDIR:-/tmp}/ktsrun-run.XXXXXX\") || exit 2\n"                                  \
	"tail -n +%u \"$0\" | tar -xzf - -C \"$d\" || { echo \"$0: the payload is damaged\" >&2; exit 2; "  \
	"}\n"                                                                                               \
	"[ -f \"$d/sched.conf.in\" ] && sed \"s|@ROOT@|$d|g\" \"$d/sched.conf.in\" > \"$d/sched.conf\"\n"   \
	"\"$d/ld.so\" --library-path \"$d/lib\" \"$d/ktsrun\" local \"$d\" \"$@\" &\n"                      \
	"k=$!\n"                                                                                            \
	"while :; do wait $k; rc=$?; kill -0 $k 2> /dev/null || break; done\n"                              \
	"exit $rc\n"

static unsigned lines(const char *s)
{
	unsigned n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

char *export_header(const char *name, const char *file, size_t *len)
{
	char *h = NULL;
	unsigned first = 0;

	/* the payload's line depends on the text, which holds its number */
	for (int i = 0; i < 3; i++) {
		free(h);
		if (asprintf(&h, HEADER, name, file, first, first) < 0)
			return NULL;
		first = lines(h) + 1;
	}
	*len = strlen(h);
	return h;
}
