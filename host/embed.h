#ifndef KTS_EMBED_H
#define KTS_EMBED_H

#include <stddef.h>

extern const unsigned char embed_guest_init[], embed_guest_init_end[];
extern const unsigned char embed_kconfig[], embed_kconfig_end[];

#define EMBED_SIZE(name) ((size_t)(name##_end - name))

#endif
