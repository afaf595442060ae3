/* The tiny test guest's image: a bzImage-shaped file so the kvm backend
 * boots it through the same 64-bit boot protocol as a kernel.
 *   .setup   2 sectors: the setup header at 0x1f1 (boot protocol 2.15)
 *   .text    loaded at 0x100000: 32-bit entry (unused), 64-bit entry at
 *            +0x200, the AP trampoline the BSP copies to 0x8000, and the
 *            probe's instruction checks. */
#define TRAMP 0x8000
#define T(x) ((x) - tg_tramp_start + TRAMP)

	.section .setup, "a"
	.code16
	.org 0x1f1
	.byte 1			/* 0x1f1 setup_sects: setup is 2 sectors */
	.word 0			/* 0x1f2 root_flags */
	.long tg_syssize	/* 0x1f4 syssize, 16-byte units */
	.word 0			/* 0x1f8 ram_size */
	.word 0xffff		/* 0x1fa vid_mode */
	.word 0			/* 0x1fc root_dev */
	.word 0xaa55		/* 0x1fe boot_flag */
	.byte 0xeb		/* 0x200 jump over the header: */
	.byte hdr_end - hdr_start /* 0x201 header ends at 0x202 + this */
hdr_start:
	.ascii "HdrS"		/* 0x202 */
	.word 0x020f		/* 0x206 version 2.15 */
	.long 0			/* 0x208 realmode_swtch */
	.word 0			/* 0x20c start_sys_seg */
	.word 0			/* 0x20e kernel_version */
	.byte 0			/* 0x210 type_of_loader */
	.byte 0x01		/* 0x211 loadflags: LOADED_HIGH */
	.word 0			/* 0x212 setup_move_size */
	.long 0x100000		/* 0x214 code32_start */
	.long 0, 0		/* 0x218 ramdisk_image, ramdisk_size */
	.long 0			/* 0x220 bootsect_kludge */
	.word 0			/* 0x224 heap_end_ptr */
	.byte 0, 0		/* 0x226 ext_loader_ver, ext_loader_type */
	.long 0			/* 0x228 cmd_line_ptr */
	.long 0x7fffffff	/* 0x22c initrd_addr_max */
	.long 0x1000		/* 0x230 kernel_alignment */
	.byte 0			/* 0x234 relocatable_kernel */
	.byte 12		/* 0x235 min_alignment (log2) */
	.word 0x0001		/* 0x236 xloadflags: XLF_KERNEL_64 */
	.long 256		/* 0x238 cmdline_size */
	.long 0			/* 0x23c hardware_subarch */
	.quad 0			/* 0x240 hardware_subarch_data */
	.long 0, 0		/* 0x248 payload_offset, payload_length */
	.quad 0			/* 0x250 setup_data */
	.quad 0x100000		/* 0x258 pref_address */
	.long tg_init_size	/* 0x260 init_size */
	.long 0			/* 0x264 handover_offset */
	.long 0			/* 0x268 kernel_info_offset */
hdr_end:
	.org 0x400

	.section .text.head, "ax"
	.code32
startup_32:			/* the 32-bit entry: not supported, halt */
	cli
1:	hlt
	jmp 1b

	.org 0x200
	.code64
	.globl startup_64
startup_64:			/* %rsi = boot_params */
	cli
	lea tg_bsp_stack+16384(%rip), %rsp
	mov %rsi, %rdi
	call tg_bsp_main
2:	hlt
	jmp 2b

	.globl tg_ap_entry64
tg_ap_entry64:			/* from the trampoline: take a stack slot */
	mov $1, %eax
	lock xadd %eax, tg_ap_slot(%rip)
	inc %eax
	shl $12, %rax
	lea tg_ap_stacks(%rip), %rsp
	add %rax, %rsp
	call tg_ap_main
3:	cli
	hlt
	jmp 3b

/* AP trampoline, copied to TRAMP by the BSP: real mode straight to long
 * mode (PE and PG together, LME set), using the BSP's page tables. */
	.globl tg_tramp_start, tg_tramp_end, tg_tramp_cr3
	.code16
tg_tramp_start:
	cli
	xor %ax, %ax
	mov %ax, %ds
	lgdtl T(tramp_gdtr)
	mov %cr4, %eax
	or $0x20, %eax		/* PAE */
	mov %eax, %cr4
	mov T(tg_tramp_cr3), %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx	/* EFER.LME */
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000001, %eax	/* PG | PE */
	mov %eax, %cr0
	ljmpl $0x08, $T(tramp64)
	.code64
tramp64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	movabs $tg_ap_entry64, %rax
	jmp *%rax
	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00af9b000000ffff	/* 0x08: 64-bit code */
	.quad 0x00cf93000000ffff	/* 0x10: data */
tramp_gdtr:
	.word 23
	.long T(tramp_gdt)
tg_tramp_cr3:
	.long 0
tg_tramp_end:

/* ---- probe checks: each returns 1 if the instruction gave the right answer ---- */
	.code64
	.globl tg_probe_cmpxchg16b
tg_probe_cmpxchg16b:		/* (%rdi) 16-byte aligned scratch */
	push %rbx
	movq $1, (%rdi)
	movq $2, 8(%rdi)
	mov $1, %eax
	mov $2, %edx
	mov $3, %ebx
	mov $4, %ecx
	lock cmpxchg16b (%rdi)
	setz %al
	movzbl %al, %eax
	cmpq $3, (%rdi)
	jne 9f
	cmpq $4, 8(%rdi)
	jne 9f
	pop %rbx
	ret
9:	xor %eax, %eax
	pop %rbx
	ret

	.globl tg_probe_xsave
tg_probe_xsave:			/* (%rdi) 64-byte aligned, 4 KiB, zeroed */
	mov %cr4, %rax
	or $0x40600, %rax	/* OSXSAVE, OSFXSR, OSXMMEXCPT */
	mov %rax, %cr4
	xor %ecx, %ecx
	xor %edx, %edx
	mov $3, %eax		/* XCR0 = x87 | SSE */
	xsetbv
	mov $0x1234, %eax
	movq %rax, %xmm0
	mov $3, %eax
	xor %edx, %edx
	xsave (%rdi)
	pxor %xmm0, %xmm0
	mov $3, %eax
	xor %edx, %edx
	xrstor (%rdi)
	movq %xmm0, %rax
	cmp $0x1234, %rax
	sete %al
	movzbl %al, %eax
	ret

	.globl tg_probe_bmi2
tg_probe_bmi2:
	mov $5, %ecx
	mov $3, %edx
	shlx %rcx, %rdx, %rax	/* 3 << 5 = 96 */
	cmp $96, %rax
	sete %al
	movzbl %al, %eax
	ret

	.globl tg_probe_popcnt
tg_probe_popcnt:
	mov $0xf0f0, %edx
	popcnt %rdx, %rax	/* 8 */
	cmp $8, %rax
	sete %al
	movzbl %al, %eax
	ret

	.globl tg_probe_lzcnt
tg_probe_lzcnt:
	mov $0x11, %edx
	lzcnt %rdx, %rax	/* 59; bsr would give 4 */
	cmp $59, %rax
	sete %al
	movzbl %al, %eax
	ret

	.section .note.GNU-stack, "", @progbits
