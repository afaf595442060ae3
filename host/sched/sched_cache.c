#include "host/sched/sched_cache.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/boot/embed.h"
#include "host/util/fs.h"
#include "host/util/log.h"
#include "lib/kv.h"
#include "host/util/cache.h"

int sched_cache_dir(char *buf, size_t len, char *err, size_t errlen)
{
	return cache_subdir("sched", buf, len, err, errlen);
}

void sched_cache_ktsr_hash(char out[17])
{
	const struct {
		const unsigned char *p, *end;
	} src[] = {
		{ embed_ktsr_bpf, embed_ktsr_bpf_end },
		{ embed_ktsr_user, embed_ktsr_user_end },
		{ embed_ktsr_hdr, embed_ktsr_hdr_end },
		{ embed_ktsr_bad_bpf, embed_ktsr_bad_bpf_end },
		{ embed_ktsr_bad_user, embed_ktsr_bad_user_end },
		{ embed_loader_hook, embed_loader_hook_end },
		{ embed_probe_bpf, embed_probe_bpf_end },
		{ embed_probe_user, embed_probe_user_end },
		{ embed_probe_hdr, embed_probe_hdr_end },
	};
	uint64_t h = 0;

	for (size_t i = 0; i < sizeof(src) / sizeof(src[0]); i++)
		h = h * 31 + cache_fnv1a(src[i].p, (size_t)(src[i].end - src[i].p));
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static int copy_val(const struct kv *kv, const char *key, char *out, size_t len)
{
	const char *v = kv_get(kv, key);

	if (!v || strlen(v) >= len)
		return -1;
	memcpy(out, v, strlen(v) + 1);
	return 0;
}

int sched_cache_meta_parse(const char *text, size_t len, struct sched_cache_entry *e)
{
	static struct kv kv;
	const char *why;
	unsigned long secs, date;

	memset(e, 0, sizeof(*e));
	if (kv_parse(&kv, text, len, &why) ||
	    copy_val(&kv, "kernel_key", e->kernel_key, sizeof(e->kernel_key)) ||
	    !kernel_cache_key_ok(e->kernel_key) || copy_val(&kv, "source", e->source, sizeof(e->source)) ||
	    copy_val(&kv, "ktsr_hash", e->ktsr_hash, sizeof(e->ktsr_hash)) ||
	    kv_get_uint(&kv, "build_seconds", 1UL << 30, &secs) || kv_get_uint(&kv, "date", ~0UL, &date))
		return -1;
	e->build_seconds = (long)secs;
	e->date = (time_t)date;
	return 0;
}

int sched_cache_meta_write(const char *path, const struct sched_cache_entry *e)
{
	char buf[2 * PATH_MAX + 256];
	int n = snprintf(buf, sizeof(buf),
			 "kernel_key=%s\nsource=%s\nktsr_hash=%s\nbuild_seconds=%ld\ndate=%lld\n",
			 e->kernel_key, e->source, e->ktsr_hash, e->build_seconds, (long long)e->date);

	if (n < 0 || (size_t)n >= sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return fs_write_file(path, buf, (size_t)n);
}

int sched_cache_load(const char *kernel_key, struct sched_cache_entry *e, char *err, size_t errlen)
{
	char sdir[PATH_MAX], dir[PATH_MAX], meta[PATH_MAX], text[KV_MAX_TEXT];
	FILE *f;
	size_t n;

	if (!kernel_cache_key_ok(kernel_key))
		return errf(err, errlen, "bad kernel key '%s'", kernel_key);
	if (sched_cache_dir(sdir, sizeof(sdir), err, errlen))
		return -1;
	fs_join(dir, sizeof(dir), sdir, kernel_key);
	fs_join(meta, sizeof(meta), dir, "meta");
	f = fopen(meta, "r");
	if (!f)
		return errf(err, errlen, "no schedulers built for kernel %s; run 'ktsrun sched build'",
			    kernel_key);
	n = fread(text, 1, sizeof(text), f);
	fclose(f);
	if (n == sizeof(text) || sched_cache_meta_parse(text, n, e))
		return errf(err, errlen, "%s is damaged; run 'ktsrun sched build --force'", meta);
	snprintf(e->dir, sizeof(e->dir), "%s", dir);
	fs_join(e->bindir, sizeof(e->bindir), dir, "bin");
	return 0;
}

static int name_ok(const char *s)
{
	if (!*s || strlen(s) > 64)
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		      *s == '_' || *s == '-' || *s == '.'))
			return 0;
	return 1;
}

/* The newest cached build of scheduler name, for a kernel given by path. */
static int built_for_any(const char *name, char *path, size_t len)
{
	struct kernel_cache_entry *ks;
	struct sched_cache_entry e;
	char err[256];
	struct stat st;
	size_t n;
	int rc = -1;

	if (kernel_cache_list(&ks, &n, err, sizeof(err)))
		return -1;
	for (size_t i = 0; i < n && rc; i++)
		if (!sched_cache_load(ks[i].key, &e, err, sizeof(err)) &&
		    !fs_join(path, len, e.bindir, name) && !stat(path, &st))
			rc = 0;
	free(ks);
	return rc;
}

/* Names are looked up per cached kernel; a kernel given by path (a distro
 * image) has none, but a CO-RE scheduler built for ours may load there. */
static int by_name_on_path_kernel(const char *name, const struct kernel_cache_entry *k, char *err,
				  size_t errlen)
{
	char path[PATH_MAX];

	if (built_for_any(name, path, sizeof(path)) == 0)
		return errf(
			err, errlen,
			"scheduler '%s' by name is looked up for a cached kernel, and kernel %s is a path: "
			"pass the scheduler's path, e.g. --scheduler %s (a CO-RE build may load on a kernel "
			"with BTF and a compatible sched_ext), or boot a cached kernel with --kernel KEY",
			name, k->bzimage, path);
	return errf(err, errlen,
		    "scheduler '%s' by name is looked up for a cached kernel, and kernel %s is a path: "
		    "pass the path of a scheduler built for it, or build ours with 'ktsrun kernel build' "
		    "and 'ktsrun sched build' and boot it with --kernel KEY",
		    name, k->bzimage);
}

int sched_cache_resolve(const char *name, const struct kernel_cache_entry *k, char *path, size_t len,
			char *err, size_t errlen)
{
	struct sched_cache_entry e;
	struct stat st;

	if (strchr(name, '/')) {
		if (stat(name, &st) || !S_ISREG(st.st_mode) || access(name, X_OK))
			return errf(err, errlen,
				    "scheduler '%s' is not an executable file; pass a path to one "
				    "or a name from 'ktsrun sched list'",
				    name);
		if (!realpath(name, path))
			return errf(err, errlen, "scheduler '%s': %s", name, strerror(errno));
		return 0;
	}
	if (!name_ok(name))
		return errf(err, errlen, "bad scheduler name '%s'; 'ktsrun sched list' shows the built ones",
			    name);
	if (!k->key[0])
		return by_name_on_path_kernel(name, k, err, errlen);
	if (sched_cache_load(k->key, &e, err, errlen))
		return -1;
	if (fs_join(path, len, e.bindir, name) || stat(path, &st))
		return errf(err, errlen,
			    "no scheduler '%s' built for kernel %s; 'ktsrun sched list' shows "
			    "the built ones",
			    name, k->key);
	return 0;
}
