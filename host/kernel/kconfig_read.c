#include "host/kernel/kconfig_read.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "host/kernel/kconfig_check.h"
#include "host/util/log.h"

#define IMAGE_MAX   (512u << 20) /* a kernel image we read whole */
#define PAYLOAD_MAX (256u << 20) /* a bzImage's inflated payload */

/* Inflate one gzip stream at p into a malloc'd buffer of at most max
 * bytes; a stream that is cut off or too large counts as none. */
static int inflate_gzip(const uint8_t *p, size_t len, size_t max, uint8_t **out, size_t *olen)
{
	z_stream z = { 0 };
	size_t cap = 1u << 20;
	uint8_t *buf = malloc(cap);
	int rc = Z_OK;

	if (!buf || inflateInit2(&z, 16 + MAX_WBITS) != Z_OK) {
		free(buf);
		return -1;
	}
	z.next_in = (Bytef *)(uintptr_t)p;
	z.avail_in = (uInt)(len > UINT32_MAX ? UINT32_MAX : len);
	while (rc == Z_OK) {
		if (z.total_out == cap) {
			uint8_t *nb = cap < max ? realloc(buf, cap * 2 > max ? max : cap * 2) : NULL;

			if (!nb)
				break;
			buf = nb;
			cap = cap * 2 > max ? max : cap * 2;
		}
		z.next_out = buf + z.total_out;
		z.avail_out = (uInt)(cap - z.total_out);
		rc = inflate(&z, Z_NO_FLUSH);
	}
	*olen = z.total_out;
	inflateEnd(&z);
	if (rc != Z_STREAM_END) {
		free(buf);
		return -1;
	}
	*out = buf;
	return 0;
}

/* The blob right after IKCFG_ST, if the image holds it as it is. */
static int ikconfig_raw(const uint8_t *img, size_t len, char **text, size_t *tlen)
{
	const uint8_t *st = memmem(img, len, "IKCFG_ST", 8);
	uint8_t *out;
	size_t n;

	if (!st)
		return -1;
	st += 8;
	if (inflate_gzip(st, len - (size_t)(st - img), KCONFIG_READ_MAX, &out, &n))
		return -1;
	*text = (char *)out;
	*tlen = n;
	return 0;
}

int kconfig_read_ikconfig(const uint8_t *img, size_t len, char **text, size_t *tlen)
{
	static const uint8_t gz[] = { 0x1f, 0x8b, 0x08 };
	const uint8_t *p = img, *end = img + len;

	if (ikconfig_raw(img, len, text, tlen) == 0)
		return 0;
	/* as extract-ikconfig does: try each gzip header of the image */
	while (p < end && (p = memmem(p, (size_t)(end - p), gz, sizeof(gz)))) {
		uint8_t *payload;
		size_t n;

		if (inflate_gzip(p, (size_t)(end - p), PAYLOAD_MAX, &payload, &n) == 0) {
			int rc = ikconfig_raw(payload, n, text, tlen);

			free(payload);
			if (rc == 0)
				return 0;
		}
		p++;
	}
	return -1;
}

static int read_file(const char *path, size_t max, uint8_t **buf, size_t *len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	ssize_t got = -1;

	*buf = NULL;
	if (fd < 0)
		return -1;
	if (!fstat(fd, &st) && S_ISREG(st.st_mode) && (size_t)st.st_size <= max &&
	    (*buf = malloc((size_t)st.st_size + 1)))
		got = read(fd, *buf, (size_t)st.st_size);
	close(fd);
	if (got < 0 || got != st.st_size) {
		free(*buf);
		*buf = NULL;
		return -1;
	}
	(*buf)[got] = 0;
	*len = (size_t)got;
	return 0;
}

/* /boot/vmlinuz-R -> /boot/config-R, the distro layout. */
static int distro_config(const char *bz, char *out, size_t len)
{
	const char *slash = strrchr(bz, '/'), *name = slash ? slash + 1 : bz;

	if (strncmp(name, "vmlinuz-", 8) || !name[8])
		return -1;
	if (snprintf(out, len, "%.*sconfig-%s", (int)(name - bz), bz, name + 8) >= (int)len)
		return -1;
	return access(out, R_OK);
}

int kconfig_read(const struct kernel_cache_entry *e, char **text, size_t *len, char *from, size_t fromlen)
{
	char path[PATH_MAX];
	const char *img[] = { e->vmlinux, e->bzimage };
	uint8_t *buf;
	size_t n;

	if (e->config[0] && read_file(e->config, KCONFIG_READ_MAX, &buf, len) == 0) {
		snprintf(from, fromlen, "%s", e->config);
		*text = (char *)buf;
		return 0;
	}
	if (distro_config(e->bzimage, path, sizeof(path)) == 0 &&
	    read_file(path, KCONFIG_READ_MAX, &buf, len) == 0) {
		snprintf(from, fromlen, "%s", path);
		*text = (char *)buf;
		return 0;
	}
	for (int i = 0; i < 2; i++) {
		int rc;

		if (!img[i][0] || read_file(img[i], IMAGE_MAX, &buf, &n))
			continue;
		rc = kconfig_read_ikconfig(buf, n, text, len);
		free(buf);
		if (rc == 0) {
			snprintf(from, fromlen, "IKCONFIG of %s", img[i]);
			return 0;
		}
	}
	return -1;
}

int kconfig_read_scx(const struct kernel_cache_entry *e, char *err, size_t errlen)
{
	static const char want[] = "CONFIG_SCHED_CLASS_EXT=y\n";
	char from[PATH_MAX + 16], got[256];
	const char *name = e->key[0] ? e->key : e->bzimage;
	char *text;
	size_t len;
	int missing;

	if (kconfig_read(e, &text, &len, from, sizeof(from)))
		return 0;
	missing = kconfig_check(want, sizeof(want) - 1, text, len, got, sizeof(got));
	free(text);
	if (missing == 0)
		return 1;
	errf(err, errlen,
	     "kernel %s has no sched_ext (CONFIG_SCHED_CLASS_EXT is not set, per %s): "
	     "build one with 'ktsrun kernel build' and pass --kernel KEY, or run without --scheduler",
	     name, from);
	return -1;
}
