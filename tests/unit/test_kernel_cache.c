/* kernel cache: keys, metadata, the cache root and kernel resolution. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/util/cache.h"
#include "host/util/fs.h"
#include "host/kernel/kernel_cache.h"
#include "tests/unit/tu.h"

TU_TEST(kernel_cache_fnv1a_vectors)
{
	/* published FNV-1a 64-bit test vectors */
	TU_CHECK(cache_fnv1a("", 0) == 0xcbf29ce484222325ULL);
	TU_CHECK(cache_fnv1a("a", 1) == 0xaf63dc4c8601ec8cULL);
	TU_CHECK(cache_fnv1a("foobar", 6) == 0x85944171f73967e8ULL);
}

TU_TEST(kernel_cache_frag_hash_ignores_comments_and_blanks)
{
	static const char a[] = "CONFIG_A=y\n# CONFIG_B is not set\n";
	static const char b[] = "# a comment\n\nCONFIG_A=y  \r\n# CONFIG_B is not set\n# another\n";
	static const char c[] = "CONFIG_A=m\n# CONFIG_B is not set\n";
	static const char d[] = "CONFIG_A=y\n";

	TU_CHECK(kernel_cache_frag_hash(a, strlen(a)) == kernel_cache_frag_hash(b, strlen(b)));
	TU_CHECK(kernel_cache_frag_hash(a, strlen(a)) != kernel_cache_frag_hash(c, strlen(c)));
	TU_CHECK(kernel_cache_frag_hash(a, strlen(a)) != kernel_cache_frag_hash(d, strlen(d)));
	TU_CHECK(kernel_cache_frag_hash("CONFIG_A=y\n", 11) == cache_fnv1a("CONFIG_A=y\n", 11));
}

TU_TEST(kernel_cache_keys)
{
	char key[KERNEL_CACHE_KEY_MAX], key2[KERNEL_CACHE_KEY_MAX], key3[KERNEL_CACHE_KEY_MAX];
	char longv[200];

	/* the key hashes option lines: "CONFIG_A=y\n" alone */
	TU_EQ_INT(kernel_cache_make_key("6.12.117-1.deb12u1", "CONFIG_A=y\n", 11, NULL, 0, key, sizeof(key)),
		  0);
	TU_EQ_STR(key, "6.12.117-1.deb12u1-ktsrun-0ff4a111");
	/* a patch is another kernel, down to a byte of whitespace */
	TU_EQ_INT(kernel_cache_make_key("6.12.117-1.deb12u1", "CONFIG_A=y\n", 11, "+x\n", 3, key2,
					sizeof(key2)),
		  0);
	TU_CHECK(strcmp(key, key2) != 0);
	TU_EQ_INT(kernel_cache_make_key("6.12.117-1.deb12u1", "CONFIG_A=y\n", 11, "+x \n", 4, key3,
					sizeof(key3)),
		  0);
	TU_CHECK(strcmp(key2, key3) != 0);
	TU_CHECK(kernel_cache_key_ok("6.12.0-rc1+-ktsrun-00000000"));
	TU_CHECK(!kernel_cache_key_ok(""));
	TU_CHECK(!kernel_cache_key_ok(".locks"));
	TU_CHECK(!kernel_cache_key_ok("-x"));
	TU_CHECK(!kernel_cache_key_ok("../etc"));
	TU_CHECK(!kernel_cache_key_ok("a/b"));
	TU_CHECK(!kernel_cache_key_ok("a b"));
	TU_CHECK(!kernel_cache_key_ok("k.build"));
	TU_CHECK(!kernel_cache_key_ok("k.failed.log"));
	TU_EQ_INT(kernel_cache_make_key("6.1/../x", "", 0, NULL, 0, key, sizeof(key)), -1);
	memset(longv, '7', sizeof(longv) - 1);
	longv[sizeof(longv) - 1] = '\0';
	TU_EQ_INT(kernel_cache_make_key(longv, "", 0, NULL, 0, key, sizeof(key)), -1);
}

TU_TEST(kernel_cache_meta_roundtrip)
{
	struct kernel_cache_entry e = { 0 }, r;
	char path[256], text[4096];
	int fd;
	ssize_t n;

	snprintf(e.key, sizeof(e.key), "6.12.117-ktsrun-0badf00d");
	snprintf(e.release, sizeof(e.release), "6.12.117-ktsrun");
	snprintf(e.source, sizeof(e.source), "/usr/src/linux-source-6.12.tar.xz");
	snprintf(e.frag_hash, sizeof(e.frag_hash), "0123456789abcdef");
	snprintf(e.build_tree, sizeof(e.build_tree), "/c/k.build/src");
	e.build_seconds = 754;
	e.date = 1795300000;
	snprintf(path, sizeof(path), "%s/meta", tu_tmpdir());
	TU_EQ_INT(kernel_cache_meta_write(path, &e), 0);
	fd = open(path, O_RDONLY);
	n = read(fd, text, sizeof(text));
	close(fd);
	TU_CHECK(n > 0 && strstr(text, "date_text=2026-") != NULL);
	TU_EQ_INT(kernel_cache_meta_parse(text, (size_t)n, &r), 0);
	TU_EQ_STR(r.key, e.key);
	TU_EQ_STR(r.release, e.release);
	TU_EQ_STR(r.source, e.source);
	TU_EQ_STR(r.frag_hash, e.frag_hash);
	TU_EQ_STR(r.build_tree, e.build_tree);
	TU_EQ_STR(r.obj_tree, "");
	TU_EQ_INT(r.build_seconds, 754);
	TU_EQ_INT(r.date, 1795300000);
	/* damaged metadata is refused, not half-read */
	TU_EQ_INT(kernel_cache_meta_parse("key=x\n", 6, &r), -1);
	TU_EQ_INT(kernel_cache_meta_parse("garbage", 7, &r), -1);
	TU_EQ_INT(kernel_cache_meta_parse("key=../x\nbuild_seconds=1\ndate=1\n", 32, &r), -1);
	TU_EQ_INT(kernel_cache_meta_parse("key=k\nbuild_seconds=-1\ndate=1\n", 30, &r), -1);
	TU_EQ_INT(kernel_cache_meta_parse("key=k\nbuild_seconds=1\ndate=1\n", 29, &r), 0);
}

TU_TEST(kernel_cache_root_precedence)
{
	char buf[256], err[256];
	char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;

	setenv("KTSRUN_CACHE_DIR", "/x/kts", 1);
	setenv("XDG_CACHE_HOME", "/x/xdg", 1);
	setenv("HOME", "/x/home", 1);
	TU_EQ_INT(cache_root(buf, sizeof(buf), 0, err, sizeof(err)), 0);
	TU_EQ_STR(buf, "/x/kts");
	unsetenv("KTSRUN_CACHE_DIR");
	TU_EQ_INT(cache_root(buf, sizeof(buf), 0, err, sizeof(err)), 0);
	TU_EQ_STR(buf, "/x/xdg/ktsrun");
	setenv("XDG_CACHE_HOME", "relative", 1); /* ignored, as the XDG spec says */
	TU_EQ_INT(cache_root(buf, sizeof(buf), 0, err, sizeof(err)), 0);
	TU_EQ_STR(buf, "/x/home/.cache/ktsrun");
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	TU_EQ_INT(cache_root(buf, sizeof(buf), 0, err, sizeof(err)), -1);
	TU_EQ_STR(err, "no cache directory: set KTSRUN_CACHE_DIR or HOME");
	if (home)
		setenv("HOME", home, 1);
	free(home);
}

/* A file with a boot-protocol header whose version string is ver. */
static void fake_bzimage(const char *path, const char *ver)
{
	unsigned char img[0x400] = { 0 };
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	memcpy(img + 0x202, "HdrS", 4);
	img[0x20e] = 0x00; /* kernel_version = 0x100: string at 0x300 */
	img[0x20f] = 0x01;
	memcpy(img + 0x300, ver, strlen(ver));
	TU_EQ_INT(write(fd, img, sizeof(img)), sizeof(img));
	close(fd);
}

/* A complete cache entry made by hand. */
static void fake_entry(const char *cache, const char *key, time_t date)
{
	struct kernel_cache_entry e = { 0 };
	char dir[512], p[600];

	snprintf(dir, sizeof(dir), "%s/kernels/%s", cache, key);
	TU_EQ_INT(fs_mkdirs(dir), 0);
	snprintf(p, sizeof(p), "%s/bzImage", dir);
	fake_bzimage(p, "6.12.117-ktsrun (x@y) #1");
	snprintf(p, sizeof(p), "%s/vmlinux", dir);
	TU_EQ_INT(fs_write_file(p, "v", 1), 0);
	snprintf(e.key, sizeof(e.key), "%s", key);
	snprintf(e.release, sizeof(e.release), "6.12.117-ktsrun");
	e.date = date;
	snprintf(p, sizeof(p), "%s/meta", dir);
	TU_EQ_INT(kernel_cache_meta_write(p, &e), 0);
}

TU_TEST(kernel_cache_bzimage_header)
{
	char path[256], rel[128];

	snprintf(path, sizeof(path), "%s/bz", tu_tmpdir());
	fake_bzimage(path, "6.12.117-ktsrun (root@h) #1 SMP PREEMPT");
	TU_EQ_INT(kernel_cache_bzimage_release(path, rel, sizeof(rel)), 0);
	TU_EQ_STR(rel, "6.12.117-ktsrun");
	TU_EQ_INT(kernel_cache_bzimage_release("/etc/passwd", rel, sizeof(rel)), -1);
	TU_EQ_INT(kernel_cache_bzimage_release("/nonexistent", rel, sizeof(rel)), -1);
}

TU_TEST(kernel_cache_resolve_order)
{
	char cache[256], err[512], p[600], tree[600];
	struct kernel_cache_entry e;

	snprintf(cache, sizeof(cache), "%s/rcache", tu_tmpdir());
	setenv("KTSRUN_CACHE_DIR", cache, 1);
	unsetenv("KTSRUN_KERNEL");
	TU_EQ_INT(kernel_cache_resolve(NULL, &e, err, sizeof(err)), -1);
	TU_EQ_STR(err, "no kernel cached; run 'ktsrun kernel build' (about 7 minutes) or pass "
		       "--kernel PATH");

	/* newest entry wins when nothing is named; damaged entries are skipped */
	fake_entry(cache, "6.1-ktsrun-00000001", 1000);
	fake_entry(cache, "6.2-ktsrun-00000002", 3000);
	fake_entry(cache, "6.3-ktsrun-00000003", 2000);
	snprintf(p, sizeof(p), "%s/kernels/6.9-ktsrun-00000009", cache);
	TU_EQ_INT(fs_mkdirs(p), 0); /* no meta: a half-made entry */
	TU_EQ_INT(kernel_cache_resolve(NULL, &e, err, sizeof(err)), 0);
	TU_EQ_STR(e.key, "6.2-ktsrun-00000002");
	TU_CHECK(strstr(e.vmlinux, "/6.2-ktsrun-00000002/vmlinux") != NULL);
	TU_EQ_STR(e.config, ""); /* no config file in this entry */

	/* KTSRUN_KERNEL beats the newest; --kernel beats KTSRUN_KERNEL */
	setenv("KTSRUN_KERNEL", "6.1-ktsrun-00000001", 1);
	TU_EQ_INT(kernel_cache_resolve(NULL, &e, err, sizeof(err)), 0);
	TU_EQ_STR(e.key, "6.1-ktsrun-00000001");
	TU_EQ_INT(kernel_cache_resolve("6.3-ktsrun-00000003", &e, err, sizeof(err)), 0);
	TU_EQ_STR(e.key, "6.3-ktsrun-00000003");
	TU_EQ_INT(kernel_cache_resolve("6.4-ktsrun-00000004", &e, err, sizeof(err)), -1);
	TU_EQ_STR(err, "no cached kernel '6.4-ktsrun-00000004'; 'ktsrun kernel list' shows the "
		       "cached ones (from --kernel)");
	setenv("KTSRUN_KERNEL", "6.9-ktsrun-00000009", 1);
	TU_EQ_INT(kernel_cache_resolve(NULL, &e, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "(from KTSRUN_KERNEL)") != NULL);
	unsetenv("KTSRUN_KERNEL");

	/* a path into a cache entry brings the entry */
	snprintf(p, sizeof(p), "%s/kernels/6.1-ktsrun-00000001/bzImage", cache);
	TU_EQ_INT(kernel_cache_resolve(p, &e, err, sizeof(err)), 0);
	TU_EQ_STR(e.key, "6.1-ktsrun-00000001");

	/* a kernel build tree: vmlinux, .config and the release beside it */
	snprintf(tree, sizeof(tree), "%s/tree/arch/x86/boot", tu_tmpdir());
	TU_EQ_INT(fs_mkdirs(tree), 0);
	snprintf(p, sizeof(p), "%s/tree/include/config", tu_tmpdir());
	TU_EQ_INT(fs_mkdirs(p), 0);
	snprintf(p, sizeof(p), "%s/tree/include/config/kernel.release", tu_tmpdir());
	TU_EQ_INT(fs_write_file(p, "6.12.0-mine\n", 12), 0);
	snprintf(p, sizeof(p), "%s/tree/vmlinux", tu_tmpdir());
	TU_EQ_INT(fs_write_file(p, "v", 1), 0);
	snprintf(p, sizeof(p), "%s/tree/.config", tu_tmpdir());
	TU_EQ_INT(fs_write_file(p, "c", 1), 0);
	snprintf(p, sizeof(p), "%s/tree/arch/x86/boot/bzImage", tu_tmpdir());
	fake_bzimage(p, "6.12.0-other #1");
	TU_EQ_INT(kernel_cache_resolve(p, &e, err, sizeof(err)), 0);
	TU_EQ_STR(e.key, "");
	TU_EQ_STR(e.release, "6.12.0-mine");
	TU_CHECK(strstr(e.vmlinux, "/tree/vmlinux") != NULL);
	TU_CHECK(strstr(e.config, "/tree/.config") != NULL);

	/* a lone bzImage: release from its header, no vmlinux */
	snprintf(p, sizeof(p), "%s/lone-bz", tu_tmpdir());
	fake_bzimage(p, "6.12.0-lone #1");
	TU_EQ_INT(kernel_cache_resolve(p, &e, err, sizeof(err)), 0);
	TU_EQ_STR(e.release, "6.12.0-lone");
	TU_EQ_STR(e.vmlinux, "");

	TU_EQ_INT(kernel_cache_resolve("/etc/passwd", &e, err, sizeof(err)), -1);
	TU_EQ_STR(err, "kernel '/etc/passwd' (from --kernel) is not a bzImage");
	TU_EQ_INT(kernel_cache_resolve("/nonexistent/bz", &e, err, sizeof(err)), -1);
	TU_EQ_STR(err, "kernel '/nonexistent/bz' (from --kernel) is not a file; pass a bzImage or a "
		       "cache key");
	unsetenv("KTSRUN_CACHE_DIR");
}

TU_TEST(kernel_cache_lock_excludes)
{
	char cache[256];
	int a, b;

	snprintf(cache, sizeof(cache), "%s/lcache", tu_tmpdir());
	setenv("KTSRUN_CACHE_DIR", cache, 1);
	a = kernel_cache_lock("k-ktsrun-1", false);
	TU_CHECK(a >= 0);
	b = kernel_cache_lock("k-ktsrun-1", false); /* a new open file: flock conflicts */
	TU_EQ_INT(b, -1);
	close(a);
	b = kernel_cache_lock("k-ktsrun-1", false);
	TU_CHECK(b >= 0);
	close(b);
	TU_EQ_INT(kernel_cache_lock("../k", false), -1);
	unsetenv("KTSRUN_CACHE_DIR");
}
