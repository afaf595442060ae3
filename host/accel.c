#include "host/accel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "host/boot.h"
#include "host/fsutil.h"
#include "host/kcache.h"

int accel_parse(const char *s, enum vmm_accel *out)
{
	if (!strcmp(s, "auto"))
		*out = VMM_ACCEL_AUTO;
	else if (!strcmp(s, "kvm"))
		*out = VMM_ACCEL_KVM;
	else if (!strcmp(s, "tcg"))
		*out = VMM_ACCEL_TCG;
	else
		return -1;
	return 0;
}

static int kvm_openable(char *why, size_t len)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		snprintf(why, len, "/dev/kvm: %s", strerror(errno));
		return 0;
	}
	close(fd);
	return 1;
}

/* The probe's answer holds for this kernel image, host kernel and QEMU. */
static int probe_cache_path(const char *kernel, char *path, size_t len)
{
	struct utsname u;
	struct stat k, q = { 0 };
	char dir[4096], err[128], id[512];
	int n;

	if (stat(kernel, &k) || uname(&u) || kcache_root(dir, sizeof(dir), 0, err, sizeof(err)))
		return -1;
	stat("/usr/bin/qemu-system-x86_64", &q);
	n = snprintf(id, sizeof(id), "%lld %lld %s %lld", (long long)k.st_size, (long long)k.st_mtime,
		     u.release, (long long)q.st_mtime);
	snprintf(path, len, "%s/probe/accel-%016llx", dir,
		 (unsigned long long)kcache_fnv1a(id, (size_t)n));
	return 0;
}

static int read_cached(const char *path, enum vmm_accel *out, char *why, size_t len)
{
	char buf[300] = "";
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	if (!strncmp(buf, "kvm", 3)) {
		*out = VMM_ACCEL_KVM;
		why[0] = '\0';
	} else if (!strncmp(buf, "tcg ", 4)) {
		*out = VMM_ACCEL_TCG;
		snprintf(why, len, "%s", buf + 4);
	} else {
		return -1;
	}
	return 0;
}

static void write_cached(const char *path, enum vmm_accel a, const char *why)
{
	char tmp[4200];
	FILE *f;

	snprintf(tmp, sizeof(tmp), "%s", path);
	*strrchr(tmp, '/') = '\0';
	if (fs_mkdirs(tmp))
		return;
	snprintf(tmp, sizeof(tmp), "%s.%d", path, (int)getpid());
	f = fopen(tmp, "w");
	if (!f)
		return;
	fprintf(f, "%s%s\n", a == VMM_ACCEL_KVM ? "kvm" : "tcg ", a == VMM_ACCEL_KVM ? "" : why);
	if (fclose(f) || rename(tmp, path))
		unlink(tmp);
}

/* Boot the kernel under KVM with a guest that only says hello. */
static enum vmm_accel probe(const char *kernel, char *why, size_t len)
{
	struct topo t;
	char err[128];
	struct boot_opts o = { .kernel = kernel, .topo = &t, .mem_mib = 256, .accel = VMM_ACCEL_KVM,
			       .mode = "probe", .timeout_s = 30 };
	struct boot_result r;
	enum vmm_accel a;

	topo_parse("1n1l1c1t", &t, err, sizeof(err));
	a = boot_run(&o, NULL, NULL, &r) == BOOT_OK ? VMM_ACCEL_KVM : VMM_ACCEL_TCG;
	if (a == VMM_ACCEL_TCG)
		snprintf(why, len, "KVM is present but could not boot this kernel (%s: %s)",
			 boot_outcome_name(r.outcome), r.detail);
	boot_result_free(&r);
	return r.outcome == BOOT_INTERRUPTED ? VMM_ACCEL_AUTO : a;
}

int accel_resolve(enum vmm_accel want, const char *kernel, enum vmm_accel *out, char *note, size_t len)
{
	const char *env = getenv("KTSRUN_ACCEL");
	char why[300] = "", path[4200];
	int cached = 0;

	if (want == VMM_ACCEL_AUTO && env && accel_parse(env, &want)) {
		snprintf(note, len, "KTSRUN_ACCEL='%s' is not one of auto, kvm, tcg", env);
		return -1;
	}
	if (want == VMM_ACCEL_TCG) {
		*out = VMM_ACCEL_TCG;
		snprintf(note, len, "accel: tcg (requested)");
		return 0;
	}
	if (!kvm_openable(why, sizeof(why))) {
		if (want == VMM_ACCEL_KVM) {
			snprintf(note, len, "KVM requested but %s; use --accel tcg", why);
			return -1;
		}
		*out = VMM_ACCEL_TCG;
		snprintf(note, len, "accel: tcg, software emulation (%s)", why);
		return 0;
	}
	if (want == VMM_ACCEL_KVM) {
		*out = VMM_ACCEL_KVM;
		snprintf(note, len, "accel: kvm (requested)");
		return 0;
	}
	if (probe_cache_path(kernel, path, sizeof(path)) == 0 && read_cached(path, out, why, sizeof(why)) == 0)
		cached = 1;
	else if ((*out = probe(kernel, why, sizeof(why))) == VMM_ACCEL_AUTO) {
		snprintf(note, len, "interrupted while probing KVM");
		return -1;
	} else
		write_cached(path, *out, why);
	if (*out == VMM_ACCEL_KVM)
		snprintf(note, len, "accel: kvm (probe booted this kernel under KVM%s)", cached ? ", cached" : "");
	else
		snprintf(note, len, "accel: tcg, software emulation: %s%s; timings are dilated", why,
			 cached ? " (cached probe; --accel kvm forces KVM)" : "");
	return 0;
}
