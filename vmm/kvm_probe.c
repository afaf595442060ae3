/* Can this host's KVM run a kernel? Boot the tiny guest once per check in
 * tg.h's list (a bare 64-bit guest, then each instruction a kernel needs)
 * and require every one to report success. On nested "PVM" KVM, guest
 * kernel code runs through KVM's instruction emulator, which lacks some of
 * these: the guest then stops with a KVM internal error, and we say which
 * instruction it was. */
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "vmm/kvm.h"
#include "vmm/kvm_tgcheck.h"

extern const unsigned char kvm_tinyguest[];
extern const size_t kvm_tinyguest_len;

static const char *const insn_name[TG_PROBE_COUNT] = {
	"a 64-bit guest", "cmpxchg16b", "xsetbv/xsave/xrstor", "BMI2 (shlx)", "popcnt", "lzcnt",
};

int kvm_tinyguest_path(char *path, size_t len)
{
	int fd = memfd_create("ktsrun-tinyguest", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (write(fd, kvm_tinyguest, kvm_tinyguest_len) != (ssize_t)kvm_tinyguest_len) {
		close(fd);
		return -1;
	}
	snprintf(path, len, "/proc/self/fd/%d", fd);
	return fd;
}

enum probe_res { PROBE_OK, PROBE_EMULATOR, PROBE_WRONG, PROBE_OTHER };

/* Run check n; PROBE_OTHER comes with why. */
static enum probe_res probe_one(const char *path, unsigned n, char *why, size_t len)
{
	static const struct topo one = {
		.spec = "1n1l1c1t", .nodes = 1, .llcs = 1, .cores = 1, .threads = 1, .distance = { { 10 } }
	};
	struct vmm_config cfg = {
		.kernel = path, .initrd_fd = -1, .topo = &one, .mem_mib = 32, .accel = VMM_ACCEL_KVM
	};
	static struct tg_report r;
	struct vmm_exit ex = { 0 };
	struct vmm *vm;
	char cmd[32], err[256];
	uint8_t buf[512];
	ssize_t got;
	int gone = 0;

	snprintf(cmd, sizeof(cmd), "probe=%u", n);
	cfg.cmdline = cmd;
	if (vmm_kvm.create(&cfg, &vm, err, sizeof(err))) {
		snprintf(why, len, "kvm backend cannot start a VM: %s", err);
		return PROBE_OTHER;
	}
	tg_report_init(&r);
	for (int t = 0; t < 200 && !gone; t++) { /* 10 s */
		gone = vm->ops->wait(vm, 50, &ex);
		while ((got = vm->ops->read(vm, VMM_COM2, buf, sizeof(buf))) > 0)
			tg_report_feed(&r, buf, (size_t)got);
	}
	vm->ops->destroy(vm);
	if (r.probe_seen && r.probe.insn == n && r.probe.ok)
		return PROBE_OK;
	if (r.probe_seen)
		return PROBE_WRONG;
	if (gone && strstr(ex.detail, "emulation failed"))
		return PROBE_EMULATOR;
	if (gone)
		snprintf(why, len, "%s does not run under this KVM: %s", insn_name[n], ex.detail);
	else
		snprintf(why, len, "%s: the test guest did not finish in 10 s", insn_name[n]);
	return PROBE_OTHER;
}

/* Append ", name" (or the first name after a heading) to a list. */
static void list_add(char *list, size_t len, const char *head, const char *name)
{
	size_t used = strlen(list);

	if (used < len)
		snprintf(list + used, len - used, "%s%s", used ? ", " : head, name);
}

enum kvm_probe_res kvm_probe(char *why, size_t len)
{
	char path[64], one[256], emul[256] = "", wrong[256] = "", other[512] = "";
	int fd;

	if (access("/dev/kvm", R_OK | W_OK)) {
		snprintf(why, len, "no usable /dev/kvm");
		return KVM_PROBE_NO;
	}
	fd = kvm_tinyguest_path(path, sizeof(path));
	if (fd < 0) {
		snprintf(why, len, "cannot write the test guest to a memfd");
		return KVM_PROBE_NO;
	}
	for (unsigned n = 0; n < TG_PROBE_COUNT; n++) {
		enum probe_res res = probe_one(path, n, one, sizeof(one));

		if (res == PROBE_OK)
			continue;
		if (res == PROBE_EMULATOR)
			list_add(emul, sizeof(emul), "", insn_name[n]);
		else if (res == PROBE_WRONG)
			list_add(wrong, sizeof(wrong), "", insn_name[n]);
		else
			list_add(other, sizeof(other), "", one);
		if (n == TG_PROBE_NONE) /* nothing else can run either */
			break;
	}
	close(fd);
	if (!emul[0] && !wrong[0] && !other[0]) {
		snprintf(why, len, "a test guest ran %u kernel instruction checks correctly under KVM",
			 TG_PROBE_COUNT - 1);
		return KVM_PROBE_OK;
	}
	snprintf(why, len, "%s%s%s%s%s%s%s", emul[0] ? "KVM's instruction emulator fails on " : "", emul,
		 emul[0] && (wrong[0] || other[0]) ? "; " : "",
		 wrong[0] ? "wrong result under KVM from " : "", wrong, wrong[0] && other[0] ? "; " : "",
		 other);
	/* an emulation failure is KVM's, whoever drives it */
	return emul[0] ? KVM_PROBE_HOST : KVM_PROBE_NO;
}
