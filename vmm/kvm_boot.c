/* Direct kernel boot: bzImage through the 64-bit boot protocol, vmlinux
 * through its PVH entry note (see kvm_boot.h). Every offset and length read
 * from the image is checked against the image and against guest RAM. */
#include "vmm/kvm_boot.h"

#include <elf.h>
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "vmm/kvm.h"
#include "vmm/kvm_e820.h"

_Static_assert(BP_HDR + offsetof(struct bp_setup_header, header) == 0x202, "HdrS at 0x202");
_Static_assert(BP_HDR + offsetof(struct bp_setup_header, code32_start) == 0x214, "code32_start");
_Static_assert(BP_HDR + offsetof(struct bp_setup_header, cmd_line_ptr) == 0x228, "cmd_line_ptr");
_Static_assert(BP_HDR + offsetof(struct bp_setup_header, xloadflags) == 0x236, "xloadflags");
_Static_assert(BP_HDR + offsetof(struct bp_setup_header, pref_address) == 0x258, "pref_address");
_Static_assert(BP_HDR + sizeof(struct bp_setup_header) == 0x26c, "end of setup header");
_Static_assert(sizeof(struct e820_ent) == 20, "e820 entry");

#define BP_HDR_END_MAX	  0x290 /* the zero page's hdr field ends here */
#define NOTE_PHYS32_ENTRY 18	/* XEN_ELFNOTE_PHYS32_ENTRY */

static int put_cmdline(uint8_t *ram, const char *cmdline, size_t max, char *err, size_t errlen)
{
	size_t n = strlen(cmdline ? cmdline : "");

	if (n + 1 > max || n + 1 > KVM_CMDLINE_MAX) {
		snprintf(err, errlen, "command line is %zu bytes; this kernel takes at most %zu", n,
			 (max < KVM_CMDLINE_MAX ? max : KVM_CMDLINE_MAX) - 1);
		return -1;
	}
	memcpy(ram + KVM_CMDLINE, cmdline ? cmdline : "", n + 1);
	return 0;
}

/* Initrd at the top of RAM below limit (exclusive), above low_end. */
static int put_initrd(uint8_t *ram, uint64_t ram_size, int fd, uint64_t limit, uint64_t low_end,
		      struct kvm_boot_out *out, char *err, size_t errlen)
{
	struct stat st;
	uint64_t top = ram_size < limit ? ram_size : limit, addr, got = 0;

	out->initrd_addr = out->initrd_size = 0;
	if (fd < 0)
		return 0;
	if (fstat(fd, &st) < 0) {
		snprintf(err, errlen, "initrd: fstat failed: %s", strerror(errno));
		return -1;
	}
	if ((uint64_t)st.st_size + low_end > top) {
		snprintf(err, errlen, "initrd of %lld bytes does not fit in guest RAM below 0x%llx",
			 (long long)st.st_size, (unsigned long long)top);
		return -1;
	}
	addr = (top - (uint64_t)st.st_size) & ~0xfffull;
	while (got < (uint64_t)st.st_size) {
		ssize_t r = pread(fd, ram + addr + got, (size_t)((uint64_t)st.st_size - got), (off_t)got);

		if (r <= 0) {
			snprintf(err, errlen, "initrd: read failed: %s", r ? strerror(errno) : "short file");
			return -1;
		}
		got += (uint64_t)r;
	}
	out->initrd_addr = addr;
	out->initrd_size = (uint64_t)st.st_size;
	return 0;
}

static int check_bzimage(const struct kvm_boot_in *in, struct bp_setup_header *h, char *err, size_t errlen)
{
	if (in->len < BP_HDR + sizeof(*h)) {
		snprintf(err, errlen, "kernel image too short (%zu bytes) for a bzImage", in->len);
		return -1;
	}
	memcpy(h, in->image + BP_HDR, sizeof(*h));
	if (h->boot_flag != BP_BOOT_FLAG || h->header != BP_MAGIC) {
		snprintf(err, errlen, "not a bzImage: no 0xAA55 boot flag or HdrS header");
		return -1;
	}
	if (h->version < BP_MIN_VERSION || !(h->xloadflags & BP_XLF_KERNEL_64)) {
		snprintf(
			err, errlen,
			"bzImage boot protocol %x.%02x lacks the 64-bit entry (need 2.12 with XLF_KERNEL_64)",
			h->version >> 8, h->version & 0xff);
		return -1;
	}
	return 0;
}

int kvm_boot_bzimage(uint8_t *ram, uint64_t ram_size, const struct kvm_boot_in *in, struct kvm_boot_out *out,
		     char *err, size_t errlen)
{
	struct bp_setup_header h;
	uint8_t *zp = ram + KVM_ZERO_PAGE;
	struct e820_ent e[E820_MAX];
	size_t setup_len, hdr_end;
	uint64_t load, pm_len, need;
	unsigned n;

	if (check_bzimage(in, &h, err, errlen))
		return -1;
	setup_len = (size_t)((h.setup_sects ? h.setup_sects : 4) + 1) * 512;
	hdr_end = 0x202 + (size_t)in->image[0x201];
	if (setup_len >= in->len || hdr_end > BP_HDR_END_MAX || hdr_end > setup_len) {
		snprintf(err, errlen,
			 "bzImage setup part is inconsistent (setup %zu, header end 0x%zx, file %zu)",
			 setup_len, hdr_end, in->len);
		return -1;
	}
	pm_len = in->len - setup_len;
	load = h.pref_address;
	need = h.init_size > pm_len ? h.init_size : pm_len;
	if (load < KVM_HIGH_MEM || load > ram_size || need > ram_size - load ||
	    (h.kernel_alignment && (load & (h.kernel_alignment - 1)))) {
		snprintf(err, errlen,
			 "bzImage wants 0x%llx bytes at 0x%llx: not in %llu MiB of guest RAM (or misaligned)",
			 (unsigned long long)need, (unsigned long long)load,
			 (unsigned long long)(ram_size >> 20));
		return -1;
	}
	memcpy(ram + load, in->image + setup_len, pm_len);
	if (put_cmdline(ram, in->cmdline, h.cmdline_size, err, errlen))
		return -1;
	if (put_initrd(ram, ram_size, in->initrd_fd, (uint64_t)h.initrd_addr_max + 1, load + need, out, err,
		       errlen))
		return -1;

	memset(zp, 0, BP_SIZE);
	memcpy(zp + BP_HDR, in->image + BP_HDR, hdr_end - BP_HDR);
	h.vid_mode = 0xffff;
	h.type_of_loader = BP_LOADER_UNDEFINED;
	h.loadflags |= BP_CAN_USE_HEAP;
	h.heap_end_ptr = 0xfe00 - 0x200;
	h.code32_start = (uint32_t)load;
	h.cmd_line_ptr = (uint32_t)KVM_CMDLINE;
	h.ramdisk_image = (uint32_t)out->initrd_addr;
	h.ramdisk_size = (uint32_t)out->initrd_size;
	memcpy(zp + BP_HDR, &h, hdr_end - BP_HDR);
	n = kvm_e820_build(ram_size, e);
	memcpy(zp + BP_E820_TABLE, e, n * sizeof(e[0]));
	zp[BP_E820_ENTRIES] = (uint8_t)n;
	if (h.version >= 0x020e)
		memcpy(zp + BP_ACPI_RSDP, &in->rsdp, 8);

	out->entry = load + 0x200;
	out->pvh = 0;
	out->info = KVM_ZERO_PAGE;
	out->kernel_addr = load;
	out->kernel_size = pm_len;
	return 0;
}

int kvm_boot_is_elf(const uint8_t *image, size_t len)
{
	return len >= SELFMAG && !memcmp(image, ELFMAG, SELFMAG);
}

/* The PHYS32_ENTRY note in one PT_NOTE segment; 0 if none. */
static uint64_t find_pvh_note(const uint8_t *p, uint64_t len)
{
	uint64_t off = 0;

	while (len - off >= sizeof(Elf64_Nhdr)) {
		Elf64_Nhdr nh;
		uint64_t name_off, desc_off, next;

		memcpy(&nh, p + off, sizeof(nh));
		name_off = off + sizeof(nh);
		desc_off = name_off + ((nh.n_namesz + 3ull) & ~3ull);
		next = desc_off + ((nh.n_descsz + 3ull) & ~3ull);
		if (next > len)
			return 0;
		if (nh.n_type == NOTE_PHYS32_ENTRY && nh.n_namesz == 4 && !memcmp(p + name_off, "Xen", 4) &&
		    nh.n_descsz >= 4) {
			uint32_t v;

			memcpy(&v, p + desc_off, 4);
			return v;
		}
		off = next;
	}
	return 0;
}

static int load_segments(uint8_t *ram, uint64_t ram_size, const struct kvm_boot_in *in,
			 struct kvm_boot_out *out, char *err, size_t errlen)
{
	Elf64_Ehdr eh;
	uint64_t entry = 0, lo = ~0ull, hi = 0;

	memcpy(&eh, in->image, sizeof(eh));
	if (eh.e_ident[EI_CLASS] != ELFCLASS64 || eh.e_machine != EM_X86_64 ||
	    eh.e_phentsize != sizeof(Elf64_Phdr) || eh.e_phoff > in->len ||
	    (uint64_t)eh.e_phnum * sizeof(Elf64_Phdr) > in->len - eh.e_phoff) {
		snprintf(err, errlen, "vmlinux: not a 64-bit x86 ELF with a sane program header table");
		return -1;
	}
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;

		memcpy(&ph, in->image + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_offset > in->len || ph.p_filesz > in->len - ph.p_offset) {
			snprintf(err, errlen, "vmlinux: segment %u lies outside the file", i);
			return -1;
		}
		if (ph.p_type == PT_NOTE && !entry)
			entry = find_pvh_note(in->image + ph.p_offset, ph.p_filesz);
		if (ph.p_type != PT_LOAD)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_paddr < KVM_HIGH_MEM || ph.p_paddr > ram_size ||
		    ph.p_memsz > ram_size - ph.p_paddr) {
			snprintf(err, errlen, "vmlinux: segment %u (0x%llx + 0x%llx) is not in guest RAM", i,
				 (unsigned long long)ph.p_paddr, (unsigned long long)ph.p_memsz);
			return -1;
		}
		memcpy(ram + ph.p_paddr, in->image + ph.p_offset, ph.p_filesz);
		memset(ram + ph.p_paddr + ph.p_filesz, 0, ph.p_memsz - ph.p_filesz);
		lo = ph.p_paddr < lo ? ph.p_paddr : lo;
		hi = ph.p_paddr + ph.p_memsz > hi ? ph.p_paddr + ph.p_memsz : hi;
	}
	if (!entry || entry < lo || entry >= hi) {
		snprintf(err, errlen,
			 "vmlinux has no PVH entry note (XEN_ELFNOTE_PHYS32_ENTRY) inside its image: build "
			 "it with CONFIG_PVH=y");
		return -1;
	}
	out->entry = entry;
	out->kernel_addr = lo;
	out->kernel_size = hi - lo;
	return 0;
}

int kvm_boot_pvh(uint8_t *ram, uint64_t ram_size, const struct kvm_boot_in *in, struct kvm_boot_out *out,
		 char *err, size_t errlen)
{
	struct pvh_start_info si;
	struct e820_ent e[E820_MAX];
	unsigned n;

	if (in->len < sizeof(Elf64_Ehdr) || !kvm_boot_is_elf(in->image, in->len)) {
		snprintf(err, errlen, "not an ELF file");
		return -1;
	}
	if (load_segments(ram, ram_size, in, out, err, errlen) ||
	    put_cmdline(ram, in->cmdline, KVM_CMDLINE_MAX, err, errlen) ||
	    put_initrd(ram, ram_size, in->initrd_fd, KVM_RAM_MAX, out->kernel_addr + out->kernel_size, out,
		       err, errlen))
		return -1;
	memset(&si, 0, sizeof(si));
	si.magic = PVH_MAGIC;
	si.version = 1;
	si.cmdline_paddr = KVM_CMDLINE;
	si.rsdp_paddr = in->rsdp;
	n = kvm_e820_build(ram_size, e);
	for (unsigned i = 0; i < n; i++) {
		struct pvh_memmap_ent m = { e[i].addr, e[i].size, e[i].type, 0 };

		memcpy(ram + PVH_MEMMAP_ADDR + i * sizeof(m), &m, sizeof(m));
	}
	si.memmap_paddr = PVH_MEMMAP_ADDR;
	si.memmap_entries = n;
	if (out->initrd_size) {
		struct pvh_module m = { out->initrd_addr, out->initrd_size, 0, 0 };

		memcpy(ram + PVH_MODULE_ADDR, &m, sizeof(m));
		si.nr_modules = 1;
		si.modlist_paddr = PVH_MODULE_ADDR;
	}
	memcpy(ram + PVH_INFO_ADDR, &si, sizeof(si));
	out->pvh = 1;
	out->info = PVH_INFO_ADDR;
	return 0;
}
