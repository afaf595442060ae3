#include "host/kernel/kernel_build.h"

#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "host/build/build.h"
#include "host/boot/embed.h"
#include "host/util/fs.h"
#include "host/kernel/kconfig_check.h"
#include "host/util/log.h"
#include "host/util/sig.h"
#include "host/util/cache.h"

/* Everything one build owns; kb_cleanup() undoes what is not committed. The
 * shared skeleton (host/build/build.h) holds the lock, the log, the error and
 * the clock; its dir is <cache>/kernels. */
struct kb {
	const struct kernel_build_opts *o;
	struct build c;
	char key[KERNEL_CACHE_KEY_MAX];
	char source[PATH_MAX]; /* tarball or tree, as the user named it */
	char work[PATH_MAX];   /* extracted source + objects */
	char stage[PATH_MAX];  /* the entry being assembled */
	char src[PATH_MAX];    /* kernel source tree */
	char obj[PATH_MAX];    /* O= */
	bool tarball;
};

/* Map anything outside the key alphabet to '.', e.g. "1~deb12u1" -> "1.deb12u1". */
static void key_safe(char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '+' || *s == '-'))
			*s = '.';
}

/* Installed version of the Debian source package (no extraction needed). */
static int deb_version(char *out, size_t len)
{
	FILE *p = popen("dpkg-query -W -f '${Version}' " KBUILD_DEFAULT_PACKAGE " 2>/dev/null", "r");
	int ok;

	if (!p)
		return -1;
	ok = fgets(out, (int)len, p) != NULL;
	if (pclose(p) != 0 || !ok || !out[0])
		return -1;
	out[strcspn(out, "\n")] = '\0';
	return 0;
}

/* VERSION.PATCHLEVEL.SUBLEVEL EXTRAVERSION from the top of a tree's Makefile. */
static int tree_version(const char *dir, char *out, size_t len)
{
	const char *names[] = { "VERSION", "PATCHLEVEL", "SUBLEVEL", "EXTRAVERSION" };
	char path[PATH_MAX], line[256], val[4][64] = { "", "", "", "" };
	int seen = 0;
	FILE *f;

	if (fs_join(path, sizeof(path), dir, "Makefile") || !(f = fopen(path, "re")))
		return -1;
	for (int n = 0; n < 40 && fgets(line, sizeof(line), f); n++)
		for (int i = 0; i < 4; i++) {
			size_t nl = strlen(names[i]);
			char *v = line + nl;
			if (strncmp(line, names[i], nl) || (*v != ' ' && *v != '='))
				continue;
			v += strspn(v, " \t");
			if (*v++ != '=')
				continue;
			v += strspn(v, " \t");
			v[strcspn(v, " \t\r\n")] = '\0';
			snprintf(val[i], sizeof(val[i]), "%s", v);
			seen |= 1 << i;
		}
	fclose(f);
	if ((seen & 7) != 7 || !val[0][0] || !val[1][0])
		return -1;
	snprintf(out, len, "%s.%s.%s%s", val[0], val[1], val[2][0] ? val[2] : "0", val[3]);
	return 0;
}

static bool is_tarball(const char *p)
{
	return strstr(p, ".tar") != NULL || strstr(p, ".tgz") != NULL;
}

/* A hash of a path plus size and mtime: changes when the file is replaced. */
static unsigned file_tag(const char *real, const struct stat *st)
{
	char buf[PATH_MAX + 64];
	int n = snprintf(buf, sizeof(buf), "%s|%lld|%lld", real, (long long)st->st_size,
			 (long long)st->st_mtime);

	return (unsigned)(cache_fnv1a(buf, (size_t)n) & 0xffffffffu);
}

static int source_version(const char *src, bool *tarball, char *ver, size_t len, char *err, size_t errlen)
{
	char real[PATH_MAX], tv[96];
	struct stat st;

	if (!realpath(src, real) || stat(real, &st)) {
		snprintf(err, errlen, "kernel source %s: %s%s", src, strerror(errno),
			 !strcmp(src, KBUILD_DEFAULT_TARBALL)
				 ? "; run 'make deps' to install " KBUILD_DEFAULT_PACKAGE
				 : "");
		return -1;
	}
	*tarball = S_ISREG(st.st_mode);
	if (*tarball && !is_tarball(real)) {
		snprintf(err, errlen, "kernel source %s is neither a directory nor a .tar archive", src);
		return -1;
	}
	if (*tarball && !strcmp(real, KBUILD_DEFAULT_TARBALL) && deb_version(ver, len) == 0)
		return 0;
	if (*tarball) {
		snprintf(ver, len, "tar%08x", file_tag(real, &st));
		return 0;
	}
	if (tree_version(real, tv, sizeof(tv))) {
		snprintf(err, errlen,
			 "%s/Makefile has no VERSION/PATCHLEVEL/SUBLEVEL: not a kernel source tree", src);
		return -1;
	}
	/* two trees of one version are different kernels: the path tells them apart */
	snprintf(ver, len, "%s-src%08x", tv, (unsigned)(cache_fnv1a(real, strlen(real)) & 0xffffffffu));
	return 0;
}

int kernel_build_key(const struct kernel_build_opts *o, char *key, size_t keylen, char *source, size_t srclen,
		     char *err, size_t errlen)
{
	const char *src = o->source ? o->source : KBUILD_DEFAULT_TARBALL;
	char ver[128], real[PATH_MAX];
	bool tarball;

	if (source_version(src, &tarball, ver, sizeof(ver), err, errlen))
		return -1;
	key_safe(ver);
	/* only a tarball is patched: a tree the user gave is built as it is */
	if (kernel_cache_make_key(ver, embed_kconfig, EMBED_SIZE(embed_kconfig),
				  tarball ? embed_kpatch : NULL, EMBED_SIZE(embed_kpatch), key, keylen)) {
		snprintf(err, errlen, "kernel version '%s' makes no usable cache key", ver);
		return -1;
	}
	/* absolute, so the metadata and the build do not depend on the cwd */
	if (!realpath(src, real)) {
		snprintf(err, errlen, "kernel source %s: %s", src, strerror(errno));
		return -1;
	}
	snprintf(source, srclen, "%s", real);
	return 0;
}

/* ---- locking and leftovers ---------------------------------------------- */

/* Temp dirs of this key left by a killed build (we hold the key's lock). */
static void remove_leftovers(struct kb *b)
{
	const char *prefix[] = { ".work", ".tmp" };

	for (int i = 0; i < 2; i++) {
		char pat[PATH_MAX], name[KERNEL_CACHE_KEY_MAX + 16];
		glob_t g;

		snprintf(name, sizeof(name), "%s-%s-*", prefix[i], b->key);
		fs_join(pat, sizeof(pat), b->c.dir, name);
		if (glob(pat, GLOB_NOSORT, NULL, &g) == 0)
			for (size_t j = 0; j < g.gl_pathc; j++)
				fs_rm_rf(g.gl_pathv[j]);
		globfree(&g);
	}
}

/* measured: 1.8 GiB extracted, about 1 GiB of objects */
static int check_space(struct kb *b)
{
	return build_need_space(&b->c, (b->tarball ? 3ULL : 1ULL) << 30, "a kernel build");
}

static int kb_dirs(struct kb *b)
{
	char name[KERNEL_CACHE_KEY_MAX + 8], log[PATH_MAX];

	if (build_temp(&b->c, b->stage, ".tmp"))
		return -1;
	if (!b->o->keep_build) {
		if (build_temp(&b->c, b->work, ".work"))
			return -1;
	} else {
		/* kept trees live at their final path: kbuild writes absolute paths */
		snprintf(name, sizeof(name), "%s.build", b->key);
		fs_join(b->work, sizeof(b->work), b->c.dir, name);
		fs_rm_rf(b->work);
		if (fs_mkdirs(b->work))
			return build_fail(&b->c, "cannot create %s: %s", b->work, strerror(errno));
	}
	fs_join(b->obj, sizeof(b->obj), b->work, "obj");
	fs_join(log, sizeof(log), b->stage, "build.log");
	if (build_open_log(&b->c, log))
		return -1;
	if (fs_mkdirs(b->obj))
		return build_fail(&b->c, "cannot create %s: %s", b->obj, strerror(errno));
	return 0;
}

/* ---- the steps ----------------------------------------------------------- */

static int extract(struct kb *b)
{
	const char *argv[] = { "tar", "-xf", b->source, "-C", b->src, "--strip-components=1", NULL };

	fs_join(b->src, sizeof(b->src), b->work, "src");
	if (fs_mkdirs(b->src))
		return build_fail(&b->c, "cannot create %s: %s", b->src, strerror(errno));
	return build_step(&b->c, "extracting", "", argv);
}

/* kconfig/ktsrun.patch on the extracted tarball (doc/kernel.md). Another
 * kernel's source may not take it: then it is built as it is, and its
 * boots calibrate the APIC timer (the image lacks the parameter). */
static int patch_source(struct kb *b)
{
	char file[PATH_MAX];
	/* a dry run first; the real one is the same without its last word */
	const char *argv[] = { "patch", "-p1", "--batch", "--forward", "-d",
			       b->src,	"-i",  file,	  "--dry-run", NULL };
	int rc;

	fs_join(file, sizeof(file), b->work, "ktsrun.patch");
	if (fs_write_file(file, embed_kpatch, EMBED_SIZE(embed_kpatch)))
		return build_fail(&b->c, "cannot write %s: %s", file, strerror(errno));
	rc = build_exec("patching", argv, b->c.logfd, b->c.log);
	if (rc == BUILD_EXEC_STOPPED)
		return build_fail(&b->c, "interrupted while patching");
	if (rc == BUILD_EXEC_NOSTART)
		return build_fail(&b->c, "patching: could not run patch; run 'make deps'");
	if (rc != BUILD_EXEC_OK) {
		log_warn("kconfig/ktsrun.patch does not apply to %s (see %s); building it unpatched: its "
			 "emulated boots calibrate the APIC timer, 100 ms longer",
			 b->source, b->c.log);
		return 0;
	}
	argv[8] = NULL;
	return build_step(&b->c, "patching", " (kconfig/ktsrun.patch: the lapic_timer_khz= boot parameter)",
			  argv);
}

static int configure(struct kb *b)
{
	char frag[PATH_MAX], oarg[PATH_MAX + 2], farg[PATH_MAX + 20];
	const char *argv[] = { "make", "-C", b->src, oarg, farg, "allnoconfig", NULL };

	fs_join(frag, sizeof(frag), b->work, "ktsrun.kconfig");
	if (fs_write_file(frag, embed_kconfig, EMBED_SIZE(embed_kconfig)))
		return build_fail(&b->c, "cannot write %s: %s", frag, strerror(errno));
	snprintf(oarg, sizeof(oarg), "O=%s", b->obj);
	snprintf(farg, sizeof(farg), "KCONFIG_ALLCONFIG=%s", frag);
	return build_step(&b->c, "configuring", " (allnoconfig + kconfig/ktsrun.kconfig)", argv);
}

/* Every option of the fragment must be in the .config, with its value. */
static int check_config(struct kb *b, const char *when)
{
	char path[PATH_MAX], msg[768];
	int fd, n;
	struct stat st;
	char *text;

	fs_join(path, sizeof(path), b->obj, ".config");
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || fstat(fd, &st) || !(text = malloc((size_t)st.st_size + 1))) {
		if (fd >= 0)
			close(fd);
		return build_fail(&b->c, "%s: no %s", when, path);
	}
	n = read(fd, text, (size_t)st.st_size) == st.st_size
		    ? kconfig_check((const char *)embed_kconfig, EMBED_SIZE(embed_kconfig), text,
				    (size_t)st.st_size, msg, sizeof(msg))
		    : -1;
	free(text);
	close(fd);
	if (n < 0)
		return build_fail(&b->c, "checking %s: %s", path, msg);
	if (n > 0)
		return build_fail(&b->c,
				  "kernel config lacks %s; this source cannot give a sched_ext guest "
				  "kernel with kconfig/ktsrun.kconfig (%s)",
				  msg, when);
	return 0;
}

static int compile(struct kb *b)
{
	char oarg[PATH_MAX + 2], jarg[32], detail[64];
	const char *argv[] = { "make", "-C", b->src, oarg, jarg, "bzImage", NULL };
	long jobs = b->o->jobs > 0 ? b->o->jobs : sysconf(_SC_NPROCESSORS_ONLN);

	snprintf(oarg, sizeof(oarg), "O=%s", b->obj);
	snprintf(jarg, sizeof(jarg), "-j%ld", jobs > 0 ? jobs : 1);
	snprintf(detail, sizeof(detail), " bzImage (make %s)", jarg);
	return build_step(&b->c, "building", detail, argv);
}

static void read_release(struct kb *b, char *out, size_t len)
{
	char path[PATH_MAX];
	FILE *f;

	out[0] = '\0';
	fs_join(path, sizeof(path), b->obj, "include/config/kernel.release");
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(out, (int)len, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

/* Put the results in the staging directory and write its metadata. */
static int stage_entry(struct kb *b, struct kernel_cache_entry *e)
{
	static const char *const files[][2] = {
		{ "arch/x86/boot/bzImage", "bzImage" },
		{ "vmlinux", "vmlinux" },
		{ ".config", "config" },
	};
	char from[PATH_MAX], to[PATH_MAX], meta[PATH_MAX];

	for (size_t i = 0; i < 3; i++) {
		fs_join(from, sizeof(from), b->obj, files[i][0]);
		fs_join(to, sizeof(to), b->stage, files[i][1]);
		if (fs_link_or_copy(from, to))
			return build_fail(&b->c, "build made no usable %s: %s", from, strerror(errno));
	}
	memset(e, 0, sizeof(*e));
	snprintf(e->key, sizeof(e->key), "%s", b->key);
	read_release(b, e->release, sizeof(e->release));
	snprintf(e->source, sizeof(e->source), "%s", b->source);
	snprintf(e->frag_hash, sizeof(e->frag_hash), "%016llx",
		 (unsigned long long)kernel_cache_frag_hash(embed_kconfig, EMBED_SIZE(embed_kconfig)));
	e->build_seconds = (long)(build_elapsed(&b->c) + 0.5);
	e->date = time(NULL);
	if (b->o->keep_build) {
		snprintf(e->build_tree, sizeof(e->build_tree), "%s", b->src);
		snprintf(e->obj_tree, sizeof(e->obj_tree), "%s", b->obj);
	}
	fs_join(meta, sizeof(meta), b->stage, "meta");
	if (kernel_cache_meta_write(meta, e))
		return build_fail(&b->c, "cannot write %s: %s", meta, strerror(errno));
	return 0;
}

/* ---- cleanup ------------------------------------------------------------ */

static void kb_cleanup(struct kb *b, bool ok)
{
	build_finish(&b->c, ok);
	if (b->stage[0])
		fs_rm_rf(b->stage);
	if (b->work[0] && (!ok || !b->o->keep_build)) {
		/* 2 GB of files take a while to delete: say why we are still here */
		log_info("removing %s%s", b->work, ok ? " (--keep-build keeps it)" : "");
		fs_rm_rf(b->work);
	}
}

static int kb_found(struct kb *b, struct kernel_cache_entry *out)
{
	char why[256];

	if (b->o->force || kernel_cache_load(b->key, out, why, sizeof(why)))
		return 0;
	log_info("kernel %s (%s) is cached in %s", out->key, out->release, out->dir);
	return 1;
}

static int kb_build(struct kb *b, struct kernel_cache_entry *out)
{
	int found;

	if (kernel_build_key(b->o, b->key, sizeof(b->key), b->source, sizeof(b->source), b->c.err,
			     sizeof(b->c.err)) ||
	    kernel_cache_kernels_dir(b->c.dir, sizeof(b->c.dir), b->c.err, sizeof(b->c.err)))
		return -1;
	found = kb_found(b, out);
	if (found)
		return 0;
	if (build_lock(&b->c))
		return -1;
	/* the build we waited for may have made it */
	found = kb_found(b, out);
	if (found)
		return 0;
	remove_leftovers(b);
	if (check_space(b) || kb_dirs(b))
		return -1;
	log_info("building kernel %s from %s; output in %s", b->key, b->source, b->c.log);
	if (b->tarball ? extract(b) || patch_source(b) : 0)
		return -1;
	if (!b->tarball && !realpath(b->source, b->src))
		return build_fail(&b->c, "kernel source %s: %s", b->source, strerror(errno));
	if (configure(b) || check_config(b, "after allnoconfig") || compile(b) ||
	    check_config(b, "after the build") || stage_entry(b, out) ||
	    build_commit(&b->c, b->stage, "kernel"))
		return -1;
	if (kernel_cache_load(b->key, out, b->c.err, sizeof(b->c.err)))
		return -1;
	log_info("built kernel %s (%s) in %ldm%02lds: %s", out->key, out->release, out->build_seconds / 60,
		 out->build_seconds % 60, out->bzimage);
	return 0;
}

int kernel_build_run(const struct kernel_build_opts *o, struct kernel_cache_entry *out)
{
	struct kb b = { .o = o };
	struct stat st;
	int rc;

	b.tarball = !o->source || (stat(o->source, &st) == 0 && S_ISREG(st.st_mode));
	build_init(&b.c, b.key, "the kernel");
	b.c.tail_lines = 20;
	rc = kb_build(&b, out);
	kb_cleanup(&b, rc == 0);
	return build_exit(&b.c, rc);
}
