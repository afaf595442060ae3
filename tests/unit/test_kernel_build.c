/* kbuild: the whole build pipeline against a fake kernel tree whose
 * Makefile only pretends (allnoconfig copies the fragment, bzImage writes
 * small files), so locking, failure and interruption are testable in
 * seconds. Each build runs in a child with stderr captured. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "host/cmd/cmd.h"
#include "host/util/fs.h"
#include "host/kernel/kernel_build.h"
#include "tests/unit/tu.h"

/* MODE (make variable from the environment): ok, fail, lose (drops an option). */
static const char fake_makefile[] = "VERSION = 6\n"
				    "PATCHLEVEL = 99\n"
				    "SUBLEVEL = 1\n"
				    "EXTRAVERSION = -fake\n"
				    "MODE ?= ok\n"
				    "SLEEP ?= 0\n"
				    "allnoconfig:\n"
				    "\tmkdir -p $(O)\n"
				    "ifeq ($(MODE),lose)\n"
				    "\tgrep -v SCHED_CLASS_EXT $(KCONFIG_ALLCONFIG) > $(O)/.config\n"
				    "else\n"
				    "\tcp $(KCONFIG_ALLCONFIG) $(O)/.config\n"
				    "endif\n"
				    "bzImage:\n"
				    "\tmkdir -p $(O)/arch/x86/boot $(O)/include/config\n"
				    "\techo run >> $(COUNT)\n"
				    "\t@echo '  CC      kernel/a.o'\n"
				    "\tsh -c 'echo $$$$ > $(PIDFILE); exec sleep $(SLEEP)'\n"
				    "ifeq ($(MODE),fail)\n"
				    "\t@echo 'kernel/a.c:1:1: error: the fake compiler says no'; exit 1\n"
				    "endif\n"
				    "\techo bz > $(O)/arch/x86/boot/bzImage\n"
				    "\techo vm > $(O)/vmlinux\n"
				    "\techo 6.99.1-fake > $(O)/include/config/kernel.release\n";

struct fake {
	char src[256], cache[256], count[300], pidfile[300], errfile[300];
	const char *source; /* what the build is given: src unless set (a tarball) */
};

static void fake_setup(struct fake *f, const char *name)
{
	char mk[300];

	f->source = NULL;
	snprintf(f->src, sizeof(f->src), "%s/%s/src", tu_tmpdir(), name);
	snprintf(f->cache, sizeof(f->cache), "%s/%s/cache", tu_tmpdir(), name);
	snprintf(f->count, sizeof(f->count), "%s/%s/count", tu_tmpdir(), name);
	snprintf(f->pidfile, sizeof(f->pidfile), "%s/%s/pid", tu_tmpdir(), name);
	snprintf(f->errfile, sizeof(f->errfile), "%s/%s/stderr", tu_tmpdir(), name);
	TU_EQ_INT(fs_mkdirs(f->src), 0);
	snprintf(mk, sizeof(mk), "%s/Makefile", f->src);
	TU_EQ_INT(fs_write_file(mk, fake_makefile, sizeof(fake_makefile) - 1), 0);
}

static const char *progress_secs = "15";

/* Start kernel_build_run in a child; the exit status is its return value. */
static pid_t start_build(const struct fake *f, const char *mode, const char *sleep_s, bool force)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct kernel_build_opts o = { .source = f->source ? f->source : f->src,
					       .jobs = 1,
					       .force = force };
		struct kernel_cache_entry e;
		int fd = open(f->errfile, O_WRONLY | O_CREAT | O_APPEND, 0644);

		dup2(fd, 2);
		setenv("KTSRUN_CACHE_DIR", f->cache, 1);
		setenv("MODE", mode, 1);
		setenv("SLEEP", sleep_s, 1);
		setenv("COUNT", f->count, 1);
		setenv("PIDFILE", f->pidfile, 1);
		setenv("MAKEFLAGS", "", 1);
		setenv("KTSRUN_PROGRESS_SECS", progress_secs, 1);
		_exit(kernel_build_run(&o, &e));
	}
	return pid;
}

static int wait_status(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1000 + WTERMSIG(st);
}

static int count_lines(const char *path)
{
	FILE *f = fopen(path, "r");
	int n = 0, c;

	if (!f)
		return 0;
	while ((c = fgetc(f)) != EOF)
		n += c == '\n';
	fclose(f);
	return n;
}

/* Names in the kernels dir other than .locks, joined with spaces. */
static void listing(const struct fake *f, char *out, size_t len)
{
	char dir[300];
	DIR *d;
	struct dirent *de;

	out[0] = '\0';
	snprintf(dir, sizeof(dir), "%s/kernels", f->cache);
	d = opendir(dir);
	while (d && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' && strncmp(de->d_name, ".tmp", 4) && strncmp(de->d_name, ".work", 5))
			continue;
		if (out[0])
			strncat(out, " ", len - strlen(out) - 1);
		strncat(out, de->d_name, len - strlen(out) - 1);
	}
	if (d)
		closedir(d);
}

static bool file_has(const char *path, const char *needle)
{
	char buf[8192] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	return strstr(buf, needle) != NULL;
}

static const char *key_of(const struct fake *f)
{
	static char key[KERNEL_CACHE_KEY_MAX];
	char src[PATH_MAX], err[256];
	struct kernel_build_opts o = { .source = f->src };

	TU_EQ_INT(kernel_build_key(&o, key, sizeof(key), src, sizeof(src), err, sizeof(err)), 0);
	return key;
}

TU_TEST(kbuild_fake_build_then_cached)
{
	struct fake f;
	char ls[1024], want[300], p[600];
	const char *key;

	fake_setup(&f, "kb1");
	key = key_of(&f);
	TU_CHECK(!strncmp(key, "6.99.1-fake-src", 15));
	TU_EQ_INT(wait_status(start_build(&f, "ok", "0", false)), 0);
	listing(&f, ls, sizeof(ls));
	TU_EQ_STR(ls, key); /* the entry and nothing else */
	snprintf(want, sizeof(want), "built kernel %s (6.99.1-fake)", key);
	TU_CHECK(file_has(f.errfile, want));
	snprintf(p, sizeof(p), "%s/kernels/%s/meta", f.cache, key);
	TU_CHECK(file_has(p, "release=6.99.1-fake\n"));
	TU_CHECK(file_has(p, "source=/"));
	snprintf(p, sizeof(p), "%s/kernels/%s/config", f.cache, key);
	TU_CHECK(file_has(p, "CONFIG_SCHED_CLASS_EXT=y"));
	/* the second build is answered by the cache: make does not run */
	TU_EQ_INT(wait_status(start_build(&f, "ok", "0", false)), 0);
	TU_EQ_INT(count_lines(f.count), 1);
	TU_CHECK(file_has(f.errfile, "is cached in"));
	/* --force rebuilds and replaces the entry */
	TU_EQ_INT(wait_status(start_build(&f, "ok", "0", true)), 0);
	TU_EQ_INT(count_lines(f.count), 2);
	listing(&f, ls, sizeof(ls));
	TU_EQ_STR(ls, key);
}

/* The fake tree as a tarball (one top directory, as linux-source's), with
 * an apic.c holding the lines the source patch is anchored on, or not. */
static void fake_tarball(struct fake *f, const char *name, bool apic, char *out, size_t len)
{
	static const char apic_c[] = "/* fake */\n\nunsigned int lapic_timer_period = 0;\n\n"
				     "static void apic_pm_activate(void);\n\n/*\n * rest\n */\n";
	char dir[300], file[400], cmd[1200];

	fake_setup(f, name);
	if (apic) {
		snprintf(dir, sizeof(dir), "%s/arch/x86/kernel/apic", f->src);
		TU_EQ_INT(fs_mkdirs(dir), 0);
		snprintf(file, sizeof(file), "%s/apic.c", dir);
		TU_EQ_INT(fs_write_file(file, apic_c, sizeof(apic_c) - 1), 0);
	}
	snprintf(out, len, "%s/%s/linux.tar.gz", tu_tmpdir(), name);
	snprintf(cmd, sizeof(cmd), "tar -czf '%s' -C '%s/%s' src", out, tu_tmpdir(), name);
	TU_EQ_INT(system(cmd), 0);
	f->source = out;
}

/* A tarball is patched when kconfig/ktsrun.patch applies, else built as it
 * is with a warning; a tree is never patched (and keyed without it). */
TU_TEST(kbuild_tarball_patched_when_the_patch_applies)
{
	struct fake f;
	char tar[400], p[700];
	static char key[KERNEL_CACHE_KEY_MAX];
	char src[PATH_MAX], err[256];
	struct kernel_build_opts o = { 0 };

	fake_tarball(&f, "kbp1", true, tar, sizeof(tar));
	TU_EQ_INT(wait_status(start_build(&f, "ok", "0", false)), 0);
	TU_CHECK(file_has(f.errfile, "patching (kconfig/ktsrun.patch"));
	TU_CHECK(!file_has(f.errfile, "does not apply"));
	o.source = tar;
	TU_EQ_INT(kernel_build_key(&o, key, sizeof(key), src, sizeof(src), err, sizeof(err)), 0);
	snprintf(p, sizeof(p), "%s/kernels/%s/build.log", f.cache, key);
	TU_CHECK(file_has(p, "patching file arch/x86/kernel/apic/apic.c"));

	fake_tarball(&f, "kbp2", false, tar, sizeof(tar));
	TU_EQ_INT(wait_status(start_build(&f, "ok", "0", false)), 0);
	TU_CHECK(file_has(f.errfile, "kconfig/ktsrun.patch does not apply to"));
	TU_CHECK(file_has(f.errfile, "built kernel"));
}

TU_TEST(kbuild_concurrent_builds_one_entry)
{
	struct fake f;
	char ls[1024];
	pid_t a, b;

	fake_setup(&f, "kb2");
	a = start_build(&f, "ok", "2", false);
	b = start_build(&f, "ok", "2", false);
	TU_EQ_INT(wait_status(a), 0);
	TU_EQ_INT(wait_status(b), 0);
	TU_EQ_INT(count_lines(f.count), 1); /* one built, the other waited */
	TU_CHECK(file_has(f.errfile, "is building"));
	TU_CHECK(file_has(f.errfile, "is cached in"));
	listing(&f, ls, sizeof(ls));
	TU_EQ_STR(ls, key_of(&f));
}

TU_TEST(kbuild_failure_keeps_log_only)
{
	struct fake f;
	char ls[1024], want[400];
	const char *key;

	fake_setup(&f, "kb3");
	key = key_of(&f);
	TU_EQ_INT(wait_status(start_build(&f, "fail", "0", false)), EXIT_ERROR);
	listing(&f, ls, sizeof(ls));
	snprintf(want, sizeof(want), "%s.failed.log", key);
	TU_EQ_STR(ls, want);
	TU_CHECK(file_has(f.errfile, "ktsrun: error: building failed"));
	TU_CHECK(file_has(f.errfile, "error: the fake compiler says no")); /* the log's tail */
	TU_CHECK(file_has(f.errfile, "full build log: "));
}

TU_TEST(kbuild_refuses_lost_option)
{
	struct fake f;
	char ls[1024];

	fake_setup(&f, "kb4");
	TU_EQ_INT(wait_status(start_build(&f, "lose", "0", false)), EXIT_ERROR);
	TU_CHECK(file_has(f.errfile, "kernel config lacks CONFIG_SCHED_CLASS_EXT=y (got: absent)"));
	TU_EQ_INT(count_lines(f.count), 0); /* refused before the long build */
	listing(&f, ls, sizeof(ls));
	TU_CHECK(strstr(ls, ".failed.log") && !strstr(ls, " ") && !strstr(ls, ".tmp"));
}

static pid_t read_pid(const char *path)
{
	char buf[32] = "";
	int fd = open(path, O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;

	if (fd >= 0)
		close(fd);
	return n > 0 ? (pid_t)atoi(buf) : 0;
}

/* SIGINT mid-build: make's whole group dies, nothing is left in the cache. */
TU_TEST(kbuild_sigint_leaves_nothing)
{
	struct fake f;
	char ls[1024];
	pid_t b, sleeper = 0;
	int st;

	fake_setup(&f, "kb5");
	b = start_build(&f, "ok", "60", false);
	for (int i = 0; i < 100 && !(sleeper = read_pid(f.pidfile)); i++)
		usleep(100 * 1000);
	TU_CHECK(sleeper > 0);
	TU_EQ_INT(kill(sleeper, 0), 0); /* the pretend compiler runs */
	kill(b, SIGINT);
	st = wait_status(b);
	TU_EQ_INT(st, 128 + SIGINT);
	TU_CHECK(sleeper > 0 && kill(sleeper, 0) == -1 && errno == ESRCH);
	TU_CHECK(file_has(f.errfile, "interrupted while building"));
	listing(&f, ls, sizeof(ls));
	TU_EQ_STR(ls, "");
}

TU_TEST(kbuild_bad_source)
{
	char key[KERNEL_CACHE_KEY_MAX], src[PATH_MAX], err[512], dir[300];
	struct kernel_build_opts o = { .source = "/nonexistent/linux" };

	TU_EQ_INT(kernel_build_key(&o, key, sizeof(key), src, sizeof(src), err, sizeof(err)), -1);
	TU_EQ_STR(err, "kernel source /nonexistent/linux: No such file or directory");
	o.source = "/etc/passwd";
	TU_EQ_INT(kernel_build_key(&o, key, sizeof(key), src, sizeof(src), err, sizeof(err)), -1);
	TU_EQ_STR(err, "kernel source /etc/passwd is neither a directory nor a .tar archive");
	snprintf(dir, sizeof(dir), "%s/notakernel", tu_tmpdir());
	TU_EQ_INT(fs_mkdirs(dir), 0);
	o.source = dir;
	TU_EQ_INT(kernel_build_key(&o, key, sizeof(key), src, sizeof(src), err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "/Makefile has no VERSION/PATCHLEVEL/SUBLEVEL: not a kernel source "
			     "tree") != NULL);
}

/* Long phases say what they do at the interval asked for. */
TU_TEST(kbuild_progress_lines)
{
	struct fake f;

	fake_setup(&f, "kb6");
	progress_secs = "1";
	TU_EQ_INT(wait_status(start_build(&f, "ok", "3", false)), 0);
	progress_secs = "15";
	TU_CHECK(file_has(f.errfile, "ktsrun: configuring (allnoconfig + kconfig/ktsrun.kconfig)"));
	TU_CHECK(file_has(f.errfile, "ktsrun: building bzImage (make -j1)"));
	TU_CHECK(file_has(f.errfile, "ktsrun: building: 1 objects compiled, 0m01s elapsed"));
	TU_CHECK(file_has(f.errfile, "ktsrun: building: 1 objects compiled, 0m02s elapsed"));
}
