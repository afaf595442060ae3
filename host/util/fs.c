#include "host/util/fs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

int fs_join(char *out, size_t len, const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la + 1 + lb + 1 > len) {
		if (len)
			out[0] = '\0';
		return -1;
	}
	memcpy(out, a, la);
	out[la] = '/';
	memcpy(out + la + 1, b, lb + 1);
	return 0;
}

int fs_mkdirs(const char *path)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", path) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *s = buf + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*s = '/';
	}
	return mkdir(buf, 0755) && errno != EEXIST ? -1 : 0;
}

static int rm_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	/* keep going on errors: remove as much as possible */
	if (type == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

int fs_rm_rf(const char *path)
{
	struct stat st;

	if (lstat(path, &st))
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	nftw(path, rm_one, 64, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
	return lstat(path, &st) == 0 ? (errno = ENOTEMPTY, -1) : 0;
}

static int copy_fd(int in, int out)
{
	char buf[1 << 16];
	ssize_t n;

	while ((n = read(in, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (ssize_t done = 0; done < n;) {
			ssize_t w = write(out, buf + done, (size_t)(n - done));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0)
				return -1;
			done += w;
		}
	}
	return 0;
}

int fs_link_or_copy(const char *src, const char *dst)
{
	int in, out, rc, saved;

	if (link(src, dst) == 0)
		return 0;
	if (errno != EXDEV && errno != EPERM && errno != EMLINK)
		return -1;
	in = open(src, O_RDONLY | O_CLOEXEC);
	if (in < 0)
		return -1;
	out = open(dst, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	if (out < 0) {
		saved = errno;
		close(in);
		errno = saved;
		return -1;
	}
	rc = copy_fd(in, out);
	saved = errno;
	close(in);
	if (close(out))
		rc = -1;
	if (rc) {
		unlink(dst);
		errno = saved;
	}
	return rc;
}

int fs_write_file(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	const char *p = data;

	if (fd < 0)
		return -1;
	while (len > 0) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			close(fd);
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return close(fd);
}

static int write_all(int fd, const char *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : (errno = ENOSPC, -1);
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[PATH_MAX];
	const char *slash = strrchr(path, '/');
	mode_t mask;
	int fd, saved;

	if (snprintf(tmp, sizeof(tmp), "%.*s.%s.XXXXXX", slash ? (int)(slash - path + 1) : 0, path,
		     slash ? slash + 1 : path) >= (int)sizeof(tmp)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	if ((fd = mkostemp(tmp, O_CLOEXEC)) < 0)
		return -1;
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, 0666 & ~mask) || write_all(fd, data, len) || fsync(fd)) {
		saved = errno;
		close(fd);
		unlink(tmp);
		errno = saved;
		return -1;
	}
	if (close(fd) || rename(tmp, path)) {
		saved = errno;
		unlink(tmp);
		errno = saved;
		return -1;
	}
	return 0;
}

const char *fs_write_error(const char *path, int err, size_t need, const char *advice, char *buf, size_t len)
{
	char dir[PATH_MAX], space[PATH_MAX + 80] = "";
	const char *slash = strrchr(path, '/');
	bool full = err == ENOSPC || err == EDQUOT;
	struct statvfs v;

	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - path) + (slash == path) : 1,
		 slash ? path : ".");
	if (full && statvfs(dir, &v) == 0)
		snprintf(space, sizeof(space), " (it needs %zu KiB, %llu KiB are free in %s)",
			 (need + 1023) / 1024, (unsigned long long)v.f_bavail * v.f_frsize / 1024, dir);
	if (!advice)
		advice = full ? "free some space or write elsewhere"
			 : err == EROFS || err == EACCES || err == EPERM ? "write elsewhere"
									 : NULL;
	snprintf(buf, len, "cannot write %s: %s%s%s%s", path, strerror(err), space, advice ? "; " : "",
		 advice ? advice : "");
	return buf;
}

static unsigned long long du_total;

static int du_one(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	(void)path;
	(void)type;
	(void)ftw;
	du_total += (unsigned long long)st->st_blocks * 512;
	return 0;
}

unsigned long long fs_du(const char *path)
{
	du_total = 0;
	nftw(path, du_one, 32, FTW_PHYS | FTW_MOUNT);
	return du_total;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int fs_dir_files(const char *dir, const char *suffix, char **files, unsigned *n, unsigned max)
{
	size_t ls = strlen(suffix);
	unsigned first = *n;
	struct dirent *e;
	int rc = 0;
	DIR *d = opendir(dir);

	if (!d)
		return -1;
	while (!rc && (e = readdir(d))) {
		size_t len = strlen(e->d_name);

		if (len <= ls || strcmp(e->d_name + len - ls, suffix) || e->d_name[0] == '.')
			continue;
		if (*n == max)
			rc = 1;
		else if (asprintf(&files[*n], "%s/%s", dir, e->d_name) < 0)
			rc = -2;
		else
			(*n)++;
	}
	closedir(d);
	qsort(files + first, *n - first, sizeof(char *), by_name);
	return rc;
}

int fs_write_all(int fd, const void *p, size_t len)
{
	const char *b = p;

	while (len) {
		ssize_t n = write(fd, b, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}
