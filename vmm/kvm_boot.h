/* Direct kernel boot without firmware.
 *
 * bzImage, 64-bit boot protocol (Documentation/arch/x86/boot.rst): the
 * setup header is copied into a zeroed zero page, the protected-mode part
 * is loaded at pref_address, the 64-bit entry is that plus 0x200.
 * vmlinux (ELF): PT_LOAD segments at their physical addresses, entered at
 * the XEN_ELFNOTE_PHYS32_ENTRY note in 32-bit mode with hvm_start_info. */
#ifndef KTS_KVM_BOOT_H
#define KTS_KVM_BOOT_H

#include <stddef.h>
#include <stdint.h>

/* Offsets in the zero page (struct boot_params). */
#define BP_ACPI_RSDP	0x070
#define BP_E820_ENTRIES 0x1e8
#define BP_HDR		0x1f1
#define BP_E820_TABLE	0x2d0
#define BP_E820_MAX	128
#define BP_SIZE		0x1000

/* The setup header, at 0x1f1 in both the image and the zero page. */
struct bp_setup_header {
	uint8_t setup_sects;
	uint16_t root_flags;
	uint32_t syssize;
	uint16_t ram_size;
	uint16_t vid_mode;
	uint16_t root_dev;
	uint16_t boot_flag;
	uint16_t jump;
	uint32_t header;
	uint16_t version;
	uint32_t realmode_swtch;
	uint16_t start_sys_seg;
	uint16_t kernel_version;
	uint8_t type_of_loader;
	uint8_t loadflags;
	uint16_t setup_move_size;
	uint32_t code32_start;
	uint32_t ramdisk_image;
	uint32_t ramdisk_size;
	uint32_t bootsect_kludge;
	uint16_t heap_end_ptr;
	uint8_t ext_loader_ver;
	uint8_t ext_loader_type;
	uint32_t cmd_line_ptr;
	uint32_t initrd_addr_max;
	uint32_t kernel_alignment;
	uint8_t relocatable_kernel;
	uint8_t min_alignment;
	uint16_t xloadflags;
	uint32_t cmdline_size;
	uint32_t hardware_subarch;
	uint64_t hardware_subarch_data;
	uint32_t payload_offset;
	uint32_t payload_length;
	uint64_t setup_data;
	uint64_t pref_address;
	uint32_t init_size;
	uint32_t handover_offset;
	uint32_t kernel_info_offset;
} __attribute__((packed));

#define BP_MAGIC	    0x53726448 /* "HdrS" */
#define BP_BOOT_FLAG	    0xaa55
#define BP_LOADED_HIGH	    0x01
#define BP_CAN_USE_HEAP	    0x80
#define BP_XLF_KERNEL_64    0x01
#define BP_LOADER_UNDEFINED 0xff
#define BP_MIN_VERSION	    0x020c /* 64-bit entry and xloadflags */

/* PVH start info (version 1) and its memory map entries. */
#define PVH_MAGIC 0x336ec578
struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr, memmap_paddr;
	uint32_t memmap_entries, reserved;
} __attribute__((packed));
struct pvh_memmap_ent {
	uint64_t addr, size;
	uint32_t type, reserved;
} __attribute__((packed));
struct pvh_module {
	uint64_t paddr, size, cmdline_paddr, reserved;
} __attribute__((packed));

#define PVH_INFO_ADDR	0x7000ull
#define PVH_MEMMAP_ADDR 0x7100ull
#define PVH_MODULE_ADDR 0x7400ull

struct kvm_boot_in {
	const uint8_t *image; /* whole kernel file */
	size_t len;
	const char *cmdline;
	int initrd_fd; /* -1 for none */
	uint64_t rsdp;
};

struct kvm_boot_out {
	uint64_t entry;
	int pvh;
	uint64_t info; /* zero page or start info */
	uint64_t kernel_addr, kernel_size, initrd_addr, initrd_size;
};

int kvm_boot_is_elf(const uint8_t *image, size_t len);
int kvm_boot_bzimage(uint8_t *ram, uint64_t ram_size, const struct kvm_boot_in *in, struct kvm_boot_out *out,
		     char *err, size_t errlen);
int kvm_boot_pvh(uint8_t *ram, uint64_t ram_size, const struct kvm_boot_in *in, struct kvm_boot_out *out,
		 char *err, size_t errlen);

#endif
