#include "host/boot/boot.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "host/boot/boot_console.h"
#include "host/boot/bootpath.h"
#include "host/boot/elfdeps.h"
#include "host/boot/host_tsc.h"
#include "host/util/exitcode.h"
#include "host/util/fs.h"
#include "host/boot/guest_initrd.h"
#include "host/util/log.h"
#include "host/util/sig.h"
#include "host/util/clock.h"
#include "lib/frame.h"
#include "lib/kv.h"
#include "lib/proto.h"

struct session {
	const struct boot_opts *o;
	struct boot_result *r;
	struct vmm *vm;
	boot_rec_fn fn;
	void *arg;
	struct frame_dec dec;
	struct boot_console con;
	struct timespec start, start_wall; /* VM start, monotonic and wall clock */
	unsigned long com2_bytes;
	bool done, error, watching, left;
	char guest_error[300];
};

const char *boot_outcome_name(enum boot_outcome oc)
{
	static const char *const names[] = {
		[BOOT_OK] = "ok",
		[BOOT_GUEST_ERROR] = "guest error",
		[BOOT_PANIC] = "guest kernel panic",
		[BOOT_NO_DONE] = "guest stopped without a result",
		[BOOT_TIMEOUT] = "timeout",
		[BOOT_VMM_ERROR] = "VM error",
		[BOOT_INTERRUPTED] = "interrupted",
		[BOOT_SETUP_ERROR] = "setup error",
	};

	return oc <= BOOT_SETUP_ERROR ? names[oc] : "?";
}

/* The guest put a nonce at a physical address: look for it in our mapping. */
static void check_memprobe(struct session *s, const uint8_t *payload, size_t len)
{
	const struct vmm_region *reg;
	unsigned long gpa;
	unsigned nreg;
	const char *hex, *why;
	struct kv kv;
	char seen[33];

	s->r->memprobe = -1;
	if (kv_parse(&kv, payload, len, &why) || kv_get_uint(&kv, "gpa", ~0ul, &gpa) ||
	    !(hex = kv_get(&kv, "nonce")) || strlen(hex) != 32)
		return;
	s->vm->ops->memory(s->vm, &reg, &nreg);
	for (unsigned i = 0; i < nreg; i++) {
		const uint64_t *p;

		if (gpa < reg[i].gpa || gpa + 16 > reg[i].gpa + reg[i].size)
			continue;
		p = (const uint64_t *)((const uint8_t *)reg[i].host + (gpa - reg[i].gpa));
		snprintf(seen, sizeof(seen), "%016llx%016llx", (unsigned long long)p[0],
			 (unsigned long long)p[1]);
		s->r->memprobe = strcmp(seen, hex) ? -1 : 1;
	}
}

static void on_error_record(struct session *s, const uint8_t *payload, size_t len)
{
	struct kv kv;
	const char *why, *msg;

	s->error = true;
	if (kv_parse(&kv, payload, len, &why) || !(msg = kv_get(&kv, "msg")))
		msg = "(unreadable error record)";
	snprintf(s->guest_error, sizeof(s->guest_error), "%s", msg);
}

/* A reply must answer a request of ours that is still open. */
static void check_reply(struct session *s, const uint8_t *payload, size_t len)
{
	char why[160];

	if (!s->o->link)
		snprintf(why, sizeof(why), "a reply, but no request was sent");
	else if (!boot_link_check_reply(s->o->link, payload, len, why, sizeof(why)))
		return;
	if (!s->r->bad_replies++)
		snprintf(s->r->first_bad_reply, sizeof(s->r->first_bad_reply), "%s", why);
}

static void on_frame(void *arg, uint16_t type, const uint8_t *payload, size_t len)
{
	struct session *s = arg;

	if (type == REC_HELLO && s->r->t_hello < 0)
		s->r->t_hello = clock_since(&s->start);
	if (type == REC_HELLO && s->o->watch && !s->watching) {
		s->watching = true;
		s->o->watch->start(s->o->watch->arg, s->vm);
	}
	if (type == REC_HELLO && s->o->link)
		boot_link_ready(s->o->link); /* PID 1 owns ttyS1 now: requests may go */
	if (type == REC_REPLY)
		check_reply(s, payload, len);
	if (type == REC_DONE)
		s->done = true;
	else if (type == REC_ERROR)
		on_error_record(s, payload, len);
	else if (type == REC_MEMPROBE)
		check_memprobe(s, payload, len);
	if (s->fn)
		s->fn(s->arg, type, payload, len);
}

static void pump_console(struct session *s)
{
	char buf[4096];
	ssize_t n;

	/* keep reading when memory is short: the guest must not block on us */
	while ((n = s->vm->ops->read(s->vm, VMM_COM1, buf, sizeof(buf))) > 0) {
		boot_console_add(&s->con, buf, (size_t)n);
		if (s->o->echo_console && fwrite(buf, 1, (size_t)n, stderr) != (size_t)n)
			break;
		if (s->o->console_fd > 0) /* a terminal gone: the VM still ends on the signal */
			fs_write_all(s->o->console_fd, buf, (size_t)n);
	}
}

static void pump_channel(struct session *s)
{
	uint8_t buf[8192];
	ssize_t n;

	while ((n = s->vm->ops->read(s->vm, VMM_COM2, buf, sizeof(buf))) > 0) {
		if (s->r->t_first_byte < 0)
			s->r->t_first_byte = clock_since(&s->start);
		s->com2_bytes += (unsigned long)n;
		frame_dec_feed(&s->dec, buf, (size_t)n, on_frame, s);
	}
}

/* Decide the outcome once the VM is gone. */
static void settle(struct session *s, const struct vmm_exit *ex)
{
	struct boot_result *r = s->r;
	const char *panic = r->console ? strstr(r->console, "Kernel panic - not syncing") : NULL;

	if (r->outcome != BOOT_OK)
		return; /* timeout or interruption already decided */
	if (s->error) {
		r->outcome = BOOT_GUEST_ERROR;
		snprintf(r->detail, sizeof(r->detail), "guest init failed: %s", s->guest_error);
	} else if (panic) {
		r->outcome = BOOT_PANIC;
		snprintf(r->detail, sizeof(r->detail), "%.*s", (int)strcspn(panic, "\r\n"), panic);
	} else if (ex->state == VMM_FAILED) {
		r->outcome = BOOT_VMM_ERROR;
		snprintf(r->detail, sizeof(r->detail), "%s", ex->detail);
	} else if (!s->done && !s->left) {
		r->outcome = BOOT_NO_DONE;
		snprintf(r->detail, sizeof(r->detail), "the VM ended (%s) before the guest reported a result",
			 ex->detail);
	}
}

static void collect(struct session *s)
{
	struct boot_result *r = s->r;

	pump_console(s);
	pump_channel(s);
	boot_console_finish(&s->con);
	r->console = s->con.text;
	r->console_len = s->con.len;
	r->console_total = s->con.total;
	r->console_dropped = s->con.dropped;
	r->frames = s->dec.frames;
	r->garbage_bytes = s->dec.garbage_bytes;
	r->bad_crc = s->dec.bad_crc;
	r->oversized = s->dec.oversized;
	r->truncated = frame_dec_pending(&s->dec);
}

/* no_timer_check: under emulation on a loaded host the IO-APIC timer check
 * can miss its ticks and panic ("IO-APIC + timer doesn't work").
 * rcutree.kthread_prio=1: RCU's grace-period kthread runs SCHED_FIFO, as
 * with RCU_BOOST, so a sched_ext scheduler being disabled cannot starve it
 * and hang the disable path's RCU waits (doc/schedulers.md).
 * loglevel=5: the console gets warnings and worse (panics, oopses, RCU
 * stalls, sched_ext errors, our init's lines), not the 200 lines of boot
 * chatter that each cost port I/O under emulation; --console gets it all.
 * tsc_early_khz: under TCG the guest's TSC is the host's (host_tsc.h). */
static unsigned tsc_khz(const struct boot_opts *o)
{
	return o->accel == VMM_ACCEL_TCG && !(o->bootpath & BOOTPATH_TSCCAL) ? host_tsc_khz() : 0;
}

/* Init trims, each turned back alone by KTSRUN_BOOT (doc/kernel.md, "Where
 * the guest kernel's boot goes"). tsc=reliable: under TCG every vCPU reads
 * the host's one TSC, so the sync test at each CPU's bring-up (2 ms, 20 ms
 * for a new package) and the clocksource watchdog (which, on a loaded
 * host, could switch the guest to the HPET, an emulated MMIO read per
 * clock read) check nothing. The blacklist: the BLAKE2s selftest, the BPF
 * selftests' dummy struct_ops, and the ACPI PM timer's clocksource, which
 * only a TSC watchdog would use; and, when the vmlinux shows every ftrace
 * record at a function's entry, the scan for weak functions' records,
 * which would find none (40 ms under TCG holding ftrace_lock while later
 * initcalls wait for it). nr_uarts=2: the VM has COM1 and COM2 only.
 * lapic_timer_khz (kconfig/ktsrun.patch): QEMU's TCG local APIC timer
 * counts at 1 GHz, one tick a nanosecond; told so, the kernel skips its
 * 100 ms calibration, which finds the same rate (1000036 ticks a jiffy).
 * None of them gives a topology fact. */
#define TCG_APIC_TIMER_KHZ 1000000u

static void trims(const struct boot_opts *o, char *buf, size_t len)
{
	size_t n = 0;

	buf[0] = '\0';
	if (o->accel == VMM_ACCEL_TCG && !(o->bootpath & BOOTPATH_TSCSYNC))
		n += (size_t)snprintf(buf + n, len - n, " tsc=reliable");
	if (!(o->bootpath & BOOTPATH_INITCALLS) && n < len)
		n += (size_t)snprintf(buf + n, len - n,
				      " initcall_blacklist=blake2s_mod_init,bpf_dummy_struct_ops_init,"
				      "init_acpi_pm_clocksource%s",
				      o->ftrace_clean ? ",ftrace_check_for_weak_functions" : "");
	if (!(o->bootpath & BOOTPATH_UARTS) && n < len)
		n += (size_t)snprintf(buf + n, len - n, " 8250.nr_uarts=2");
	if (o->accel == VMM_ACCEL_TCG && o->lapic_timer_khz && !(o->bootpath & BOOTPATH_APICCAL) && n < len)
		snprintf(buf + n, len - n, " lapic_timer_khz=%u", TCG_APIC_TIMER_KHZ);
}

static char *cmdline(const struct boot_opts *o)
{
	bool quiet = !(o->bootpath & BOOTPATH_VERBOSE) && !o->echo_console;
	unsigned khz = tsc_khz(o);
	char *c, tsc[40] = "", trim[240];

	if (khz)
		snprintf(tsc, sizeof(tsc), " tsc_early_khz=%u", khz);
	trims(o, trim, sizeof(trim));
	if (asprintf(
		    &c,
		    "console=ttyS0 panic=-1 nokaslr no_timer_check rcutree.kthread_prio=1 rdinit=/init%s%s%s "
		    "ktsrun.mode=%s ktsrun.fault=%s%s%s",
		    quiet ? " loglevel=5" : "", tsc, trim, o->mode ? o->mode : "topo",
		    o->fault ? o->fault : "none", o->kernel_args ? " " : "",
		    o->kernel_args ? o->kernel_args : "") < 0)
		return NULL;
	return c;
}

/* printk time (s) of the first console line with mark, or -1. */
static double printk_time(const struct boot_result *r, const char *mark)
{
	const char *hit = r->console ? strstr(r->console, mark) : NULL;
	const char *line = hit;

	while (line && line > r->console && line[-1] != '\n')
		line--;
	return line && *line == '[' ? strtod(line + 1, NULL) : -1;
}

/* KTSRUN_BOOT_TIMES set: one line of wall-clock stamps (ns since the epoch)
 * and the guest's printk times of its marks, which bench/boot lines up
 * with its own clock; then what the console brought and the peak RSS of
 * ktsrun and of its largest child so far (QEMU), which bench/soak and the
 * flood test read. */
static void print_times(const struct session *s)
{
	const struct boot_result *r = s->r;
	long long t0 = (long long)s->start_wall.tv_sec * 1000000000ll + s->start_wall.tv_nsec;

	struct rusage self = { 0 }, kids = { 0 };
	long pages = 0, rss = 0;
	unsigned fds = 0;
	FILE *statm;
	DIR *d;

	if (!getenv("KTSRUN_BOOT_TIMES"))
		return;
	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	if ((statm = fopen("/proc/self/statm", "re"))) {
		if (fscanf(statm, "%ld %ld", &pages, &rss) != 2)
			rss = 0;
		fclose(statm);
	}
	if ((d = opendir("/proc/self/fd"))) {
		while (readdir(d))
			fds++;
		closedir(d);
		fds -= fds >= 3 ? 3 : fds; /* ".", ".." and d's own */
	}
	fprintf(stderr,
		"boot-times: spawn=%lld first_byte=%lld gone=%lld initrd_s=%.4f init_start=%.6f hello=%.6f "
		"power_off=%.6f console_bytes=%zu console_kept=%zu com2_bytes=%lu fds=%u rss_kb=%ld "
		"maxrss_kb=%ld child_maxrss_kb=%ld\n",
		t0, r->t_first_byte < 0 ? 0 : t0 + (long long)(r->t_first_byte * 1e9),
		t0 + (long long)(r->t_total * 1e9), r->t_initrd, printk_time(r, "] ktsrun-init: start"),
		printk_time(r, "] ktsrun-init: hello"), printk_time(r, "] reboot: Power down"),
		r->console_total, r->console_len, s->com2_bytes, fds, rss * (sysconf(_SC_PAGESIZE) / 1024),
		self.ru_maxrss, kids.ru_maxrss);
}

static void run_loop(struct session *s)
{
	struct vmm_exit ex;

	for (;;) {
		int gone = s->vm->ops->wait(s->vm, 5, &ex);

		pump_console(s);
		pump_channel(s);
		if (gone)
			break;
		if (s->o->link)
			boot_link_flush(s->o->link);
		if (s->o->link && !s->left && boot_link_left(s->o->link)) {
			s->left = s->r->left = true;
			snprintf(s->r->detail, sizeof(s->r->detail), "the user left the VM");
			s->vm->ops->kill(s->vm);
		} else if (sig_caught) {
			s->r->outcome = BOOT_INTERRUPTED;
			snprintf(s->r->detail, sizeof(s->r->detail), "stopped by signal %d", (int)sig_caught);
			s->vm->ops->kill(s->vm);
		} else if (clock_since(&s->start) > s->o->timeout_s) {
			s->r->outcome = BOOT_TIMEOUT;
			snprintf(s->r->detail, sizeof(s->r->detail),
				 "no result from the guest within %u s; the VM was killed (raise --timeout "
				 "if the guest is just slow)",
				 s->o->timeout_s);
			s->vm->ops->kill(s->vm);
		}
	}
	collect(s);
	s->r->t_total = clock_since(&s->start);
	settle(s, &ex);
	print_times(s);
}

/* qboot (Debian's QEMU ships it) starts the kernel in a few ms where SeaBIOS
 * takes hundreds under emulation; it takes QEMU's ACPI tables as they are,
 * SRAT and SLIT included. */
#define QBOOT_ROM "/usr/share/qemu/qboot.rom"

/* qboot only with the PVH image: it loads a bzImage slower than SeaBIOS. */
static const char *firmware(const struct boot_opts *o)
{
	return !(o->bootpath & BOOTPATH_SEABIOS) && access(QBOOT_ROM, R_OK) == 0 && elfdeps_is_elf(o->kernel)
		       ? QBOOT_ROM
		       : NULL;
}

/* microvm boots in about 0.2 s less than pc here (no PCI bus to scan, a
 * small DSDT). QEMU 7.2 gives it neither SRAT/SLIT nor dies, so shapes
 * with more than one node or LLC stay on pc; its RAM is kept below 2 GiB,
 * where guest physical address = memfd offset. It has no HPET and no ACPI
 * PM timer, so under TCG a kernel whose quick PIT calibration fails has
 * nothing to calibrate its TSC against and hangs: microvm only when the
 * kernel is told the rate (tsc_early_khz) or runs on KVM (kvm-clock). */
static bool use_microvm(const struct boot_opts *o)
{
	return !(o->bootpath & BOOTPATH_PC) && o->topo->nodes == 1 && topo_llcs_per_node(o->topo) == 1 &&
	       o->mem_mib <= 2048 && elfdeps_is_elf(o->kernel) && (o->accel == VMM_ACCEL_KVM || tsc_khz(o));
}

enum boot_outcome boot_run(const struct boot_opts *o, boot_rec_fn fn, void *arg, struct boot_result *r)
{
	struct session s = { .o = o, .r = r, .fn = fn, .arg = arg };
	struct vmm_config cfg = {
		.kernel = o->kernel, .topo = o->topo, .mem_mib = o->mem_mib, .accel = o->accel
	};
	struct guest_initrd_extra extra;
	char err[256], *cmd = cmdline(o);

	memset(r, 0, sizeof(*r));
	r->t_first_byte = r->t_hello = -1;
	frame_dec_init(&s.dec);
	cfg.cmdline = cmd;
	cfg.firmware = firmware(o);
	cfg.microvm = use_microvm(o);
	extra = o->initrd_extra ? *o->initrd_extra : (struct guest_initrd_extra){ 0 };
	extra.scenario = o->scenario;
	extra.scenario_len = o->scenario_len;
	extra.payload = o->payloads, extra.npayload = o->npayloads;
	clock_gettime(CLOCK_MONOTONIC, &s.start);
	cfg.initrd_fd = guest_initrd_build(&extra, o->bootpath & BOOTPATH_GZIP, err, sizeof(err));
	r->t_initrd = clock_since(&s.start);
	if (!cfg.cmdline || cfg.initrd_fd < 0) {
		r->outcome = BOOT_SETUP_ERROR;
		snprintf(r->detail, sizeof(r->detail), "cannot build the initramfs: %s", err);
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &s.start);
	clock_gettime(CLOCK_REALTIME, &s.start_wall);
	if ((o->backend ? o->backend : &vmm_qemu)->create(&cfg, &s.vm, err, sizeof(err))) {
		r->outcome = BOOT_SETUP_ERROR;
		snprintf(r->detail, sizeof(r->detail), "cannot start the VM: %s", err);
		goto out;
	}
	if (o->link)
		boot_link_attach(o->link, s.vm);
	run_loop(&s);
	if (s.watching) /* it reads the memory destroy() unmaps */
		o->watch->stop(o->watch->arg);
	if (o->link)
		boot_link_close(o->link);
	s.vm->ops->destroy(s.vm);
out:
	if (cfg.initrd_fd >= 0)
		close(cfg.initrd_fd);
	free(cmd);
	return r->outcome;
}

void boot_result_free(struct boot_result *r)
{
	free(r->console);
	r->console = NULL;
}

int boot_channel_fault(const struct boot_result *r, unsigned bad_records, const char *first_bad, char *out,
		       size_t len)
{
	if (!bad_records && !r->garbage_bytes && !r->bad_crc && !r->oversized && !r->truncated &&
	    !r->bad_replies)
		return 0;
	if (!bad_records && r->bad_replies)
		bad_records = (unsigned)r->bad_replies, first_bad = r->first_bad_reply;
	snprintf(
		out, len,
		"the guest sent a corrupt result channel: %u bad records (first: %s), %lu garbage bytes, "
		"%lu bad CRC, %lu oversized, %zu bytes truncated; rerun with --console to see the guest side",
		bad_records, bad_records && first_bad ? first_bad : "-", r->garbage_bytes, r->bad_crc,
		r->oversized, r->truncated);
	return 1;
}

void boot_print_failure(const struct boot_result *r, FILE *out, unsigned tail_lines)
{
	const char *p, *start;
	unsigned lines = 0;

	fprintf(out, "ktsrun: %s: %s\n", boot_outcome_name(r->outcome), r->detail);
	if (!r->console_len) {
		fprintf(out, "ktsrun: the guest console printed nothing\n");
		return;
	}
	start = r->console;
	for (p = r->console + r->console_len; p > r->console; p--)
		if (p[-1] == '\n' && ++lines > tail_lines) {
			start = p;
			break;
		}
	fprintf(out, "--- last %u lines of the guest console ---\n%s", tail_lines, start);
	if (r->console[r->console_len - 1] != '\n')
		fputc('\n', out);
	fprintf(out, "--- end of console ---\n");
}

int boot_unusable(const struct boot_result *r, unsigned bad_records, const char *first_bad)
{
	char why[512];

	if (r->outcome != BOOT_OK) {
		boot_print_failure(r, stderr, 25);
		return r->outcome == BOOT_INTERRUPTED ? sig_exit_code() : EXIT_ERROR;
	}
	if (boot_channel_fault(r, bad_records, first_bad, why, sizeof(why))) {
		log_err("%s", why);
		return EXIT_ERROR;
	}
	return 0;
}
