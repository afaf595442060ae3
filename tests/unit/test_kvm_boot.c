/* bzImage boot: the zero page checked field by field against the boot
 * protocol, on the tiny guest's image and on a real bzImage when one is at
 * hand ($KTSRUN_TEST_BZIMAGE, the cached kernel 'make check' builds first,
 * /boot's); the e820 map. */
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host/kernel/kernel_cache.h"
#include "tests/unit/tu.h"
#include "vmm/kvm.h"
#include "vmm/kvm_boot.h"
#include "vmm/kvm_e820.h"

extern const unsigned char kvm_tinyguest[];
extern const size_t kvm_tinyguest_len;

static void check_e820(const uint8_t *zp, uint64_t ram)
{
	struct e820_ent e[BP_E820_MAX];
	unsigned n = zp[BP_E820_ENTRIES];
	uint64_t at = 0, usable = 0;

	TU_CHECK(n > 0 && n <= E820_MAX);
	memcpy(e, zp + BP_E820_TABLE, n * sizeof(e[0]));
	for (unsigned i = 0; i < n; i++) { /* sorted, no gap, no overlap */
		TU_EQ_INT(e[i].addr, at);
		at = e[i].addr + e[i].size;
		if (e[i].type == E820_RAM)
			usable += e[i].size;
	}
	TU_EQ_INT(at, ram);
	TU_CHECK(usable > ram - (1u << 20));
}

static void check_zero_page(const uint8_t *img, size_t len, uint64_t ram_mib)
{
	uint64_t ram = ram_mib << 20;
	uint8_t *mem = mmap(NULL, ram, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	struct kvm_boot_in in = { img, len, "console=ttyS0 nokaslr", -1, KVM_ACPI_BASE };
	struct kvm_boot_out out;
	struct bp_setup_header h, f;
	char err[256];
	size_t setup;

	TU_CHECK(mem != MAP_FAILED);
	if (kvm_boot_bzimage(mem, ram, &in, &out, err, sizeof(err))) {
		tu_fail(__FILE__, __LINE__, "%s", err);
		munmap(mem, ram);
		return;
	}
	memcpy(&h, mem + KVM_ZERO_PAGE + BP_HDR, sizeof(h));
	memcpy(&f, img + BP_HDR, sizeof(f));
	setup = (size_t)((f.setup_sects ? f.setup_sects : 4) + 1) * 512;
	/* copied from the image */
	TU_EQ_INT(h.setup_sects, f.setup_sects);
	TU_EQ_INT(h.boot_flag, 0xaa55);
	TU_EQ_INT(h.header, BP_MAGIC);
	TU_EQ_INT(h.version, f.version);
	TU_EQ_INT(h.xloadflags, f.xloadflags);
	TU_EQ_INT(h.init_size, f.init_size);
	TU_EQ_INT(h.pref_address, f.pref_address);
	TU_EQ_INT(h.kernel_alignment, f.kernel_alignment);
	/* written by the loader, as the protocol asks */
	TU_EQ_INT(h.type_of_loader, 0xff);
	TU_CHECK(h.loadflags & BP_CAN_USE_HEAP);
	TU_CHECK(h.loadflags & BP_LOADED_HIGH);
	TU_EQ_INT(h.vid_mode, 0xffff);
	TU_EQ_INT(h.code32_start, f.pref_address);
	TU_EQ_INT(h.cmd_line_ptr, KVM_CMDLINE);
	TU_EQ_STR((const char *)mem + h.cmd_line_ptr, "console=ttyS0 nokaslr");
	TU_EQ_INT(h.ramdisk_image, 0);
	TU_EQ_INT(h.ramdisk_size, 0);
	if (h.version >= 0x020e)
		TU_EQ_INT(*(uint64_t *)(mem + KVM_ZERO_PAGE + BP_ACPI_RSDP), KVM_ACPI_BASE);
	/* the protected-mode part at pref_address, entry 0x200 in */
	TU_EQ_INT(out.kernel_addr, f.pref_address);
	TU_EQ_INT(out.entry, f.pref_address + 0x200);
	TU_EQ_INT(out.info, KVM_ZERO_PAGE);
	TU_CHECK(!memcmp(mem + out.kernel_addr, img + setup, len - setup));
	TU_CHECK(f.pref_address % f.kernel_alignment == 0);
	check_e820(mem + KVM_ZERO_PAGE, ram);
	munmap(mem, ram);
}

TU_TEST(kvm_boot_tinyguest_zero_page)
{
	check_zero_page(kvm_tinyguest, kvm_tinyguest_len, 128);
}

TU_TEST(kvm_boot_real_bzimage_zero_page)
{
	const char *env = getenv("KTSRUN_TEST_BZIMAGE");
	const char *path = NULL;
	static struct kernel_cache_entry k;
	char kerr[256];
	glob_t g = { 0 };
	FILE *f;
	uint8_t *img;
	long n;

	if (env)
		path = env;
	else if (!kernel_cache_resolve(NULL, &k, kerr, sizeof(kerr)))
		path = k.bzimage;
	else if (!glob("/boot/vmlinuz-*", 0, NULL, &g) && g.gl_pathc)
		path = g.gl_pathv[0];
	if (!path) { /* said, not silently passed: nothing to check here */
		printf("note kvm_boot_real_bzimage_zero_page: no bzImage on this machine; tiny guest only\n");
		globfree(&g);
		return;
	}
	f = fopen(path, "rb");
	TU_CHECK(f != NULL);
	if (f && !fseek(f, 0, SEEK_END) && (n = ftell(f)) > 0 && (img = malloc((size_t)n))) {
		rewind(f);
		if (fread(img, 1, (size_t)n, f) == (size_t)n)
			check_zero_page(img, (size_t)n, 512);
		free(img);
	}
	if (f)
		fclose(f);
	globfree(&g);
}

/* img holds the tiny guest's first 4 KiB, zero-padded: the guest may be shorter */
static void tiny_head(uint8_t *img, size_t len)
{
	memset(img, 0, len);
	memcpy(img, kvm_tinyguest, kvm_tinyguest_len < len ? kvm_tinyguest_len : len);
}

TU_TEST(kvm_boot_rejects_bad_images)
{
	static uint8_t mem[4 << 20], img[4096];
	struct kvm_boot_in in = { img, sizeof(img), "", -1, 0 };
	struct kvm_boot_out out;
	char err[256];

	tiny_head(img, sizeof(img));
	img[0x1fe] = 0; /* no boot flag */
	TU_EQ_INT(kvm_boot_bzimage(mem, sizeof(mem), &in, &out, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not a bzImage") != NULL);
	tiny_head(img, sizeof(img));
	img[0x201] = 0xff; /* header running past the zero page's field */
	TU_EQ_INT(kvm_boot_bzimage(mem, sizeof(mem), &in, &out, err, sizeof(err)), -1);
	tiny_head(img, sizeof(img));
	memset(img + 0x258, 0xff, 8); /* pref_address outside RAM */
	TU_EQ_INT(kvm_boot_bzimage(mem, sizeof(mem), &in, &out, err, sizeof(err)), -1);
	in.len = 100;
	TU_EQ_INT(kvm_boot_bzimage(mem, sizeof(mem), &in, &out, err, sizeof(err)), -1);
}

TU_TEST(kvm_e820_covers_ram)
{
	struct e820_ent e[E820_MAX];
	uint64_t sizes[] = { 16ull << 20, 128ull << 20, 3ull << 30 };

	for (unsigned s = 0; s < 3; s++) {
		unsigned n = kvm_e820_build(sizes[s], e);
		uint64_t at = 0;

		for (unsigned i = 0; i < n; i++) {
			TU_EQ_INT(e[i].addr, at);
			TU_CHECK(e[i].size > 0);
			at += e[i].size;
		}
		TU_EQ_INT(at, sizes[s]);
		TU_EQ_INT(e[n - 1].type, E820_RAM);
	}
}
