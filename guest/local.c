#include "guest/local.h"

#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "guest/chan.h"
#include "guest/paths.h"

static char scenario[4096], conf[4096], out[4096], err[4096], sched[4096], cg[4096];

static const char *in_dir(char *buf, size_t len, const char *dir, const char *name)
{
	return (size_t)snprintf(buf, len, "%s/%s", dir, name) < len ? buf : NULL;
}

int local_setup(int argc, char **argv)
{
	const char *dir = NULL, *cgroup = NULL, *sched_conf = NULL;
	struct stat st;

	for (int i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--dir"))
			dir = argv[i + 1];
		else if (!strcmp(argv[i], "--cgroup"))
			cgroup = argv[i + 1];
		else if (!strcmp(argv[i], "--sched-conf"))
			sched_conf = argv[i + 1];
		else
			dir = NULL, i = argc;
	}
	if (!dir || !cgroup || argc % 2 == 0) {
		fprintf(stderr,
			"usage: %s --dir DIR --cgroup CG [--sched-conf FILE] (ktsrun local runs it; "
			"it is not PID 1 here)\n",
			argv[0]);
		return -1;
	}
	if (fstat(LOCAL_CHAN_FD, &st) || !S_ISSOCK(st.st_mode)) {
		fprintf(stderr, "%s: fd %d is not the channel socket; ktsrun local starts this runner\n",
			argv[0], LOCAL_CHAN_FD);
		return -1;
	}
	if (!in_dir(scenario, sizeof(scenario), dir, "scenario.ktsb") ||
	    !in_dir(conf, sizeof(conf), dir, sched_conf ? "" : "no-scheduler") ||
	    !in_dir(out, sizeof(out), dir, "sched.stdout") ||
	    !in_dir(err, sizeof(err), dir, "sched.stderr") || !in_dir(sched, sizeof(sched), dir, "sched") ||
	    (size_t)snprintf(cg, sizeof(cg), "%s", cgroup) >= sizeof(cg)) {
		fprintf(stderr, "%s: paths too long\n", argv[0]);
		return -1;
	}
	if (sched_conf)
		snprintf(conf, sizeof(conf), "%s", sched_conf);
	guest_paths = (struct guest_paths){ scenario, conf, out, err, sched, cg };
	fcntl(LOCAL_CHAN_FD, F_SETFD, FD_CLOEXEC);
	chan_use_fd(LOCAL_CHAN_FD);
	return 0;
}
