/* ktsrun report: sub-commands over result files. Only merge so far. */
#include <stdio.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/util/log.h"

int cmd_report(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "merge"))
		return cmd_report_merge(argc, argv);
	if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
		printf("usage: ktsrun report merge A.json B.json... -o OUT.json\n"
		       "Merge the --json results of a gauntlet's shards; see ktsrun report merge --help.\n");
		return EXIT_PASS;
	}
	log_err("report needs a sub-command: merge; see 'ktsrun report --help'");
	return EXIT_ERROR;
}
