#include "host/boot/initramfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#define OUTBUF (64 * 1024)

struct ir_path {
	char *name;
	mode_t mode;
};

struct initramfs {
	int fd;
	bool gzip; /* else the cpio is written as is */
	z_stream zs;
	unsigned char out[OUTBUF];
	unsigned long long off; /* uncompressed bytes so far, for 4-byte padding */
	unsigned ino;
	struct ir_path *paths;
	size_t npaths, cap;
	char err[512];
};

int initramfs_fail(struct initramfs *ir, const char *fmt, ...)
{
	va_list ap;

	if (ir->err[0])
		return -1;
	va_start(ap, fmt);
	vsnprintf(ir->err, sizeof(ir->err), fmt, ap);
	va_end(ap);
	return -1;
}

struct initramfs *initramfs_open(int fd, bool gzip)
{
	struct initramfs *ir = calloc(1, sizeof(*ir));

	if (!ir)
		return NULL;
	ir->fd = fd;
	ir->gzip = gzip;
	ir->ino = 1;
	/* windowBits 15 + 16: a gzip wrapper, which the kernel's RD_GZIP reads */
	if (gzip && deflateInit2(&ir->zs, 9, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) {
		free(ir);
		return NULL;
	}
	ir->zs.next_out = ir->out;
	ir->zs.avail_out = OUTBUF;
	return ir;
}

static int flush_out(struct initramfs *ir)
{
	size_t len = OUTBUF - ir->zs.avail_out, done = 0;

	while (done < len) {
		ssize_t n = write(ir->fd, ir->out + done, len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return initramfs_fail(ir, "writing the initramfs: %s",
					      n < 0 ? strerror(errno) : "short write");
		done += (size_t)n;
	}
	ir->zs.next_out = ir->out;
	ir->zs.avail_out = OUTBUF;
	return 0;
}

/* Compress len bytes (or, with finish, the end of the stream). */
static int deflate_run(struct initramfs *ir, const void *data, size_t len, int flush)
{
	int rc;

	ir->zs.next_in = (unsigned char *)(uintptr_t)data; /* zlib does not write it */
	ir->zs.avail_in = (uInt)len;
	do {
		rc = deflate(&ir->zs, flush);
		if (rc == Z_STREAM_ERROR)
			return initramfs_fail(ir, "zlib deflate failed");
		if (ir->zs.avail_out == 0 || rc == Z_STREAM_END)
			if (flush_out(ir))
				return -1;
	} while (ir->zs.avail_in > 0 || (flush == Z_FINISH && rc != Z_STREAM_END));
	return 0;
}

/* Uncompressed: through the same output buffer, flushed when full. */
static int copy_run(struct initramfs *ir, const unsigned char *p, size_t len)
{
	while (len > 0) {
		size_t n = len < ir->zs.avail_out ? len : ir->zs.avail_out;

		memcpy(ir->zs.next_out, p, n);
		ir->zs.next_out += n;
		ir->zs.avail_out -= (uInt)n;
		p += n;
		len -= n;
		if (ir->zs.avail_out == 0 && flush_out(ir))
			return -1;
	}
	return 0;
}

static int put(struct initramfs *ir, const void *data, size_t len)
{
	const unsigned char *p = data;

	/* avail_in is 32-bit: feed huge buffers in pieces */
	while (len > 0) {
		size_t n = len > (1u << 30) ? (1u << 30) : len;
		if (ir->gzip ? deflate_run(ir, p, n, Z_NO_FLUSH) : copy_run(ir, p, n))
			return -1;
		ir->off += n;
		p += n;
		len -= n;
	}
	return 0;
}

static int pad4(struct initramfs *ir)
{
	static const char zero[4];

	return put(ir, zero, (4 - ir->off % 4) % 4);
}

/* One newc header and the name; the caller writes the data and pad4(). */
static int put_header(struct initramfs *ir, const char *name, mode_t mode, unsigned nlink,
		      unsigned long long size, unsigned rmaj, unsigned rmin)
{
	char hdr[6 + 13 * 8 + 1];
	size_t namesize = strlen(name) + 1;

	if (size > 0xffffffffULL)
		return initramfs_fail(ir, "%s: larger than 4 GiB, which newc cannot hold", name);
	/* magic, ino, mode, uid, gid, nlink, mtime, filesize, devmajor,
	 * devminor, rdevmajor, rdevminor, namesize, check */
	snprintf(hdr, sizeof(hdr), "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X", ir->ino++,
		 (unsigned)mode, 0u, 0u, nlink, 0u, (unsigned)size, 0u, 0u, rmaj, rmin, (unsigned)namesize,
		 0u);
	if (put(ir, hdr, sizeof(hdr) - 1) || put(ir, name, namesize))
		return -1;
	return pad4(ir);
}

/* "/a//b/" -> "a/b". Returns NULL, or why the path cannot be stored. */
static const char *normalise(const char *in, char *out, size_t outlen)
{
	size_t o = 0;
	const char *p = in;

	while (*p) {
		const char *end;
		size_t n;

		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchrnul(p, '/');
		n = (size_t)(end - p);
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return "has a '.' or '..' part";
		if (o + n + 2 > outlen)
			return "is too long";
		if (o)
			out[o++] = '/';
		memcpy(out + o, p, n);
		o += n;
		p = end;
	}
	if (!o)
		return "names the root";
	out[o] = '\0';
	return NULL;
}

static int norm_or_fail(struct initramfs *ir, const char *in, char *out)
{
	const char *why = normalise(in, out, PATH_MAX);

	if (why)
		return initramfs_fail(ir, "initramfs path '%s' %s", in, why);
	return 0;
}

static const struct ir_path *lookup(const struct initramfs *ir, const char *name)
{
	for (size_t i = 0; i < ir->npaths; i++)
		if (!strcmp(ir->paths[i].name, name))
			return &ir->paths[i];
	return NULL;
}

static int remember(struct initramfs *ir, const char *name, mode_t mode)
{
	if (ir->npaths == ir->cap) {
		size_t cap = ir->cap ? ir->cap * 2 : 64;
		struct ir_path *p = realloc(ir->paths, cap * sizeof(*p));
		if (!p)
			return initramfs_fail(ir, "out of memory");
		ir->paths = p;
		ir->cap = cap;
	}
	ir->paths[ir->npaths].name = strdup(name);
	if (!ir->paths[ir->npaths].name)
		return initramfs_fail(ir, "out of memory");
	ir->paths[ir->npaths++].mode = mode;
	return 0;
}

bool initramfs_has(const struct initramfs *ir, const char *path)
{
	char name[PATH_MAX];

	if (normalise(path, name, sizeof(name)))
		return false;
	return lookup(ir, name) != NULL;
}

/* Add every missing parent of name as a 0755 directory. */
static int add_parents(struct initramfs *ir, const char *name)
{
	char buf[PATH_MAX];

	snprintf(buf, sizeof(buf), "%s", name);
	for (char *s = strchr(buf, '/'); s; s = strchr(s + 1, '/')) {
		const struct ir_path *p;

		*s = '\0';
		p = lookup(ir, buf);
		if (p && !S_ISDIR(p->mode))
			return initramfs_fail(ir, "initramfs: '%s' needs '%s' to be a directory", name, buf);
		if (!p &&
		    (put_header(ir, buf, S_IFDIR | 0755, 2, 0, 0, 0) || remember(ir, buf, S_IFDIR | 0755)))
			return -1;
		*s = '/';
	}
	return 0;
}

/* Common start of every add: sticky error, normalised name, parents, no duplicate. */
static int begin(struct initramfs *ir, const char *path, mode_t mode, char *name)
{
	const struct ir_path *p;

	if (ir->err[0] || norm_or_fail(ir, path, name))
		return -1;
	p = lookup(ir, name);
	if (p)
		return initramfs_fail(ir, "initramfs: '%s' added twice", name);
	if (add_parents(ir, name))
		return -1;
	return remember(ir, name, mode);
}

int initramfs_add_dir(struct initramfs *ir, const char *path, mode_t mode)
{
	char name[PATH_MAX];
	const struct ir_path *p;

	mode = S_IFDIR | (mode & 07777);
	if (ir->err[0] || norm_or_fail(ir, path, name))
		return -1;
	/* a directory already made (for example as a parent) is fine */
	p = lookup(ir, name);
	if (p && S_ISDIR(p->mode))
		return 0;
	if (begin(ir, path, mode, name))
		return -1;
	return put_header(ir, name, mode, 2, 0, 0, 0);
}

int initramfs_add_file(struct initramfs *ir, const char *path, const void *data, size_t len, mode_t mode)
{
	char name[PATH_MAX];

	mode = S_IFREG | (mode & 07777);
	if (begin(ir, path, mode, name) || put_header(ir, name, mode, 1, len, 0, 0) || put(ir, data, len))
		return -1;
	return pad4(ir);
}

/* Stream exactly size bytes of fd into the archive. */
static int copy_fd(struct initramfs *ir, int fd, off_t size, const char *host_path)
{
	char buf[64 * 1024];
	off_t left = size;

	while (left > 0) {
		ssize_t n = read(fd, buf, left < (off_t)sizeof(buf) ? (size_t)left : sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return initramfs_fail(ir, "reading %s: %s", host_path, strerror(errno));
		if (n == 0)
			return initramfs_fail(ir, "%s shrank while it was being read", host_path);
		if (put(ir, buf, (size_t)n))
			return -1;
		left -= n;
	}
	return pad4(ir);
}

int initramfs_add_file_from(struct initramfs *ir, const char *path, const char *host_path, mode_t mode)
{
	char name[PATH_MAX];
	struct stat st;
	int fd, rc;

	if (ir->err[0])
		return -1;
	fd = open(host_path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return initramfs_fail(ir, "cannot open %s: %s", host_path, strerror(errno));
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return initramfs_fail(ir, "%s is not a regular file", host_path);
	}
	mode = S_IFREG | ((mode ? mode : st.st_mode) & 07777);
	rc = begin(ir, path, mode, name);
	if (!rc)
		rc = put_header(ir, name, mode, 1, (unsigned long long)st.st_size, 0, 0);
	if (!rc)
		rc = copy_fd(ir, fd, st.st_size, host_path);
	close(fd);
	return rc;
}

int initramfs_add_node(struct initramfs *ir, const char *path, mode_t mode, unsigned major, unsigned minor)
{
	char name[PATH_MAX];

	if (!S_ISCHR(mode) && !S_ISBLK(mode) && !S_ISFIFO(mode) && !S_ISSOCK(mode))
		return initramfs_fail(ir, "initramfs: '%s' is not a device, fifo or socket mode", path);
	if (begin(ir, path, mode, name))
		return -1;
	return put_header(ir, name, mode, 1, 0, major, minor);
}

int initramfs_add_symlink(struct initramfs *ir, const char *path, const char *target)
{
	char name[PATH_MAX];
	size_t len = strlen(target);

	if (!len)
		return initramfs_fail(ir, "initramfs: symlink '%s' has an empty target", path);
	/* the kernel reads the target as the entry's data, without a NUL */
	if (begin(ir, path, S_IFLNK | 0777, name) || put_header(ir, name, S_IFLNK | 0777, 1, len, 0, 0) ||
	    put(ir, target, len))
		return -1;
	return pad4(ir);
}

static void ir_free(struct initramfs *ir)
{
	if (ir->gzip)
		deflateEnd(&ir->zs);
	for (size_t i = 0; i < ir->npaths; i++)
		free(ir->paths[i].name);
	free(ir->paths);
	free(ir);
}

int initramfs_close(struct initramfs *ir, char *err, size_t errlen)
{
	int rc = -1;

	if (!ir->err[0] && !put_header(ir, "TRAILER!!!", 0, 1, 0, 0, 0) &&
	    !(ir->gzip ? deflate_run(ir, NULL, 0, Z_FINISH) : flush_out(ir)))
		rc = 0;
	if (rc && errlen)
		snprintf(err, errlen, "%s", ir->err);
	ir_free(ir);
	return rc;
}
