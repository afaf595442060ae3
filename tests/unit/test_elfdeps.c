/* elfdeps: DT_NEEDED walk, checked against ldd, and never a crash on
 * broken input. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/boot/elfdeps.h"
#include "tests/unit/tu.h"

static const char *guest_of(const struct elfdeps *d, const char *suffix)
{
	size_t sl = strlen(suffix);

	for (size_t i = 0; i < d->n; i++) {
		size_t gl = strlen(d->v[i].guest);
		if (gl >= sl && !strcmp(d->v[i].guest + gl - sl, suffix))
			return d->v[i].guest;
	}
	return NULL;
}

TU_TEST(elfdeps_ls)
{
	struct elfdeps d;
	char err[256] = "";

	TU_EQ_INT(elfdeps_find("/usr/bin/ls", "/bin/ls", &d, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	TU_EQ_STR(d.v[0].guest, "/lib64/ld-linux-x86-64.so.2"); /* PT_INTERP first */
	TU_EQ_STR(guest_of(&d, "/libc.so.6"), "/lib/x86_64-linux-gnu/libc.so.6");
	TU_CHECK(guest_of(&d, "/libselinux.so.1") != NULL);
	TU_CHECK(guest_of(&d, "/libpcre2-8.so.0") != NULL); /* needed by libselinux */
	for (size_t i = 0; i < d.n; i++) {
		struct stat st;
		TU_CHECK(d.v[i].host[0] == '/' && !lstat(d.v[i].host, &st) && S_ISREG(st.st_mode));
		for (size_t j = 0; j < i; j++)
			TU_CHECK(strcmp(d.v[i].guest, d.v[j].guest));
	}
	elfdeps_free(&d);
}

/* Independent check: every library ldd reports (bar the vDSO) is found. */
TU_TEST(elfdeps_matches_ldd)
{
	const char *bins[] = { "/usr/bin/ls", "/usr/bin/qemu-system-x86_64", "/usr/bin/cpio" };

	for (size_t b = 0; b < sizeof(bins) / sizeof(bins[0]); b++) {
		struct elfdeps d;
		char err[256], cmd[300], line[512], name[256];
		FILE *p;
		int seen = 0;

		if (access(bins[b], X_OK))
			continue; /* qemu only after make deps */
		TU_EQ_INT(elfdeps_find(bins[b], "/bin/x", &d, err, sizeof(err)), 0);
		snprintf(cmd, sizeof(cmd), "ldd %s", bins[b]);
		p = popen(cmd, "r");
		while (p && fgets(line, sizeof(line), p)) {
			if (sscanf(line, " %255s", name) != 1 || strstr(name, "linux-vdso"))
				continue;
			const char *base = strrchr(name, '/') ? strrchr(name, '/') : name - 1;
			char suffix[260];
			snprintf(suffix, sizeof(suffix), "/%s", base + 1);
			if (!guest_of(&d, suffix))
				tu_fail(__FILE__, __LINE__, "%s: ldd lists %s, elfdeps not", bins[b], name);
			seen++;
		}
		if (p)
			pclose(p);
		/* ld.so is both PT_INTERP and libc's DT_NEEDED: one more than ldd */
		TU_CHECK(seen >= 2 && (size_t)seen <= d.n);
		elfdeps_free(&d);
	}
}

TU_TEST(elfdeps_static_has_none)
{
	struct elfdeps d;
	char err[256];

	/* Debian's ldconfig is static-pie: PT_DYNAMIC but no DT_NEEDED */
	TU_EQ_INT(elfdeps_find("/sbin/ldconfig", "/sbin/ldconfig", &d, err, sizeof(err)), 0);
	TU_EQ_INT(d.n, 0);
	elfdeps_free(&d);
}

TU_TEST(elfdeps_errors)
{
	struct elfdeps d;
	char err[256];

	TU_EQ_INT(elfdeps_find("/etc/passwd", "/x", &d, err, sizeof(err)), -1);
	TU_EQ_STR(err, "/etc/passwd: not an ELF file");
	TU_EQ_INT(d.n, 0);
	TU_EQ_INT(elfdeps_find("/nonexistent", "/x", &d, err, sizeof(err)), -1);
	TU_EQ_STR(err, "cannot open /nonexistent: No such file or directory");
	TU_EQ_INT(elfdeps_find("/dev/null", "/x", &d, err, sizeof(err)), -1);
	TU_EQ_STR(err, "/dev/null: not an ELF file");
}

static size_t slurp(const char *path, unsigned char **out)
{
	int fd = open(path, O_RDONLY);
	struct stat st;

	*out = NULL;
	if (fd < 0 || fstat(fd, &st))
		return 0;
	*out = malloc((size_t)st.st_size);
	if (read(fd, *out, (size_t)st.st_size) != st.st_size)
		st.st_size = 0;
	close(fd);
	return (size_t)st.st_size;
}

static void spit(const char *path, const void *p, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0755);

	TU_EQ_INT(write(fd, p, n), n);
	close(fd);
}

TU_TEST(elfdeps_missing_library)
{
	unsigned char *img, *s;
	size_t n = slurp("/usr/bin/ls", &img);
	char path[256], err[512], want[512];
	struct elfdeps d;

	s = memmem(img, n, "libselinux.so.1", 16);
	TU_CHECK(s != NULL);
	if (!s)
		return;
	s[9] = 'y'; /* libselinuy.so.1: nowhere on this machine */
	snprintf(path, sizeof(path), "%s/ls-broken", tu_tmpdir());
	spit(path, img, n);
	TU_EQ_INT(elfdeps_find(path, "/bin/ls", &d, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "library libselinuy.so.1 not found (needed by %s)", path);
	TU_EQ_STR(err, want);
	free(img);
}

TU_TEST(elfdeps_truncated)
{
	unsigned char *img;
	size_t n = slurp("/usr/bin/ls", &img);
	size_t cuts[] = { 0, 1, 4, 16, 52, 63, 64, 100, 1000, 4096, n / 2, n - 100, n - 1 };
	char path[256], err[256];
	struct elfdeps d;

	snprintf(path, sizeof(path), "%s/ls-cut", tu_tmpdir());
	for (size_t i = 0; i < sizeof(cuts) / sizeof(cuts[0]); i++) {
		spit(path, img, cuts[i]);
		err[0] = '\0';
		if (elfdeps_find(path, "/bin/ls", &d, err, sizeof(err)) != -1)
			tu_fail(__FILE__, __LINE__, "ls cut at %zu bytes accepted", cuts[i]);
		TU_CHECK(err[0] != '\0');
	}
	free(img);
}

/* Random byte flips: any answer is fine except a crash (ASan watches). */
TU_TEST(elfdeps_fuzz_mutations)
{
	unsigned char *img, *m;
	size_t n = slurp("/usr/bin/ls", &img);
	char path[256], err[256];
	unsigned long long x = 0x9e3779b97f4a7c15ULL;
	int failed = 0;

	snprintf(path, sizeof(path), "%s/ls-fuzz", tu_tmpdir());
	m = malloc(n);
	for (int round = 0; round < 300; round++) {
		struct elfdeps d;

		memcpy(m, img, n);
		for (int k = 0; k < 1 + round % 16; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly the headers, where the parser makes decisions */
			size_t at = (k & 1) ? x % 4096 : x % n;
			m[at] = (unsigned char)(x >> 32);
		}
		spit(path, m, n);
		err[0] = '\0';
		if (elfdeps_find(path, "/bin/ls", &d, err, sizeof(err)) == 0)
			elfdeps_free(&d);
		else if (err[0])
			failed++;
		else
			tu_fail(__FILE__, __LINE__, "round %d failed without a message", round);
	}
	TU_CHECK(failed > 0); /* the mutations did reach the parser */
	free(m);
	free(img);
}

/* DT_RUNPATH with $ORIGIN maps to where the binary lives in the guest. */
TU_TEST(elfdeps_runpath_origin)
{
	char cmd[1024], bin[256], err[256];
	const char *t = tu_tmpdir();
	struct elfdeps d;

	snprintf(cmd, sizeof(cmd),
		 "mkdir -p %s/o/bin %s/o/lib && cd %s/o && "
		 "echo 'int f(void){return 1;}' > f.c && echo 'int f(void); int main(void){return f();}' > "
		 "m.c && "
		 "cc -shared -fPIC -o lib/libkts_f.so f.c && "
		 "cc -o bin/prog m.c -Llib -lkts_f -Wl,--enable-new-dtags,-rpath,'$ORIGIN/../lib'",
		 t, t, t);
	TU_EQ_INT(system(cmd), 0);
	snprintf(bin, sizeof(bin), "%s/o/bin/prog", t);
	TU_EQ_INT(elfdeps_find(bin, "/opt/x/bin/prog", &d, err, sizeof(err)), 0);
	TU_EQ_STR(guest_of(&d, "libkts_f.so"), "/opt/x/bin/../lib/libkts_f.so");
	TU_CHECK(guest_of(&d, "/libc.so.6") != NULL);
	elfdeps_free(&d);
	/* the same binary moved away from its library: named in the error */
	snprintf(cmd, sizeof(cmd), "mv %s/o/lib %s/o/lib.gone", t, t);
	TU_EQ_INT(system(cmd), 0);
	TU_EQ_INT(elfdeps_find(bin, "/opt/x/bin/prog", &d, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "library libkts_f.so not found (needed by ") == err);
}
