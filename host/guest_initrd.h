#ifndef KTS_GUEST_INITRD_H
#define KTS_GUEST_INITRD_H

#include <stddef.h>

/* A memfd holding the guest initramfs: the embedded init as /init, the
 * nodes it needs before devtmpfs is up and, when scenario is not NULL, the
 * compiled scenario as /scenario.ktsb (ktsrun.mode=run reads it). -1 with
 * err on failure. */
int guest_initrd_build(const void *scenario, size_t scenario_len, char *err, size_t errlen);

#endif
