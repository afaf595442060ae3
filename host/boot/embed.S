/* Files carried inside the ktsrun binary, so one file is the whole tool:
 * the guest init, the kconfig fragment and source patch, the sources of bpf/scx_ktsr, the
 * loaders' hook and the auto-repro's probe, ktsr_probe (sched build compiles them inside the kernel tree). */
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
	.balign 16
	.global embed_kpatch, embed_kpatch_end
embed_kpatch:
	.incbin KPATCH
embed_kpatch_end:
	.balign 16
	.global embed_ktsr_bpf, embed_ktsr_bpf_end
embed_ktsr_bpf:
	.incbin "bpf/scx_ktsr.bpf.c"
embed_ktsr_bpf_end:
	.balign 16
	.global embed_ktsr_user, embed_ktsr_user_end
embed_ktsr_user:
	.incbin "bpf/scx_ktsr.c"
embed_ktsr_user_end:
	.balign 16
	.global embed_ktsr_hdr, embed_ktsr_hdr_end
embed_ktsr_hdr:
	.incbin "bpf/scx_ktsr.h"
embed_ktsr_hdr_end:
	.balign 16
	.global embed_ktsr_bad_bpf, embed_ktsr_bad_bpf_end
embed_ktsr_bad_bpf:
	.incbin "bpf/scx_ktsr_bad.bpf.c"
embed_ktsr_bad_bpf_end:
	.balign 16
	.global embed_ktsr_bad_user, embed_ktsr_bad_user_end
embed_ktsr_bad_user:
	.incbin "bpf/scx_ktsr_bad.c"
embed_ktsr_bad_user_end:
	.balign 16
	.global embed_loader_hook, embed_loader_hook_end
embed_loader_hook:
	.incbin "bpf/loader_hook.h"
embed_loader_hook_end:
	.balign 16
	.global embed_probe_bpf, embed_probe_bpf_end
embed_probe_bpf:
	.incbin "bpf/ktsr_probe.bpf.c"
embed_probe_bpf_end:
	.balign 16
	.global embed_probe_user, embed_probe_user_end
embed_probe_user:
	.incbin "bpf/ktsr_probe.c"
embed_probe_user_end:
	.balign 16
	.global embed_probe_hdr, embed_probe_hdr_end
embed_probe_hdr:
	.incbin "bpf/ktsr_probe.h"
embed_probe_hdr_end:
	.section .note.GNU-stack,"",@progbits
