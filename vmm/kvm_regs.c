/* Long-mode page tables, the GDT and the registers at each boot entry.
 *
 * GDT (at KVM_GDT_ADDR):  0x08 flat 32-bit code (PVH entry)
 *                         0x10 flat 64-bit code (__BOOT_CS)
 *                         0x18 flat data        (__BOOT_DS)
 * Page tables identity-map 0..4 GiB with 2 MiB pages, which covers the
 * kernel, the zero page and the command line as the 64-bit protocol asks. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

#include "vmm/kvm.h"

#define PTE_P  0x1ull
#define PTE_RW 0x2ull
#define PTE_PS 0x80ull

#define CR0_PE	 0x1ull
#define CR0_ET	 0x10ull
#define CR0_PG	 0x80000000ull
#define CR4_PAE	 0x20ull
#define EFER_LME 0x100ull
#define EFER_LMA 0x400ull

#define SEL_CODE32 0x08
#define SEL_CODE64 0x10
#define SEL_DATA   0x18

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

/* Descriptor: base 0, limit 4 GiB, given access byte and flags nibble. */
static uint64_t desc(uint8_t access, uint8_t flags)
{
	return 0xffffull | (uint64_t)access << 40 | 0xfull << 48 | (uint64_t)flags << 52;
}

void kvm_regs_build_tables(uint8_t *ram)
{
	uint8_t *gdt = ram + KVM_GDT_ADDR;

	memset(gdt, 0, 32);
	put64(gdt + SEL_CODE32, desc(0x9b, 0xc)); /* present, code r/x, G, D */
	put64(gdt + SEL_CODE64, desc(0x9b, 0xa)); /* present, code r/x, G, L */
	put64(gdt + SEL_DATA, desc(0x93, 0xc));	  /* present, data r/w, G, B */

	put64(ram + KVM_PML4, KVM_PDPT | PTE_P | PTE_RW);
	for (unsigned i = 0; i < 4; i++) {
		uint64_t pd = KVM_PD + i * 0x1000ull;

		put64(ram + KVM_PDPT + i * 8, pd | PTE_P | PTE_RW);
		for (unsigned j = 0; j < 512; j++)
			put64(ram + pd + j * 8,
			      ((uint64_t)i << 30 | (uint64_t)j << 21) | PTE_P | PTE_RW | PTE_PS);
	}
}

static struct kvm_segment seg(uint16_t sel, uint8_t type, int code64, int db)
{
	struct kvm_segment s = { .base = 0,
				 .limit = 0xffffffff,
				 .selector = sel,
				 .type = type,
				 .present = 1,
				 .dpl = 0,
				 .db = (uint8_t)db,
				 .s = 1,
				 .l = (uint8_t)code64,
				 .g = 1 };
	return s;
}

/* 64-bit boot protocol (pvh == 0): long mode, CS=__BOOT_CS, DS/ES/SS=__BOOT_DS,
 * interrupts off, %rsi = zero page. PVH: 32-bit protected mode, paging off,
 * %ebx = hvm_start_info. info is the zero page or start info address. */
int kvm_regs_setup_boot(struct kvm_vcpu *vcpu, uint64_t entry, int pvh, uint64_t info, char *err,
			size_t errlen)
{
	struct kvm_sregs sr;
	struct kvm_regs r;

	if (ioctl(vcpu->fd, KVM_GET_SREGS, &sr) < 0) {
		snprintf(err, errlen, "KVM_GET_SREGS failed: %s", strerror(errno));
		return -1;
	}
	sr.gdt.base = KVM_GDT_ADDR;
	sr.gdt.limit = 4 * 8 - 1;
	sr.ds = sr.es = sr.fs = sr.gs = sr.ss = seg(SEL_DATA, 0x3, 0, 1);
	if (pvh) {
		sr.cs = seg(SEL_CODE32, 0xb, 0, 1);
		sr.cr0 = CR0_PE | CR0_ET;
		sr.cr4 = 0;
		sr.efer = 0;
	} else {
		sr.cs = seg(SEL_CODE64, 0xb, 1, 0);
		sr.cr3 = KVM_PML4;
		sr.cr4 = CR4_PAE;
		sr.cr0 = CR0_PE | CR0_ET | CR0_PG;
		sr.efer = EFER_LME | EFER_LMA;
	}
	if (ioctl(vcpu->fd, KVM_SET_SREGS, &sr) < 0) {
		snprintf(err, errlen, "KVM_SET_SREGS failed: %s", strerror(errno));
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.rflags = 0x2;
	r.rip = entry;
	if (pvh)
		r.rbx = info;
	else
		r.rsi = info;
	if (ioctl(vcpu->fd, KVM_SET_REGS, &r) < 0) {
		snprintf(err, errlen, "KVM_SET_REGS failed: %s", strerror(errno));
		return -1;
	}
	return 0;
}
