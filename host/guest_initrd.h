#ifndef KTS_GUEST_INITRD_H
#define KTS_GUEST_INITRD_H

#include <stddef.h>

/* A memfd holding the guest initramfs: the embedded init as /init and the
 * nodes it needs before devtmpfs is up. -1 with err on failure. */
int guest_initrd_build(char *err, size_t errlen);

#endif
