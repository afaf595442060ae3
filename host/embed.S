/* Files carried inside the ktsrun binary, so one file is the whole tool. */
	.section .rodata
	.balign 16
	.global embed_guest_init, embed_guest_init_end
embed_guest_init:
	.incbin GUEST_INIT
embed_guest_init_end:
	.balign 16
	.global embed_kconfig, embed_kconfig_end
embed_kconfig:
	.incbin KCONFIG
embed_kconfig_end:
	.section .note.GNU-stack,"",@progbits
