/* libFuzzer target: a kernel's config as the host reads it before a boot
 * (host/kernel/kconfig_read.c, kconfig_check.c), checked against the
 * fragment ktsrun builds with. Byte 0 picks the path:
 *   'i'  the rest is a kernel image to search for IKCONFIG;
 *   'z'  the rest is config text the target stores as IKCONFIG (gzip
 *        between IKCFG_ST and IKCFG_ED) in a vmlinux-like image;
 *   'Z'  the same image gzipped once more, as in a bzImage's payload;
 *   'f'  the rest is a fragment, checked against a fixed config;
 *   else the input is a config text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "host/boot/embed.h"
#include "host/kernel/kconfig_check.h"
#include "host/kernel/kconfig_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char fixed_config[] = "CONFIG_SCHED_CLASS_EXT=y\n# CONFIG_DRM is not set\nCONFIG_HZ=1000\n"
				   "CONFIG_CMDLINE=\"a b\"\nCONFIG_NR_CPUS=256\n";

/* gzip of p into a malloc'd buffer, between pre and post. */
static uint8_t *gzip(const uint8_t *p, size_t n, const char *pre, const char *post, size_t *olen)
{
	size_t lp = strlen(pre), lq = strlen(post), cap = lp + lq + n + n / 100 + 64;
	uint8_t *out = malloc(cap);
	z_stream z = { 0 };

	if (!out || deflateInit2(&z, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		abort();
	memcpy(out, pre, lp);
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)n;
	z.next_out = out + lp;
	z.avail_out = (uInt)(cap - lp - lq);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END)
		abort();
	memcpy(out + lp + z.total_out, post, lq);
	*olen = lp + z.total_out + lq;
	deflateEnd(&z);
	return out;
}

static void check(const char *cfg, size_t len)
{
	char msg[512];

	kconfig_check((const char *)embed_kconfig, EMBED_SIZE(embed_kconfig), cfg, len, msg, sizeof(msg));
}

static void image(const uint8_t *img, size_t len)
{
	char *text;
	size_t tlen;

	if (kconfig_read_ikconfig(img, len, &text, &tlen) == 0) {
		check(text, tlen);
		free(text);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char msg[512];
	uint8_t *img, *outer;
	size_t ilen, olen;

	if (size && data[0] == 'i') {
		image(data + 1, size - 1);
	} else if (size && (data[0] == 'z' || data[0] == 'Z')) {
		img = gzip(data + 1, size - 1,
			   "\x7f"
			   "ELF.....IKCFG_ST",
			   "IKCFG_ED....", &ilen);
		if (data[0] == 'Z') {
			outer = gzip(img, ilen, "MZ..HdrS....", "....", &olen);
			free(img);
			img = outer, ilen = olen;
		}
		image(img, ilen);
		free(img);
	} else if (size && data[0] == 'f') {
		kconfig_check((const char *)data + 1, size - 1, fixed_config, sizeof(fixed_config) - 1, msg,
			      sizeof(msg));
	} else {
		check((const char *)data, size);
	}
	return 0;
}
