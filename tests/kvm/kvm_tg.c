/* Boot the tiny guest through the kvm backend and check its report.
 *
 *   kvm-tg [--topo SPEC] [--mem MIB] [--t0 NS] [--quiet]
 *   kvm-tg --echo TEXT          write TEXT and a newline into COM2 after HELLO
 *                               (vmm write op, the UART's receive path); the
 *                               guest sends it back
 *   kvm-tg --probe
 *
 * Prints one line per CPU, then "ok ..." and exits 0, or "FAIL: why" and
 * exits 1; exits 77 when /dev/kvm cannot be used at all. The first-byte
 * time is from --t0 (CLOCK_REALTIME ns taken before exec) or main(). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmm/kvm.h"
#include "vmm/kvm_tgcheck.h"

static uint64_t now_ns(clockid_t c)
{
	struct timespec ts;

	clock_gettime(c, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static struct tg_report rep;

int main(int argc, char **argv)
{
	uint64_t t0_real = now_ns(CLOCK_REALTIME), t0_mono = now_ns(CLOCK_MONOTONIC), pre = 0;
	const char *spec = "1n1l1c1t", *echo = NULL;
	size_t echo_sent = 0, echo_len = 0;
	char line[TG_ECHO_MAX + 2];
	unsigned mem = 128;
	int quiet = 0, gone = 0;
	struct topo t;
	struct vmm_config cfg = { .initrd_fd = -1, .cmdline = "", .accel = VMM_ACCEL_KVM };
	struct vmm_exit ex = { 0 };
	struct vmm *vm;
	char err[256], path[64], why[1024];
	uint8_t buf[4096];
	ssize_t n;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--topo") && i + 1 < argc)
			spec = argv[++i];
		else if (!strcmp(argv[i], "--mem") && i + 1 < argc)
			mem = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--t0") && i + 1 < argc)
			pre = t0_real - strtoull(argv[++i], NULL, 10);
		else if (!strcmp(argv[i], "--echo") && i + 1 < argc && strlen(argv[i + 1]) <= TG_ECHO_MAX)
			echo = argv[++i];
		else if (!strcmp(argv[i], "--quiet"))
			quiet = 1;
		else if (!strcmp(argv[i], "--stall-aps") && i + 1 < argc)
			cfg.ap_stall_ms = (unsigned)atoi(argv[++i]);
		else if (!strcmp(argv[i], "--probe")) {
			int ok = kvm_probe(why, sizeof(why)) == KVM_PROBE_OK;

			printf("kvm probe: %s: %s\n", ok ? "usable" : "not usable", why);
			return ok ? 0 : 1;
		} else {
			fprintf(stderr, "usage: kvm-tg [--topo SPEC] [--mem MIB] [--t0 NS] [--quiet] "
					"[--stall-aps MS] [--echo TEXT] | --probe\n");
			return 2;
		}
	}
	if (access("/dev/kvm", R_OK | W_OK)) {
		printf("SKIP: no usable /dev/kvm\n");
		return 77;
	}
	if (topo_parse(spec, &t, err, sizeof(err))) {
		fprintf(stderr, "kvm-tg: %s\n", err);
		return 2;
	}
	if (kvm_tinyguest_path(path, sizeof(path)) < 0) {
		perror("kvm-tg: memfd");
		return 2;
	}
	cfg.kernel = path;
	if (echo) {
		cfg.cmdline = "echo";
		echo_len = (size_t)snprintf(line, sizeof(line), "%s\n", echo);
	}
	cfg.topo = &t;
	cfg.mem_mib = mem;
	if (vmm_kvm.create(&cfg, &vm, err, sizeof(err))) {
		printf("FAIL: create: %s\n", err);
		return 1;
	}
	tg_report_init(&rep);
	for (int i = 0; i < 2400 && !gone; i++) { /* 120 s: the guest gives up on APs after 20-80 s */
		gone = vm->ops->wait(vm, 50, &ex);
		while ((n = vm->ops->read(vm, VMM_COM2, buf, sizeof(buf))) > 0)
			tg_report_feed(&rep, buf, (size_t)n);
		/* a few bytes at a time would do too: write takes what fits */
		if (echo && rep.hello && echo_sent < echo_len && !gone) {
			n = vm->ops->write(vm, VMM_COM2, line + echo_sent, echo_len - echo_sent);
			if (n > 0)
				echo_sent += (size_t)n;
		}
	}
	if (!gone) {
		vm->ops->kill(vm);
		vm->ops->wait(vm, 5000, &ex);
	}
	if (kvm_first_byte_ns(vm, VMM_COM2))
		printf("first COM2 byte: %.3f ms after main (%.3f ms after --t0)\n",
		       (double)(kvm_first_byte_ns(vm, VMM_COM2) - t0_mono) / 1e6,
		       (double)(kvm_first_byte_ns(vm, VMM_COM2) - t0_mono + pre) / 1e6);
	if (getenv("KVM_TG_COM1")) {
		while ((n = vm->ops->read(vm, VMM_COM1, buf, sizeof(buf))) > 0)
			fwrite(buf, 1, (size_t)n, stdout);
		printf("\n");
	}
	vm->ops->destroy(vm);
	for (unsigned i = 0; i < rep.ncpu && !quiet; i++) {
		struct tg_decoded d;

		if (tg_decode(rep.cpu[i].leaf, rep.cpu[i].nleaves, &d, why, sizeof(why)) == 0)
			printf("cpu report %u: lapic %u x2apic %u smt_shift %u core_shift %u pkg_shift %u "
			       "llc_shift %u\n",
			       i, rep.cpu[i].lapic_id, d.apic, d.smt_shift, d.core_shift, d.pkg_shift,
			       d.llc_shift);
	}
	printf("vm exit: %s\n", ex.detail);
	if (ex.state != VMM_EXITED) {
		printf("FAIL: the guest did not power off: %s\n", ex.detail);
		return 1;
	}
	if (echo) {
		if (!rep.echo_seen || rep.echo_len != strlen(echo) || memcmp(rep.echo, echo, rep.echo_len)) {
			printf("FAIL: wrote '%s' into COM2, the guest read back '%.*s'%s\n", echo,
			       (int)rep.echo_len, (const char *)rep.echo, rep.echo_seen ? "" : " (nothing)");
			return 1;
		}
		printf("ok echo: the guest read '%s' from COM2 (%zu bytes written)\n", echo, echo_sent);
		return 0;
	}
	if (tg_report_check(&rep, &t, why, sizeof(why))) {
		printf("FAIL: %s: %s\n", t.spec, why);
		return 1;
	}
	printf("ok %s: %u CPUs reported APIC IDs and CPUID topology as declared\n", t.spec, rep.ncpu);
	return 0;
}
