#ifndef KTS_HOST_BOOT_EMBED_H
#define KTS_HOST_BOOT_EMBED_H

#include <stddef.h>

extern const unsigned char embed_guest_init[], embed_guest_init_end[];
extern const unsigned char embed_kconfig[], embed_kconfig_end[];
extern const unsigned char embed_kpatch[], embed_kpatch_end[];
extern const unsigned char embed_ktsr_bpf[], embed_ktsr_bpf_end[];
extern const unsigned char embed_ktsr_user[], embed_ktsr_user_end[];
extern const unsigned char embed_ktsr_hdr[], embed_ktsr_hdr_end[];
extern const unsigned char embed_ktsr_bad_bpf[], embed_ktsr_bad_bpf_end[];
extern const unsigned char embed_ktsr_bad_user[], embed_ktsr_bad_user_end[];
extern const unsigned char embed_loader_hook[], embed_loader_hook_end[];
extern const unsigned char embed_probe_bpf[], embed_probe_bpf_end[];
extern const unsigned char embed_probe_user[], embed_probe_user_end[];
extern const unsigned char embed_probe_hdr[], embed_probe_hdr_end[];

#define EMBED_SIZE(name) ((size_t)(name##_end - name))

#endif
