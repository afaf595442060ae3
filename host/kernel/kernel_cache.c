#include "host/kernel/kernel_cache.h"
#include "host/util/log.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/util/fs.h"
#include "lib/kv.h"
#include "host/util/cache.h"

/* Shown when nothing is cached; measured with 'ktsrun kernel build' here. */
#define KERNEL_CACHE_BUILD_MINUTES "7"

int kernel_cache_kernels_dir(char *buf, size_t len, char *err, size_t errlen)
{
	return cache_subdir("kernels", buf, len, err, errlen);
}

int kernel_cache_lock(const char *key, bool wait)
{
	char kdir[PATH_MAX], dir[PATH_MAX], name[KERNEL_CACHE_KEY_MAX + 8], path[PATH_MAX], err[64];
	int fd, saved;

	if (!kernel_cache_key_ok(key)) {
		errno = EINVAL;
		return -1;
	}
	if (kernel_cache_kernels_dir(kdir, sizeof(kdir), err, sizeof(err)) ||
	    fs_join(dir, sizeof(dir), kdir, ".locks") || fs_mkdirs(dir))
		return -1;
	snprintf(name, sizeof(name), "%s.lock", key);
	fs_join(path, sizeof(path), dir, name);
	/* lock files stay: unlinking one races with a process waiting on it */
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) {
		/* EINTR included: the caller decides whether a signal ends the wait */
		saved = errno;
		close(fd);
		errno = saved;
		return -1;
	}
	return fd;
}

int kernel_cache_key_ok(const char *key)
{
	size_t n = strlen(key);

	if (n == 0 || n >= KERNEL_CACHE_KEY_MAX || key[0] == '.' || key[0] == '-')
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = key[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '+' || c == '-'))
			return 0;
	}
	/* names the cache uses for its own files are not keys */
	return !(n > 6 && !strcmp(key + n - 6, ".build")) && strstr(key, ".failed") == NULL;
}

/* FNV-1a over the option lines only ("CONFIG_..." and "# CONFIG_... is not
 * set", trailing blanks dropped), so editing a comment keeps the key. */
uint64_t kernel_cache_frag_hash(const void *frag, size_t len)
{
	const char *p = frag, *end = p + len;
	uint64_t h = 0xcbf29ce484222325ULL;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end, *t = e;

		while (t > p && (t[-1] == ' ' || t[-1] == '\t' || t[-1] == '\r'))
			t--;
		if ((t - p > 7 && !memcmp(p, "CONFIG_", 7)) ||
		    (t - p > 9 && !memcmp(p, "# CONFIG_", 9) && t - p > 11 &&
		     !memcmp(t - 11, " is not set", 11))) {
			for (; p < t; p++)
				h = (h ^ (unsigned char)*p) * 0x100000001b3ULL;
			h = (h ^ '\n') * 0x100000001b3ULL;
		}
		p = e + (nl != NULL);
	}
	return h;
}

int kernel_cache_make_key(const char *version, const void *frag, size_t fraglen, const void *patch,
			  size_t patchlen, char *out, size_t outlen)
{
	uint64_t h = kernel_cache_frag_hash(frag, fraglen);
	const unsigned char *p = patch;
	int n;

	/* every byte of a patch counts: its whitespace is code */
	for (size_t i = 0; p && i < patchlen; i++)
		h = (h ^ p[i]) * 0x100000001b3ULL;
	n = snprintf(out, outlen, "%s-ktsrun-%08x", version, (unsigned)(h & 0xffffffffu));

	if (n < 0 || (size_t)n >= outlen || !kernel_cache_key_ok(out))
		return -1;
	return 0;
}

int kernel_cache_bzimage_release(const char *path, char *out, size_t outlen)
{
	unsigned char hdr[0x220];
	char ver[128];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	unsigned off;
	ssize_t n;
	size_t i;

	if (fd < 0)
		return -1;
	n = pread(fd, hdr, sizeof(hdr), 0);
	/* boot protocol: "HdrS" at 0x202; kernel_version (0x20e) points at the
	 * version string, 0x200 bytes before the offset it stores */
	if (n != (ssize_t)sizeof(hdr) || memcmp(hdr + 0x202, "HdrS", 4)) {
		close(fd);
		return -1;
	}
	off = (unsigned)hdr[0x20e] | (unsigned)hdr[0x20f] << 8;
	n = off ? pread(fd, ver, sizeof(ver) - 1, (off_t)off + 0x200) : 0;
	close(fd);
	if (n <= 0) {
		snprintf(out, outlen, "%s", "");
		return 0;
	}
	ver[n] = '\0';
	for (i = 0; i < (size_t)n && ver[i] > ' ' && ver[i] < 0x7f; i++)
		;
	ver[i] = '\0';
	snprintf(out, outlen, "%s", ver);
	return 0;
}

int kernel_cache_meta_write(const char *path, const struct kernel_cache_entry *e)
{
	char date[32], *text;
	struct tm tm;
	int n, rc;

	gmtime_r(&e->date, &tm);
	strftime(date, sizeof(date), "%Y-%m-%dT%H:%M:%SZ", &tm);
	n = asprintf(&text,
		     "key=%s\nrelease=%s\nsource=%s\nfrag_hash=%s\nbuild_seconds=%ld\n"
		     "date=%lld\ndate_text=%s\nbuild_tree=%s\nobj_tree=%s\n",
		     e->key, e->release, e->source, e->frag_hash, e->build_seconds, (long long)e->date, date,
		     e->build_tree, e->obj_tree);
	if (n < 0)
		return -1;
	rc = fs_write_atomic(path, text, (size_t)n);
	free(text);
	return rc;
}

static int copy_val(const struct kv *kv, const char *key, char *out, size_t len)
{
	const char *v = kv_get(kv, key);

	if (!v)
		v = "";
	return (size_t)snprintf(out, len, "%s", v) < len ? 0 : -1;
}

int kernel_cache_meta_parse(const char *text, size_t len, struct kernel_cache_entry *e)
{
	struct kv *kv = malloc(sizeof(*kv)); /* 4 KiB of text: not on the stack */
	const char *why;
	unsigned long secs, date;
	int rc = -1;

	if (!kv || kv_parse(kv, text, len, &why))
		goto out;
	if (copy_val(kv, "key", e->key, sizeof(e->key)) || !kernel_cache_key_ok(e->key) ||
	    copy_val(kv, "release", e->release, sizeof(e->release)) ||
	    copy_val(kv, "source", e->source, sizeof(e->source)) ||
	    copy_val(kv, "frag_hash", e->frag_hash, sizeof(e->frag_hash)) ||
	    copy_val(kv, "build_tree", e->build_tree, sizeof(e->build_tree)) ||
	    copy_val(kv, "obj_tree", e->obj_tree, sizeof(e->obj_tree)) ||
	    kv_get_uint(kv, "build_seconds", 10 * 24 * 3600, &secs) ||
	    kv_get_uint(kv, "date", 0xffffffffffUL, &date))
		goto out;
	e->build_seconds = (long)secs;
	e->date = (time_t)date;
	rc = 0;
out:
	free(kv);
	return rc;
}

static int path_in(char *out, const char *dir, const char *name)
{
	return fs_join(out, PATH_MAX, dir, name);
}

/* Fill out from the entry directory dir; -1 if it is not a complete entry. */
static int load_dir(const char *dir, struct kernel_cache_entry *out)
{
	char meta[PATH_MAX], text[KV_MAX_TEXT];
	struct kernel_cache_entry e = { 0 };
	ssize_t n;
	int fd;

	if (path_in(meta, dir, "meta"))
		return -1;
	fd = open(meta, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, text, sizeof(text));
	close(fd);
	if (n <= 0 || kernel_cache_meta_parse(text, (size_t)n, &e))
		return -1;
	snprintf(e.dir, sizeof(e.dir), "%s", dir);
	if (path_in(e.bzimage, dir, "bzImage") || access(e.bzimage, R_OK))
		return -1;
	if (path_in(e.vmlinux, dir, "vmlinux") || access(e.vmlinux, R_OK))
		e.vmlinux[0] = '\0';
	if (path_in(e.config, dir, "config") || access(e.config, R_OK))
		e.config[0] = '\0';
	*out = e;
	return 0;
}

int kernel_cache_load(const char *key, struct kernel_cache_entry *out, char *err, size_t errlen)
{
	char kdir[PATH_MAX], dir[PATH_MAX];

	if (!kernel_cache_key_ok(key))
		return errf(err, errlen, "'%s' is not a cache key", key);
	if (kernel_cache_kernels_dir(kdir, sizeof(kdir), err, errlen))
		return -1;
	if (path_in(dir, kdir, key) || load_dir(dir, out) || strcmp(out->key, key))
		return errf(err, errlen, "no cached kernel '%s'; 'ktsrun kernel list' shows the cached ones",
			    key);
	return 0;
}

static int newest_first(const void *a, const void *b)
{
	const struct kernel_cache_entry *x = a, *y = b;

	if (x->date != y->date)
		return x->date < y->date ? 1 : -1;
	return strcmp(x->key, y->key);
}

int kernel_cache_list(struct kernel_cache_entry **out, size_t *n, char *err, size_t errlen)
{
	char kdir[PATH_MAX], dir[PATH_MAX];
	struct kernel_cache_entry *v = NULL, e;
	size_t cnt = 0;
	struct dirent *de;
	DIR *d;

	*out = NULL;
	*n = 0;
	if (kernel_cache_kernels_dir(kdir, sizeof(kdir), err, errlen))
		return -1;
	d = opendir(kdir);
	if (!d)
		return errf(err, errlen, "cannot read %s: %s", kdir, strerror(errno));
	while ((de = readdir(d)) != NULL) {
		struct kernel_cache_entry *nv;

		if (!kernel_cache_key_ok(de->d_name) || path_in(dir, kdir, de->d_name) || load_dir(dir, &e) ||
		    strcmp(e.key, de->d_name))
			continue;
		nv = realloc(v, (cnt + 1) * sizeof(*v));
		if (!nv)
			break;
		v = nv;
		v[cnt++] = e;
	}
	closedir(d);
	if (cnt)
		qsort(v, cnt, sizeof(*v), newest_first);
	*out = v;
	*n = cnt;
	return 0;
}

/* Next to a bzImage: vmlinux and config in the same directory, or the tree
 * layout of a kernel build (arch/x86/boot/bzImage). */
static void find_companions(const char *bz, struct kernel_cache_entry *e)
{
	static const char tail[] = "/arch/x86/boot/bzImage";
	char dir[PATH_MAX], rel[PATH_MAX];
	size_t n = strlen(bz), tl = sizeof(tail) - 1;
	FILE *f;

	snprintf(dir, sizeof(dir), "%s", bz);
	if (n > tl && !strcmp(bz + n - tl, tail)) {
		dir[n - tl] = '\0';
		path_in(e->config, dir, ".config");
		path_in(rel, dir, "include/config/kernel.release");
		f = fopen(rel, "re");
		if (f) {
			if (fgets(e->release, sizeof(e->release), f))
				e->release[strcspn(e->release, "\n")] = '\0';
			fclose(f);
		}
	} else {
		*strrchr(dir, '/') = '\0';
		path_in(e->config, dir, "config");
	}
	path_in(e->vmlinux, dir, "vmlinux");
	if (access(e->vmlinux, R_OK))
		e->vmlinux[0] = '\0';
	if (access(e->config, R_OK))
		e->config[0] = '\0';
}

static int resolve_path(const char *arg, const char *from, struct kernel_cache_entry *out, char *err,
			size_t errlen)
{
	struct kernel_cache_entry e = { 0 };
	char *real = realpath(arg, NULL);
	struct stat st;
	int rc = -1;

	if (!real || stat(real, &st) || !S_ISREG(st.st_mode)) {
		errf(err, errlen, "kernel '%s' (%s) is not a file; pass a bzImage or a cache key", arg, from);
		goto out;
	}
	if (kernel_cache_bzimage_release(real, e.release, sizeof(e.release))) {
		errf(err, errlen, "kernel '%s' (%s) is not a bzImage", arg, from);
		goto out;
	}
	/* a bzImage inside a cache entry brings the whole entry */
	snprintf(e.dir, sizeof(e.dir), "%s", real);
	*strrchr(e.dir, '/') = '\0';
	if (!strcmp(strrchr(real, '/'), "/bzImage") && load_dir(e.dir, out) == 0) {
		rc = 0;
		goto out;
	}
	e.dir[0] = '\0';
	snprintf(e.bzimage, sizeof(e.bzimage), "%s", real);
	snprintf(e.source, sizeof(e.source), "%s", real);
	find_companions(real, &e);
	e.date = st.st_mtime;
	*out = e;
	rc = 0;
out:
	free(real);
	return rc;
}

static int resolve_one(const char *arg, const char *from, struct kernel_cache_entry *out, char *err,
		       size_t errlen)
{
	char why[256];

	if (strchr(arg, '/') || access(arg, F_OK) == 0 || !kernel_cache_key_ok(arg))
		return resolve_path(arg, from, out, err, errlen);
	if (kernel_cache_load(arg, out, why, sizeof(why)))
		return errf(err, errlen, "%s (%s)", why, from);
	return 0;
}

int kernel_cache_resolve(const char *arg, struct kernel_cache_entry *out, char *err, size_t errlen)
{
	const char *env = getenv("KTSRUN_KERNEL");
	struct kernel_cache_entry *v;
	size_t n;

	if (arg && *arg)
		return resolve_one(arg, "from --kernel", out, err, errlen);
	if (env && *env)
		return resolve_one(env, "from KTSRUN_KERNEL", out, err, errlen);
	if (kernel_cache_list(&v, &n, err, errlen))
		return -1;
	if (n == 0)
		return errf(err, errlen,
			    "no kernel cached; run 'ktsrun kernel build' (about " KERNEL_CACHE_BUILD_MINUTES
			    " minutes) or pass --kernel PATH");
	*out = v[0];
	free(v);
	return 0;
}
