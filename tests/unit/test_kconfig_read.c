/* Finding a kernel's config on the host: the cache's file, config-RELEASE
 * beside a distro image, IKCONFIG raw (vmlinux) or inside a gzip payload
 * (bzImage); and the sched_ext check made from it before a boot. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <zlib.h>

#include "host/kernel/kconfig_read.h"
#include "tests/unit/tu.h"

/* A gzip stream of len bytes of p, appended to out at *n. */
static void gzip_to(uint8_t *out, size_t cap, size_t *n, const void *p, size_t len)
{
	z_stream z = { 0 };

	TU_CHECK(deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) == Z_OK);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)len;
	z.next_out = out + *n;
	z.avail_out = (uInt)(cap - *n);
	TU_CHECK(deflate(&z, Z_FINISH) == Z_STREAM_END);
	*n += z.total_out;
	deflateEnd(&z);
}

static void put(uint8_t *out, size_t *n, const char *s)
{
	memcpy(out + *n, s, strlen(s));
	*n += strlen(s);
}

/* junk, IKCFG_ST, gzip(config), IKCFG_ED, junk: what kernel/configs.c lays out */
static size_t vmlinux_like(uint8_t *out, size_t cap, const char *config)
{
	size_t n = 0;

	put(out, &n,
	    "\x7f"
	    "ELF junk \x1f\x8b\x08 not a stream ");
	put(out, &n, "IKCFG_ST");
	gzip_to(out, cap, &n, config, strlen(config));
	put(out, &n, "IKCFG_ED more junk");
	return n;
}

TU_TEST(kconfig_read_ikconfig_raw_and_inside_a_payload)
{
	static const char cfg[] = "CONFIG_SCHED_CLASS_EXT=y\nCONFIG_BPF=y\n";
	size_t cap = 1 << 16, n, m = 0, tlen;
	uint8_t *v = malloc(cap), *bz = malloc(cap);
	char *text;

	n = vmlinux_like(v, cap, cfg);
	TU_EQ_INT(kconfig_read_ikconfig(v, n, &text, &tlen), 0);
	TU_EQ_INT(tlen, strlen(cfg));
	TU_CHECK(!memcmp(text, cfg, tlen));
	free(text);
	/* a bzImage: setup code, then the whole vmlinux gzipped */
	put(bz, &m, "MZ setup code \x1f\x8b\x08\x00 a false header ");
	gzip_to(bz, cap, &m, v, n);
	TU_EQ_INT(kconfig_read_ikconfig(bz, m, &text, &tlen), 0);
	TU_CHECK(tlen == strlen(cfg) && !memcmp(text, cfg, tlen));
	free(text);
	/* cut short: no config rather than a wrong one */
	TU_EQ_INT(kconfig_read_ikconfig(bz, m - 20, &text, &tlen), -1);
	TU_EQ_INT(kconfig_read_ikconfig((const uint8_t *)"IKCFG_ST", 8, &text, &tlen), -1);
	free(v);
	free(bz);
}

static void write_file(const char *path, const void *p, size_t len)
{
	FILE *f = fopen(path, "wb");

	TU_CHECK(f != NULL);
	if (!f)
		return;
	TU_EQ_INT(fwrite(p, 1, len, f), len);
	fclose(f);
}

TU_TEST(kconfig_read_scx_refuses_a_kernel_without_sched_ext)
{
	struct kernel_cache_entry e = { 0 };
	char err[1024], from[PATH_MAX + 16], *text;
	size_t len, cap = 1 << 16;
	uint8_t *v = malloc(cap);
	char dir[PATH_MAX];

	/* a directory of its own: other tests look for files in the scratch one */
	snprintf(dir, sizeof(dir), "%s/kconfig", tu_tmpdir());
	TU_EQ_INT(mkdir(dir, 0700), 0);
	/* a distro layout: /boot/vmlinuz-R beside /boot/config-R */
	snprintf(e.bzimage, sizeof(e.bzimage), "%s/vmlinuz-6.1.0-test", dir);
	write_file(e.bzimage, "not read", 8);
	TU_EQ_INT(kconfig_read_scx(&e, err, sizeof(err)), 0); /* unknown: the guest will say */
	snprintf(from, sizeof(from), "%s/config-6.1.0-test", dir);
	write_file(from, "# CONFIG_SCHED_CLASS_EXT is not set\n", 36);
	TU_EQ_INT(kconfig_read_scx(&e, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "has no sched_ext (CONFIG_SCHED_CLASS_EXT is not set, per ") != NULL);
	TU_CHECK(strstr(err, "config-6.1.0-test): build one with 'ktsrun kernel build'") != NULL);
	write_file(from, "CONFIG_SCHED_CLASS_EXT=y\n", 25);
	TU_EQ_INT(kconfig_read_scx(&e, err, sizeof(err)), 1);
	/* the entry's own config comes first */
	snprintf(e.config, sizeof(e.config), "%s/config", dir);
	write_file(e.config, "CONFIG_SCHED_CLASS_EXT=n\n", 25);
	TU_EQ_INT(kconfig_read_scx(&e, err, sizeof(err)), -1);
	/* no file at all: IKCONFIG of the vmlinux */
	e.config[0] = 0;
	snprintf(e.bzimage, sizeof(e.bzimage), "%s/bzImage", dir);
	snprintf(e.vmlinux, sizeof(e.vmlinux), "%s/vmlinux", dir);
	write_file(e.vmlinux, v, vmlinux_like(v, cap, "CONFIG_SCHED_CLASS_EXT=y\n"));
	TU_EQ_INT(kconfig_read(&e, &text, &len, from, sizeof(from)), 0);
	TU_CHECK(strstr(from, "IKCONFIG of ") == from);
	free(text);
	TU_EQ_INT(kconfig_read_scx(&e, err, sizeof(err)), 1);
	free(v);
}
