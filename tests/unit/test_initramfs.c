/* initramfs: the archive is checked by an independent reader here (zlib
 * inflate + a newc parser written for the test) and by Debian's cpio. */
#include <fcntl.h>
#include <stdbool.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>
#include <zlib.h>

#include "host/boot/initramfs.h"
#include "host/util/fs.h"
#include "tests/unit/tu.h"

struct blob {
	unsigned char *p;
	size_t len;
};

static struct blob read_fd(int fd)
{
	struct blob b = { 0 };
	struct stat st;

	if (fstat(fd, &st) || st.st_size == 0)
		return b;
	b.p = malloc((size_t)st.st_size);
	if (b.p && pread(fd, b.p, (size_t)st.st_size, 0) == st.st_size)
		b.len = (size_t)st.st_size;
	return b;
}

/* gunzip with zlib; the data must be exactly one gzip member. */
static struct blob gunzip(struct blob in)
{
	struct blob out = { 0 };
	z_stream zs = { 0 };
	size_t cap = 1 << 20;
	int rc;

	if (inflateInit2(&zs, 15 + 16) != Z_OK)
		return out;
	out.p = malloc(cap);
	zs.next_in = in.p;
	zs.avail_in = (uInt)in.len;
	do {
		if (out.len == cap) {
			cap *= 2;
			out.p = realloc(out.p, cap);
		}
		zs.next_out = out.p + out.len;
		zs.avail_out = (uInt)(cap - out.len);
		rc = inflate(&zs, Z_NO_FLUSH);
		out.len = cap - zs.avail_out;
	} while (rc == Z_OK);
	if (rc != Z_STREAM_END || zs.avail_in != 0) {
		free(out.p);
		out.p = NULL;
		out.len = 0;
	}
	inflateEnd(&zs);
	return out;
}

struct entry {
	unsigned ino, mode, nlink, mtime, size, rmaj, rmin, uid, gid;
	char name[256];
	const unsigned char *data;
};

static unsigned hex8(const unsigned char *p)
{
	char b[9];

	memcpy(b, p, 8);
	b[8] = '\0';
	return (unsigned)strtoul(b, NULL, 16);
}

/* Parse newc the way the kernel's unpacker walks it; -1 on any violation. */
static int parse_newc(struct blob b, struct entry *e, int max)
{
	size_t off = 0;
	int n = 0;

	while (n < max) {
		unsigned namesize;

		if (off % 4 || off + 110 > b.len || memcmp(b.p + off, "070701", 6))
			return -1;
		e[n].ino = hex8(b.p + off + 6);
		e[n].mode = hex8(b.p + off + 14);
		e[n].uid = hex8(b.p + off + 22);
		e[n].gid = hex8(b.p + off + 30);
		e[n].nlink = hex8(b.p + off + 38);
		e[n].mtime = hex8(b.p + off + 46);
		e[n].size = hex8(b.p + off + 54);
		e[n].rmaj = hex8(b.p + off + 78);
		e[n].rmin = hex8(b.p + off + 86);
		namesize = hex8(b.p + off + 94);
		if (hex8(b.p + off + 102) != 0 || namesize == 0 || namesize > 255 ||
		    off + 110 + namesize > b.len || b.p[off + 110 + namesize - 1] != '\0')
			return -1;
		memcpy(e[n].name, b.p + off + 110, namesize);
		off = (off + 110 + namesize + 3) & ~(size_t)3;
		e[n].data = b.p + off;
		if (off + e[n].size > b.len)
			return -1;
		off = (off + e[n].size + 3) & ~(size_t)3;
		if (!strcmp(e[n].name, "TRAILER!!!"))
			return off == b.len ? n + 1 : -1;
		n++;
	}
	return -1;
}

static const struct entry *find(const struct entry *e, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(e[i].name, name))
			return &e[i];
	return NULL;
}

static int memfd(void)
{
	return memfd_create("initramfs-test", MFD_CLOEXEC);
}

/* The archive the lead's boot path builds, minus the guest init. */
static int build_sample_as(int fd, bool gzip, char *err, size_t errlen)
{
	struct initramfs *ir = initramfs_open(fd, gzip);
	static const char hello[] = "hello, guest\n";

	initramfs_add_dir(ir, "/dev", 0755);
	initramfs_add_node(ir, "/dev/console", S_IFCHR | 0600, 5, 1);
	initramfs_add_dir(ir, "/proc", 0555);
	initramfs_add_file(ir, "/init", hello, sizeof(hello) - 1, 0755);
	initramfs_add_file(ir, "/etc/deep/er/empty", "", 0, 0644);
	initramfs_add_symlink(ir, "/bin/sh", "/init");
	initramfs_add_binary(ir, "/bin/ls", "/usr/bin/ls");
	initramfs_add_file_from(ir, "/etc/passwd", "/etc/passwd", 0);
	return initramfs_close(ir, err, errlen);
}

static int build_sample(int fd, char *err, size_t errlen)
{
	return build_sample_as(fd, true, err, errlen);
}

/* The plain archive is the gzip one's content, byte for byte: the same
 * entries, headers and padding, readable with no decompressor. */
TU_TEST(initramfs_plain_equals_gunzipped)
{
	char err[256] = "";
	int gfd = memfd(), pfd = memfd();
	struct blob gz, plain, un;
	struct entry e[128];

	TU_EQ_INT(build_sample_as(gfd, true, err, sizeof(err)), 0);
	TU_EQ_INT(build_sample_as(pfd, false, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	gz = read_fd(gfd);
	plain = read_fd(pfd);
	un = gunzip(gz);
	TU_CHECK(plain.len > 1000000 && !memcmp(plain.p, "070701", 6));
	TU_EQ_INT(plain.len, un.len);
	TU_CHECK(un.p && plain.len == un.len && !memcmp(plain.p, un.p, plain.len));
	TU_CHECK(parse_newc(plain, e, 128) > 10);
	free(gz.p);
	free(plain.p);
	free(un.p);
	close(gfd);
	close(pfd);
}

TU_TEST(initramfs_newc_structure)
{
	char err[256] = "";
	int fd = memfd(), n;
	struct blob gz, raw;
	struct entry e[128];
	const struct entry *x;

	TU_EQ_INT(build_sample(fd, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	gz = read_fd(fd);
	TU_CHECK(gz.len > 18 && gz.p[0] == 0x1f && gz.p[1] == 0x8b);
	raw = gunzip(gz);
	TU_CHECK(raw.p != NULL);
	n = parse_newc(raw, e, 128);
	TU_CHECK(n > 10);
	if (n <= 10)
		return;
	for (int i = 0; i < n; i++) {
		TU_EQ_INT(e[i].mtime, 0);
		TU_EQ_INT(e[i].uid, 0);
		for (int j = 0; j < i; j++)
			TU_CHECK(e[i].ino != e[j].ino && strcmp(e[i].name, e[j].name));
		/* every parent comes before its children */
		char parent[256];
		snprintf(parent, sizeof(parent), "%s", e[i].name);
		char *slash = strrchr(parent, '/');
		if (slash && strcmp(e[i].name, "TRAILER!!!")) {
			*slash = '\0';
			x = find(e, i, parent);
			TU_CHECK(x && S_ISDIR(x->mode));
		}
	}
	TU_EQ_STR(e[n - 1].name, "TRAILER!!!");
	x = find(e, n, "dev/console");
	TU_CHECK(x && x->mode == (S_IFCHR | 0600) && x->rmaj == 5 && x->rmin == 1 && x->size == 0);
	x = find(e, n, "init");
	TU_CHECK(x && x->mode == (S_IFREG | 0755) && x->size == 13 && x->nlink == 1 &&
		 !memcmp(x->data, "hello, guest\n", 13));
	x = find(e, n, "proc");
	TU_CHECK(x && x->mode == (S_IFDIR | 0555) && x->nlink == 2);
	x = find(e, n, "etc/deep/er");
	TU_CHECK(x && x->mode == (S_IFDIR | 0755));
	x = find(e, n, "etc/deep/er/empty");
	TU_CHECK(x && x->size == 0);
	x = find(e, n, "bin/sh");
	TU_CHECK(x && S_ISLNK(x->mode) && x->size == 5 && !memcmp(x->data, "/init", 5));
	x = find(e, n, "lib64/ld-linux-x86-64.so.2");
	TU_CHECK(x && S_ISREG(x->mode) && x->size > 100000 && !memcmp(x->data, "\177ELF", 4));
	x = find(e, n, "lib/x86_64-linux-gnu/libc.so.6");
	TU_CHECK(x && S_ISREG(x->mode) && x->size > 1000000);
	TU_CHECK(find(e, n, "lib/x86_64-linux-gnu/libselinux.so.1") != NULL);
	/* ls itself, byte for byte */
	x = find(e, n, "bin/ls");
	int lfd = open("/usr/bin/ls", O_RDONLY);
	struct blob ls = read_fd(lfd);
	close(lfd);
	TU_CHECK(x && ls.len == x->size && !memcmp(ls.p, x->data, ls.len) && x->mode == (S_IFREG | 0755));
	free(ls.p);
	free(gz.p);
	free(raw.p);
	close(fd);
}

/* Debian's cpio reads the same archive and lists the same types. */
TU_TEST(initramfs_cpio_cross_check)
{
	char err[256], path[256], cmd[600], line[512];
	int fd, listed = 0, dev = 0, lnk = 0, ls = 0, trailer_seen = 0;
	struct blob gz, raw;
	FILE *p;

	snprintf(path, sizeof(path), "%s/ir.cpio", tu_tmpdir());
	fd = memfd();
	TU_EQ_INT(build_sample(fd, err, sizeof(err)), 0);
	gz = read_fd(fd);
	raw = gunzip(gz);
	close(fd);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	TU_EQ_INT(write(fd, raw.p, raw.len), raw.len);
	close(fd);
	snprintf(cmd, sizeof(cmd), "cpio -itv --quiet < %s 2>&1", path);
	p = popen(cmd, "r");
	TU_CHECK(p != NULL);
	while (p && fgets(line, sizeof(line), p)) {
		listed++;
		if (line[0] == 'c' && strstr(line, " 5,") && strstr(line, "dev/console"))
			dev++;
		if (line[0] == 'l' && strstr(line, "bin/sh -> /init"))
			lnk++;
		if (line[0] == '-' && strstr(line, "-rwxr-xr-x") && strstr(line, " bin/ls\n"))
			ls++;
		if (strstr(line, "TRAILER") || strstr(line, "cpio:"))
			trailer_seen++;
	}
	TU_EQ_INT(p ? pclose(p) : -1, 0);
	TU_EQ_INT(dev, 1);
	TU_EQ_INT(lnk, 1);
	TU_EQ_INT(ls, 1);
	TU_EQ_INT(trailer_seen, 0);
	TU_EQ_INT(listed, parse_newc(raw, (struct entry[128]){ 0 }, 128) - 1);
	free(gz.p);
	free(raw.p);
}

TU_TEST(initramfs_reproducible)
{
	char err[256];
	int a = memfd(), b = memfd();
	struct blob x, y;

	TU_EQ_INT(build_sample(a, err, sizeof(err)), 0);
	TU_EQ_INT(build_sample(b, err, sizeof(err)), 0);
	x = read_fd(a);
	y = read_fd(b);
	TU_CHECK(x.len > 0 && x.len == y.len && !memcmp(x.p, y.p, x.len));
	free(x.p);
	free(y.p);
	close(a);
	close(b);
}

TU_TEST(initramfs_empty_archive)
{
	char err[64];
	int fd = memfd();
	struct initramfs *ir = initramfs_open(fd, true);
	struct blob gz, raw;
	struct entry e[2];

	TU_EQ_INT(initramfs_close(ir, err, sizeof(err)), 0);
	gz = read_fd(fd);
	raw = gunzip(gz);
	TU_EQ_INT(parse_newc(raw, e, 2), 1);
	TU_EQ_INT(raw.len, 124); /* 110 + 11 name bytes, padded to 4 */
	free(gz.p);
	free(raw.p);
	close(fd);
}

/* Bad input: one clear error, the first one kept, nothing crashes. */
static void expect_error(void (*fill)(struct initramfs *), const char *want)
{
	char err[512];
	int fd = memfd();
	struct initramfs *ir = initramfs_open(fd, true);

	fill(ir);
	TU_EQ_INT(initramfs_close(ir, err, sizeof(err)), -1);
	if (!strstr(err, want))
		tu_fail(__FILE__, __LINE__, "error \"%s\" lacks \"%s\"", err, want);
	close(fd);
}

static void dup_file(struct initramfs *ir)
{
	initramfs_add_file(ir, "/a", "x", 1, 0644);
	initramfs_add_file(ir, "a", "y", 1, 0644);
	initramfs_add_file(ir, "/b/../c", "y", 1, 0644); /* after the first error: ignored */
}
static void dotdot(struct initramfs *ir)
{
	initramfs_add_file(ir, "/b/../c", "y", 1, 0644);
}
static void root(struct initramfs *ir)
{
	initramfs_add_dir(ir, "//", 0755);
}
static void not_dir(struct initramfs *ir)
{
	initramfs_add_file(ir, "/a", "x", 1, 0644);
	initramfs_add_file(ir, "/a/b", "y", 1, 0644);
}
static void missing_host(struct initramfs *ir)
{
	initramfs_add_file_from(ir, "/x", "/nonexistent/file", 0);
}
static void host_dir(struct initramfs *ir)
{
	initramfs_add_file_from(ir, "/x", "/etc", 0);
}
static void bad_node(struct initramfs *ir)
{
	initramfs_add_node(ir, "/dev/x", S_IFREG | 0600, 1, 1);
}
static void empty_link(struct initramfs *ir)
{
	initramfs_add_symlink(ir, "/l", "");
}
static void not_elf(struct initramfs *ir)
{
	initramfs_add_binary(ir, "/bin/x", "/etc/passwd");
}

TU_TEST(initramfs_errors)
{
	expect_error(dup_file, "initramfs: 'a' added twice");
	expect_error(dotdot, "initramfs path '/b/../c' has a '.' or '..' part");
	expect_error(root, "names the root");
	expect_error(not_dir, "initramfs: 'a/b' needs 'a' to be a directory");
	expect_error(missing_host, "cannot open /nonexistent/file: No such file or directory");
	expect_error(host_dir, "/etc is not a regular file");
	expect_error(bad_node, "is not a device");
	expect_error(empty_link, "empty target");
	expect_error(not_elf, "/etc/passwd: not an ELF file");
}

TU_TEST(initramfs_dir_twice_and_has)
{
	char err[64];
	int fd = memfd();
	struct initramfs *ir = initramfs_open(fd, true);

	TU_EQ_INT(initramfs_add_file(ir, "/usr/lib/x", "x", 1, 0644), 0);
	TU_EQ_INT(initramfs_add_dir(ir, "/usr/lib", 0700), 0); /* exists as a parent: fine */
	TU_CHECK(initramfs_has(ir, "usr//lib/x"));
	TU_CHECK(initramfs_has(ir, "/usr"));
	TU_CHECK(!initramfs_has(ir, "/usr/li"));
	TU_CHECK(!initramfs_has(ir, "/../usr"));
	/* two binaries sharing libc: the second adds only what is new */
	TU_EQ_INT(initramfs_add_binary(ir, "/bin/ls", "/usr/bin/ls"), 0);
	TU_EQ_INT(initramfs_add_binary(ir, "/bin/cat", "/usr/bin/cat"), 0);
	TU_EQ_INT(initramfs_close(ir, err, sizeof(err)), 0);
	close(fd);
}

/* A write error (closed fd) is reported, not lost. */
TU_TEST(initramfs_write_error)
{
	char err[256], big[200000];
	int fds[2];
	struct initramfs *ir;

	TU_EQ_INT(pipe(fds), 0);
	close(fds[0]);
	ir = initramfs_open(fds[1], true);
	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = (char)(i * 2654435761u >> 13); /* poorly compressible */
	signal(SIGPIPE, SIG_IGN);
	initramfs_add_file(ir, "/big", big, sizeof(big), 0644);
	TU_EQ_INT(initramfs_close(ir, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "writing the initramfs: Broken pipe") != NULL);
	signal(SIGPIPE, SIG_DFL);
	close(fds[1]);
}

/* A host tree as it is: files, a nested directory, a symlink kept as a
 * link, an executable that brings its loader and libraries; a plain file
 * with the ELF magic but no exec bit is copied only. */
TU_TEST(initramfs_tree_as_on_the_host)
{
	char dir[512], p[600], err[256] = "";
	int fd = memfd(), n, lfd;
	struct initramfs *ir = initramfs_open(fd, false);
	struct blob raw, ls;
	struct entry e[128];
	const struct entry *x;

	snprintf(dir, sizeof(dir), "%s/tree", tu_tmpdir());
	snprintf(p, sizeof(p), "%s/sub", dir);
	TU_EQ_INT(mkdir(dir, 0755) || mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/sub/f", dir);
	TU_EQ_INT(fs_write_file(p, "nested\n", 7), 0);
	snprintf(p, sizeof(p), "%s/link", dir);
	TU_EQ_INT(symlink("sub/f", p), 0);
	snprintf(p, sizeof(p), "%s/ls", dir);
	lfd = open("/usr/bin/ls", O_RDONLY);
	ls = read_fd(lfd); /* a copy: a hard link would share the system file's mode */
	close(lfd);
	TU_EQ_INT(fs_write_file(p, ls.p, ls.len) || chmod(p, 0755), 0);
	free(ls.p);
	snprintf(p, sizeof(p), "%s/data.so", dir);
	TU_EQ_INT(fs_write_file(p, "\177ELF not really", 16), 0); /* 0644: data, not run */
	TU_EQ_INT(initramfs_add_tree(ir, "/include/tree", dir), 0);
	TU_EQ_INT(initramfs_close(ir, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	raw = read_fd(fd);
	n = parse_newc(raw, e, 128);
	x = find(e, n, "include/tree/sub");
	TU_CHECK(x && x->mode == (S_IFDIR | 0700));
	x = find(e, n, "include/tree/sub/f");
	TU_CHECK(x && x->size == 7 && !memcmp(x->data, "nested\n", 7));
	x = find(e, n, "include/tree/link");
	TU_CHECK(x && S_ISLNK(x->mode) && x->size == 5 && !memcmp(x->data, "sub/f", 5));
	x = find(e, n, "include/tree/ls");
	TU_CHECK(x && x->mode == (S_IFREG | 0755));
	TU_CHECK(find(e, n, "lib64/ld-linux-x86-64.so.2") != NULL);
	x = NULL;
	for (int i = 0; i < n; i++)
		if (strstr(e[i].name, "/libselinux.so.1"))
			x = &e[i];
	TU_CHECK(x != NULL); /* ls's own library came along */
	x = find(e, n, "include/tree/data.so");
	TU_CHECK(x && x->mode == (S_IFREG | 0644) && x->size == 16);
	free(raw.p);
	close(fd);
	/* what a tree cannot hold: one line naming it */
	fd = memfd();
	ir = initramfs_open(fd, false);
	initramfs_add_tree(ir, "/include/none", "/nonexistent/tree");
	TU_EQ_INT(initramfs_close(ir, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "/nonexistent/tree: No such file") != NULL);
	close(fd);
	fd = memfd();
	ir = initramfs_open(fd, false);
	initramfs_add_tree(ir, "/include/null", "/dev/null");
	TU_EQ_INT(initramfs_close(ir, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not a regular file, directory or symlink") != NULL);
	close(fd);
}
