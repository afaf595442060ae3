/* ktsrun report merge: shard results of one gauntlet into one file. Its
 * own file so `ktsrun report`'s other sub-commands stay apart. */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd/cmd.h"
#include "host/report/merge.h"
#include "host/run/run_report.h"
#include "host/util/log.h"

#define MERGE_USAGE                                                                                \
	"usage: ktsrun report merge A.json B.json... -o OUT.json\n"                                \
	"Merge the --json results of the shards of one gauntlet (ktsrun --gauntlet --shard K/N)\n" \
	"into one. Refused when they are not shards of one gauntlet (another ktsrun version,\n"    \
	"scenario set, variant count or budget choice) or when a variant is in two of them.\n"

static int merge_main(int argc, char **argv)
{
	const char *out = NULL, **names = calloc((size_t)argc, sizeof(*names));
	json_object **in = calloc((size_t)argc, sizeof(*in)), *m = NULL, *from = NULL, *res = NULL, *v = NULL;
	size_t n = 0;
	char err[1024], missing[256];
	int rc = EXIT_ERROR;

	for (int i = 2; names && in && i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc) {
			out = argv[++i];
			continue;
		}
		if (!(in[n] = json_object_from_file(argv[i]))) {
			log_err("%s: cannot read it as JSON: %s", argv[i], json_util_get_last_err());
			goto done;
		}
		names[n++] = argv[i];
	}
	if (!out || !n) {
		fputs(MERGE_USAGE, stderr);
		goto done;
	}
	if (merge_json(in, names, n, &m, err, sizeof(err))) {
		log_err("%s", err);
		goto done;
	}
	json_object_object_get_ex(m, "merged_from", &from);
	merge_missing(from, missing, sizeof(missing));
	if (missing[0])
		log_warn("shards %s are missing: the merged result is not the whole gauntlet", missing);
	if (run_json_write(out, m)) {
		goto done;
	}
	json_object_object_get_ex(m, "results", &res);
	json_object_object_get_ex(m, "verdict", &v);
	printf("merged %zu files: %zu variants, verdict %s -> %s\n", n, json_object_array_length(res),
	       json_object_get_string(v), out);
	rc = EXIT_PASS;
done:
	for (size_t i = 0; in && i < n; i++)
		json_object_put(in[i]);
	json_object_put(m);
	free(in);
	free(names);
	return rc;
}

int cmd_report_merge(int argc, char **argv)
{
	if (argc > 2 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
		fputs(MERGE_USAGE, stdout);
		return EXIT_PASS;
	}
	return merge_main(argc, argv);
}
