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

/* Run check n; 1 if it passed, else 0 with why. */
static int probe_one(const char *path, unsigned n, char *why, size_t len)
{
	static const struct topo one = { .spec = "1n1l1c1t", .nodes = 1, .llcs = 1, .cores = 1,
					 .threads = 1, .distance = { { 10 } } };
	struct vmm_config cfg = { .kernel = path, .initrd_fd = -1, .topo = &one, .mem_mib = 32,
				  .accel = VMM_ACCEL_KVM };
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
		return 0;
	}
	tg_report_init(&r);
	for (int t = 0; t < 200 && !gone; t++) { /* 10 s */
		gone = vm->ops->wait(vm, 50, &ex);
		while ((got = vm->ops->read(vm, VMM_COM2, buf, sizeof(buf))) > 0)
			tg_report_feed(&r, buf, (size_t)got);
	}
	vm->ops->destroy(vm);
	if (r.probe_seen && r.probe.insn == n && r.probe.ok)
		return 1;
	if (r.probe_seen)
		snprintf(why, len, "%s gives a wrong result under this KVM", insn_name[n]);
	else if (gone && strstr(ex.detail, "emulation failed"))
		snprintf(why, len, "%s does not run under this KVM (its instruction emulator fails: KVM internal error 1)",
			 insn_name[n]);
	else if (gone)
		snprintf(why, len, "%s does not run under this KVM: %s", insn_name[n], ex.detail);
	else
		snprintf(why, len, "%s: the test guest did not finish in 10 s", insn_name[n]);
	return 0;
}

int kvm_probe(char *why, size_t len)
{
	char path[64], one[256];
	int fd, ok = 1;
	size_t used = 0;

	if (access("/dev/kvm", R_OK | W_OK)) {
		snprintf(why, len, "no usable /dev/kvm");
		return 0;
	}
	fd = kvm_tinyguest_path(path, sizeof(path));
	if (fd < 0) {
		snprintf(why, len, "cannot write the test guest to a memfd");
		return 0;
	}
	why[0] = 0;
	for (unsigned n = 0; n < TG_PROBE_COUNT; n++) {
		if (probe_one(path, n, one, sizeof(one)))
			continue;
		if (n == TG_PROBE_NONE) { /* nothing else can run either */
			snprintf(why, len, "%s", one);
			ok = 0;
			break;
		}
		if (used < len)
			used += (size_t)snprintf(why + used, len - used, "%s%s", ok ? "" : "; ", one);
		ok = 0;
	}
	close(fd);
	if (ok)
		snprintf(why, len, "a test guest ran %u kernel instruction checks correctly under KVM",
			 TG_PROBE_COUNT - 1);
	return ok;
}
