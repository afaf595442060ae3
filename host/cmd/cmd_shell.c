/* ktsrun shell: the guest with a busybox shell on its console (guest/shell.c).
 * Interactive: the host terminal raw, what is typed forwarded to COM1 by a
 * thread (boot_link_console), the console copied to stdout, the terminal's
 * size sent as REQ_WINSIZE at the start and on SIGWINCH; Ctrl-] leaves.
 * --exec: one command, its output from REC_OUTPUT records, its status. */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/boot/boot.h"
#include "host/boot/boot_link.h"
#include "host/boot/bootpath.h"
#include "host/boot/initramfs.h"
#include "host/cmd/cmd.h"
#include "host/cmd/vmopts.h"
#include "host/sched/sched_cache.h"
#include "host/sched/sched_rec.h"
#include "host/sched/sched_stage.h"
#include "host/topo/observe.h"
#include "host/util/log.h"
#include "host/util/term.h"
#include "lib/esc.h"
#include "lib/kv.h"
#include "lib/proto.h"
#include "lib/scx_kind.h"

#define SHELL_USAGE                                                                               \
	"usage: ktsrun shell [--topo SPEC] [--scheduler NAME[:ARGS]] [-i PATH]... [--exec CMD]\n" \
	"                    [--kernel K] [--accel A] [--mem MIB] [--timeout SEC] [--console]\n"  \
	"Boot the guest with a busybox shell on its console: the mounts and the cgroup root\n"    \
	"(/sys/fs/cgroup/kts) of a run, the scheduler loaded first when given. The terminal\n"    \
	"is raw while the VM runs; Ctrl-] leaves the VM (it is killed). Exit: the shell's\n"      \
	"status (or CMD's), 0 after Ctrl-], 2 if the VM could not run. Default --topo tiny.\n"    \
	"  --scheduler NAME[:ARGS]  load this sched_ext scheduler (ktsrun sched list) and\n"      \
	"                  say its state; it is also at /sched/NAME in the guest\n"               \
	"  -i, --include PATH  a file or directory to put under /include (on the guest's\n"       \
	"                  PATH); a bare name is looked up on PATH, then here; executables\n"     \
	"                  bring their libraries and loader. Repeatable, at most 32\n"            \
	"  --exec CMD      run CMD with sh in the guest instead, print its output and exit\n"     \
	"                  with its status (no terminal needed)\n" VMOPTS_USAGE

#define MAX_INCLUDES 32
#define LEAVE_KEY    0x1d /* Ctrl-] */
#define BUSYBOX	     "/bin/busybox"

struct sh_args {
	struct vm_opts vm;
	const char *sched, *exec;
	char inc_host[MAX_INCLUDES][PATH_MAX];
	char inc_guest[MAX_INCLUDES][300];
	unsigned ninc;
	char kargs[400];
};

struct sh {
	const struct sh_args *a;
	struct observed obs;
	struct sched_rec sr;
	struct boot_link *link;
	bool exited, said_enabled, said_result;
	int status;
	volatile int stop; /* the input thread ends */
	bool winsize_due;
	unsigned bad;
	char first_bad[256];
};

static void note_bad(struct sh *c, const char *err)
{
	if (!c->bad++)
		snprintf(c->first_bad, sizeof(c->first_bad), "%s", err);
}

/* A bare name: the first executable on PATH, else a file here. */
static int find_include(const char *name, char *out, size_t len)
{
	const char *path = getenv("PATH");

	if (!strchr(name, '/') && path) {
		char *dirs = strdup(path), *save = NULL;

		for (char *d = dirs ? strtok_r(dirs, ":", &save) : NULL; d; d = strtok_r(NULL, ":", &save)) {
			char p[PATH_MAX];

			snprintf(p, sizeof(p), "%s/%s", *d ? d : ".", name);
			if (!access(p, X_OK) && realpath(p, out)) {
				free(dirs);
				return 0;
			}
		}
		free(dirs);
	}
	(void)len;
	return realpath(name, out) ? 0 : -1;
}

static int add_include(struct sh_args *a, const char *arg)
{
	char name[300];
	const char *base;
	size_t n = strlen(arg);

	if (a->ninc == MAX_INCLUDES) {
		log_err("-i: at most %d paths; put them in one directory", MAX_INCLUDES);
		return -1;
	}
	if (!n || find_include(arg, a->inc_host[a->ninc], sizeof(a->inc_host[0]))) {
		log_err("-i %s: %s", arg,
			strchr(arg, '/') ? strerror(errno) : "not found on PATH or in this directory");
		return -1;
	}
	snprintf(name, sizeof(name), "%s", arg);
	while ((n = strlen(name)) > 1 && name[n - 1] == '/')
		name[n - 1] = '\0';
	base = strrchr(name, '/') ? strrchr(name, '/') + 1 : name;
	if (!*base || !strcmp(base, ".") || !strcmp(base, "..")) /* "/" or "..": name it by its target */
		base = strrchr(a->inc_host[a->ninc], '/') + 1;
	if (!*base)
		base = "root";
	snprintf(a->inc_guest[a->ninc], sizeof(a->inc_guest[0]), "%s/%s", PROTO_SHELL_INCLUDE, base);
	for (unsigned i = 0; i < a->ninc; i++)
		if (!strcmp(a->inc_guest[i], a->inc_guest[a->ninc])) {
			log_err("-i %s: %s is taken by %s already; rename one", arg, a->inc_guest[i],
				a->inc_host[i]);
			return -1;
		}
	a->ninc++;
	return 0;
}

static int parse_args(int argc, char **argv, struct sh_args *a)
{
	static const struct option opts[] = {
		VMOPTS_LONG,
		{ "help", no_argument, NULL, 'h' },
		{ "scheduler", required_argument, NULL, 's' },
		{ "include", required_argument, NULL, 'i' },
		{ "exec", required_argument, NULL, 'e' },
		{ 0 },
	};
	int o, took;

	vmopts_init(&a->vm, "tiny", 0);
	while ((o = getopt_long(argc, argv, VMOPTS_SHORT "hs:i:e:", opts, NULL)) != -1) {
		took = vmopts_take(&a->vm, o, optarg);
		if (took < 0)
			return -1;
		if (took)
			continue;
		switch (o) {
		case 's': a->sched = optarg; break;
		case 'i':
			if (add_include(a, optarg))
				return -1;
			break;
		case 'e': a->exec = optarg; break;
		case 'h': fputs(SHELL_USAGE, stdout); return 1;
		default: fputs(SHELL_USAGE, stderr); return -1;
		}
	}
	if (optind < argc) {
		log_err("unexpected argument '%s'; give a command with --exec 'CMD'", argv[optind]);
		return -1;
	}
	if (a->exec && !*a->exec) {
		log_err("--exec: the command is empty");
		return -1;
	}
	if (!a->exec && (!isatty(0) || !isatty(1))) {
		log_err("the interactive shell needs a terminal on stdin and stdout; use --exec CMD "
			"to run one command");
		return -1;
	}
	if (!a->vm.timeout) /* interactive: as long as the user stays; a command: ten minutes */
		a->vm.timeout = a->exec ? 600 : VMOPTS_TIMEOUT_MAX;
	return 0;
}

/* The host's TERM when it is a plain name, so the guest's tools draw for it. */
static const char *guest_term(void)
{
	const char *t = getenv("TERM");

	if (!t || !*t || strlen(t) > 64 || strspn(t, "abcdefghijklmnopqrstuvwxyz0123456789.-+_") != strlen(t))
		return "vt100";
	return t;
}

/* busybox, the login profile, --exec's command and the -i paths. */
static void add_files(struct initramfs *ir, void *arg)
{
	const struct sh_args *a = arg;
	char profile[1024];
	int n = snprintf(profile, sizeof(profile),
			 "export TERM=%s PS1='[ktsrun \\w]# '\n"
			 "echo \"ktsrun shell: $(uname -r), $(nproc) CPUs, sched_ext $(cat "
			 "/sys/kernel/sched_ext/state 2>/dev/null || echo absent); Ctrl-] leaves the VM\"\n",
			 guest_term());

	initramfs_add_binary(ir, BUSYBOX, BUSYBOX);
	initramfs_add_file(ir, "/etc/profile", profile, (size_t)n, 0644);
	if (a->exec)
		initramfs_add_file(ir, PROTO_SHELL_EXEC, a->exec, strlen(a->exec), 0644);
	for (unsigned i = 0; i < a->ninc; i++)
		initramfs_add_tree(ir, a->inc_guest[i], a->inc_host[i]);
}

static void send_winsize(struct sh *c)
{
	unsigned rows, cols;
	char extra[64];
	long id;

	if (term_size(1, &rows, &cols))
		return;
	snprintf(extra, sizeof(extra), "rows=%u\ncols=%u\n",
		 rows > PROTO_WINSIZE_MAX ? PROTO_WINSIZE_MAX : rows,
		 cols > PROTO_WINSIZE_MAX ? PROTO_WINSIZE_MAX : cols);
	id = boot_link_request(c->link, REQ_WINSIZE, extra);
	c->winsize_due = id == -EBUSY || id == -ENOBUFS; /* the next tick tries again */
}

static void queue_typed(struct sh *c, const char *p, size_t n)
{
	while (!c->stop && boot_link_console(c->link, p, n) == -ENOBUFS)
		usleep(5000); /* the guest's UART is behind: wait for it, lose nothing */
}

/* What is typed goes to the guest's console until Ctrl-] or end of input. */
static void *input_main(void *arg)
{
	struct sh *c = arg;
	char buf[512];

	send_winsize(c);
	while (!c->stop) {
		struct pollfd p = { .fd = 0, .events = POLLIN };
		int r = poll(&p, 1, 50);
		ssize_t n;
		char *key;

		if (term_resized() || c->winsize_due)
			send_winsize(c);
		if (r <= 0)
			continue;
		if ((n = read(0, buf, sizeof(buf))) < 0 && errno == EINTR)
			continue;
		if (n <= 0) { /* the terminal is gone: nobody can type any more */
			boot_link_leave(c->link);
			break;
		}
		key = memchr(buf, LEAVE_KEY, (size_t)n);
		queue_typed(c, buf, key ? (size_t)(key - buf) : (size_t)n);
		if (key) {
			boot_link_leave(c->link);
			break;
		}
	}
	return NULL;
}

static void say_sched(struct sh *c)
{
	const struct sched_rec *s = &c->sr;

	if (s->enabled && !c->said_enabled) {
		c->said_enabled = true;
		log_info("scheduler %s: sched_ext enabled, ops %s, loaded in %ld ms", c->a->sched, s->ops,
			 s->load_ms);
	}
	if (s->result && !c->said_result) {
		c->said_result = true;
		if (s->kind != SCX_PASS)
			log_err("scheduler %s ended: %s: %s", c->a->sched, scx_kind_name(s->kind), s->why);
	}
}

static void take_output(struct sh *c, const uint8_t *p, size_t len)
{
	static struct kv kv;
	static char text[PROTO_REPLY_CHUNK + 1];
	const char *why, *stream, *esc;
	size_t n;

	if (kv_parse(&kv, p, len, &why) || !(stream = kv_get(&kv, "stream")) ||
	    !(esc = kv_get(&kv, "text")) || (strcmp(stream, "out") && strcmp(stream, "err")) ||
	    esc_decode(esc, text, sizeof(text), &n))
		return note_bad(c, "output record: stream or text missing or bad");
	fwrite(text, 1, n, strcmp(stream, "out") ? stderr : stdout);
}

static void take_exit(struct sh *c, const uint8_t *p, size_t len)
{
	struct kv kv;
	const char *why;
	unsigned long st;

	if (kv_parse(&kv, p, len, &why) || kv_get_uint(&kv, "status", 255, &st))
		return note_bad(c, "exit record: no status in 0..255");
	c->exited = true;
	c->status = (int)st;
}

static void collect(void *arg, unsigned type, const uint8_t *p, size_t len)
{
	struct sh *c = arg;
	char err[256];

	if (observe_record(&c->obs, type, p, len, err, sizeof(err)))
		note_bad(c, err);
	if (type == REC_SCHED || type == REC_SCHED_LOG) {
		if (sched_rec_take(&c->sr, type, p, len, err, sizeof(err)))
			note_bad(c, err);
		say_sched(c);
	} else if (type == REC_OUTPUT) {
		take_output(c, p, len);
	} else if (type == REC_EXIT) {
		take_exit(c, p, len);
	}
}

/* The scheduler's files and kernel arguments, then busybox and the rest. */
static int stage(struct sh_args *a, const struct kernel_cache_entry *k, const struct topo *t,
		 struct sched_stage *rs, struct boot_opts *o)
{
	char err[512];

	if (access(BUSYBOX, X_OK)) {
		log_err("%s not found: install Debian's busybox-static (make deps)", BUSYBOX);
		return -1;
	}
	if (a->sched) {
		if (sched_stage_prepare(rs, a->sched, NULL, k, topo_ncpus(t), NULL, err, sizeof(err))) {
			log_err("%s", err);
			return -1;
		}
	}
	/* the prompt not buried in warnings (TCG's clocksource ones): errors
	 * and worse still show, dmesg has the rest; --console shows it all */
	snprintf(a->kargs, sizeof(a->kargs), "%s%s%s", !a->exec && !a->vm.console ? "loglevel=4" : "",
		 rs->kargs[0] && !a->exec && !a->vm.console ? " " : "", rs->kargs);
	o->kernel_args = a->kargs[0] ? a->kargs : NULL;
	rs->x.add = add_files, rs->x.add_arg = a;
	o->initrd_extra = &rs->x;
	return 0;
}

static int finish(struct sh *c, struct boot_result *r)
{
	int rc;

	fflush(stdout);
	if (r->left) {
		log_info("left the VM");
		return EXIT_PASS;
	}
	if ((rc = boot_unusable(r, c->bad, c->first_bad)))
		return rc;
	if (!c->exited) {
		log_err("the guest powered off without the %s's exit status",
			c->a->exec ? "command" : "shell");
		return EXIT_ERROR;
	}
	return c->status;
}

static int boot_shell(struct sh_args *a, struct boot_opts *o)
{
	struct boot_result r;
	struct sh *c = calloc(1, sizeof(*c));
	pthread_t input;
	bool threaded = false;
	int rc;

	if (!c || !(c->link = boot_link_new())) {
		free(c);
		log_err("out of memory");
		return EXIT_ERROR;
	}
	c->a = a;
	c->sr.load_ms = c->sr.enabled_ms = -1;
	o->link = c->link;
	if (!a->exec) {
		o->console_fd = 1;
		if ((rc = term_raw(0))) {
			log_err("cannot put the terminal in raw mode: %s", strerror(-rc));
			boot_link_free(c->link);
			free(c);
			return EXIT_ERROR;
		}
		threaded = !pthread_create(&input, NULL, input_main, c);
		if (!threaded)
			boot_link_leave(c->link);
	}
	boot_run(o, collect, c, &r);
	c->stop = 1;
	if (threaded)
		pthread_join(input, NULL);
	term_restore();
	if (!a->exec)
		fputs("\n", stdout);
	rc = finish(c, &r);
	boot_result_free(&r);
	boot_link_free(c->link);
	sched_rec_free(&c->sr);
	free(c);
	return rc;
}

int cmd_shell(int argc, char **argv)
{
	struct sh_args *a = calloc(1, sizeof(*a));
	struct sched_stage *rs = calloc(1, sizeof(*rs));
	struct boot_opts o = { .mode = "shell", .fault = "none" };
	struct kernel_cache_entry k;
	struct sched_spec spec;
	char err[512], path[4096];
	struct topo t;
	int rc = EXIT_ERROR, parsed = a && rs ? parse_args(argc, argv, a) : -1;

	if (parsed) {
		rc = parsed > 0 ? EXIT_PASS : EXIT_ERROR;
		goto out;
	}
	/* a bad spelling or path is reported before the kernel is looked up */
	if (a->sched && (sched_spec_parse(a->sched, &spec, err, sizeof(err)) ||
			 (strchr(spec.name, '/') &&
			  sched_cache_resolve(spec.name, NULL, path, sizeof(path), err, sizeof(err))))) {
		log_err("%s", err);
		goto out;
	}
	a->vm.scx = a->sched != NULL;
	a->vm.sched = a->sched;
	if (vmopts_prepare(&a->vm, &t, &k, &o) || stage(a, &k, &t, rs, &o))
		goto out;
	if (a->vm.console && !a->exec) { /* the whole kernel log on the shell's own output */
		o.echo_console = false;
		o.bootpath |= BOOTPATH_VERBOSE;
	}
	rc = boot_shell(a, &o);
out:
	free(a);
	free(rs);
	return rc;
}
