/* A kernel's build configuration, wherever the host can find it, and the
 * check that a kernel can run sched_ext schedulers before it is booted. */
#ifndef KTS_HOST_KERNEL_KCONFIG_READ_H
#define KTS_HOST_KERNEL_KCONFIG_READ_H

#include <stddef.h>
#include <stdint.h>

#include "host/kernel/kernel_cache.h"

#define KCONFIG_READ_MAX (4u << 20) /* bytes of a config text we accept */

/* The IKCONFIG blob ("IKCFG_ST", a gzip stream, "IKCFG_ED") of an image:
 * found as it is (a vmlinux) or inside the image's gzip payload (a
 * bzImage built with KERNEL_GZIP). 0 with malloc'd text, -1 if none. */
int kconfig_read_ikconfig(const uint8_t *img, size_t len, char **text, size_t *tlen);

/* The config of kernel e: its config file (the cache's, a build tree's
 * .config or `config` beside the image), config-RELEASE beside a distro
 * image as in /boot (vmlinuz-RELEASE), else IKCONFIG from the vmlinux or
 * the bzImage. 0 with malloc'd text and where it came from, -1 unknown. */
int kconfig_read(const struct kernel_cache_entry *e, char **text, size_t *len, char *from, size_t fromlen);

/* Can e run a sched_ext scheduler? 1 yes, 0 unknown (the guest will say
 * at boot), -1 no, with one line in err that says what to do. */
int kconfig_read_scx(const struct kernel_cache_entry *e, char *err, size_t errlen);

#endif
