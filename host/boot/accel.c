#include "host/boot/accel.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "host/boot/boot.h"
#include "host/util/fs.h"
#include "host/kernel/kernel_cache.h"
#include "host/util/sig.h"
#include "vmm/kvm.h"
#include "host/util/cache.h"

static const char *const want_names[] = { "auto", "own", "kvm", "tcg" };
static const enum vm_want want_values[] = { VM_AUTO, VM_KVM_OWN, VM_QEMU_KVM, VM_QEMU_TCG };

int accel_parse(const char *s, enum vm_want *out)
{
	for (size_t i = 0; i < sizeof(want_names) / sizeof(want_names[0]); i++)
		if (!strcmp(s, want_names[i])) {
			*out = want_values[i];
			return 0;
		}
	return -1;
}

static void set(struct vm_choice *c, enum vm_want w)
{
	c->backend = w == VM_KVM_OWN ? &vmm_kvm : &vmm_qemu;
	c->accel = w == VM_QEMU_TCG ? VMM_ACCEL_TCG : VMM_ACCEL_KVM;
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

/* The answer holds for this kernel image, host kernel and QEMU binary. */
static int probe_cache_path(const char *kernel, char *path, size_t len)
{
	struct utsname u;
	struct stat k, q = { 0 };
	char dir[4096], err[128], id[512];
	int n;

	if (stat(kernel, &k) || uname(&u) || cache_root(dir, sizeof(dir), 0, err, sizeof(err)))
		return -1;
	stat("/usr/bin/qemu-system-x86_64", &q);
	n = snprintf(id, sizeof(id), "%lld %lld %s %lld", (long long)k.st_size, (long long)k.st_mtime,
		     u.release, (long long)q.st_mtime);
	snprintf(path, len, "%s/probe/vm-%016llx", dir, (unsigned long long)cache_fnv1a(id, (size_t)n));
	return 0;
}

/* Cache file: one line "<want> <why>". */
static int read_cached(const char *path, enum vm_want *w, char *why, size_t len)
{
	char buf[1200] = "", *sp;
	FILE *f = fopen(path, "r");

	if (!f)
		return -1;
	if (!fgets(buf, sizeof(buf), f)) {
		fclose(f);
		return -1;
	}
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	sp = strchr(buf, ' ');
	if (sp)
		*sp++ = '\0';
	if (accel_parse(buf, w) || *w == VM_AUTO)
		return -1;
	snprintf(why, len, "%s", sp ? sp : "");
	return 0;
}

static void write_cached(const char *path, enum vm_want w, const char *why)
{
	char text[4200];

	snprintf(text, sizeof(text), "%s %s\n", want_names[w], why);
	cache_write(path, text, "the VM probe's answer");
}

/* Boot the kernel with a guest that only says hello. 1 if it did. */
static int boot_hello(const struct vm_choice *c, const char *kernel, char *why, size_t len)
{
	struct topo t;
	char err[128];
	struct boot_opts o = { .kernel = kernel,
			       .topo = &t,
			       .mem_mib = 256,
			       .backend = c->backend,
			       .accel = c->accel,
			       .mode = "probe",
			       .timeout_s = 30 };
	struct boot_result r;
	int ok;

	topo_parse("1n1l1c1t", &t, err, sizeof(err));
	ok = boot_run(&o, NULL, NULL, &r) == BOOT_OK;
	if (!ok)
		snprintf(why, len, "%s: %s", boot_outcome_name(r.outcome), r.detail);
	boot_result_free(&r);
	return ok;
}

/* The three steps of accel.h, each a real boot. */
static enum vm_want probe(const char *kernel, char *why, size_t len)
{
	char own[600] = "", qkvm[400] = "";
	struct vm_choice c;
	enum kvm_probe_res kp = kvm_probe(own, sizeof(own));

	if (kp == KVM_PROBE_OK) {
		set(&c, VM_KVM_OWN);
		if (boot_hello(&c, kernel, own, sizeof(own)))
			return VM_KVM_OWN;
	}
	if (sig_caught)
		return VM_AUTO;
	/* QEMU runs the kernel on the same KVM: its emulator would fail it too,
	 * after a 30 s timeout, so the tiny guest's second is the whole probe */
	if (kp == KVM_PROBE_HOST) {
		snprintf(why, len,
			 "this KVM cannot run a kernel (%s), so neither our VMM nor QEMU can use it", own);
		return VM_QEMU_TCG;
	}
	set(&c, VM_QEMU_KVM);
	if (boot_hello(&c, kernel, qkvm, sizeof(qkvm))) {
		snprintf(why, len, "our kvm VMM cannot run a kernel here: %s", own);
		return VM_QEMU_KVM;
	}
	snprintf(why, len, "our kvm VMM cannot run a kernel here (%s); QEMU with KVM could not boot it (%s)",
		 own, qkvm);
	return sig_caught ? VM_AUTO : VM_QEMU_TCG;
}

static const char *describe(enum vm_want w)
{
	return w == VM_KVM_OWN	  ? "kvm backend (our VMM)"
	       : w == VM_QEMU_KVM ? "qemu with KVM"
				  : "qemu with TCG, software emulation";
}

int accel_resolve(enum vm_want want, const char *kernel, struct vm_choice *out, char *note, size_t len)
{
	const char *env = getenv("KTSRUN_ACCEL");
	char why[1200] = "", path[4200];
	int cached = 0;

	if (want == VM_AUTO && env && accel_parse(env, &want)) {
		snprintf(note, len, "KTSRUN_ACCEL='%s' is not one of auto, own, kvm, tcg", env);
		return -1;
	}
	if (want != VM_AUTO && want != VM_QEMU_TCG && !kvm_openable(why, sizeof(why))) {
		snprintf(note, len, "%s requested but %s; use --accel tcg", describe(want), why);
		return -1;
	}
	if (want != VM_AUTO) {
		set(out, want);
		snprintf(note, len, "vm: %s (requested)", describe(want));
		return 0;
	}
	if (!kvm_openable(why, sizeof(why))) {
		set(out, VM_QEMU_TCG);
		snprintf(note, len, "vm: %s (%s); timings are dilated", describe(VM_QEMU_TCG), why);
		return 0;
	}
	if (probe_cache_path(kernel, path, sizeof(path)) == 0 &&
	    read_cached(path, &want, why, sizeof(why)) == 0) {
		cached = 1;
	} else {
		want = probe(kernel, why, sizeof(why));
		if (want == VM_AUTO) {
			snprintf(note, len, "interrupted while probing KVM");
			return -1;
		}
		write_cached(path, want, why);
	}
	set(out, want);
	snprintf(note, len, "vm: %s%s%s%s%s", describe(want), why[0] ? ", because " : "", why,
		 want == VM_QEMU_TCG ? "; timings are dilated" : "",
		 cached ? " (cached probe; --accel chooses another way)" : "");
	return 0;
}

enum vm_want accel_peek(enum vm_want want, const char *kernel, char *note, size_t len)
{
	const char *env = getenv("KTSRUN_ACCEL");
	char why[1200] = "", path[4200];

	if (want == VM_AUTO && env && accel_parse(env, &want) == 0 && want != VM_AUTO) {
		snprintf(note, len, "%s (KTSRUN_ACCEL)", describe(want));
		return want;
	}
	if (want != VM_AUTO) {
		snprintf(note, len, "%s (requested)", describe(want));
		return want;
	}
	if (!kvm_openable(why, sizeof(why))) {
		snprintf(note, len, "%s (%s)", describe(VM_QEMU_TCG), why);
		return VM_QEMU_TCG;
	}
	if (probe_cache_path(kernel, path, sizeof(path)) == 0 &&
	    read_cached(path, &want, why, sizeof(why)) == 0) {
		snprintf(note, len, "%s (cached probe)", describe(want));
		return want;
	}
	snprintf(note, len, "%s (assumed: this kernel was not probed yet; --accel says)",
		 describe(VM_QEMU_TCG));
	return VM_QEMU_TCG;
}
