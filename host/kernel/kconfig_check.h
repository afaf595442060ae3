/* Check that a built kernel's .config kept every option a fragment sets. */
#ifndef KTS_HOST_KERNEL_KCONFIG_CHECK_H
#define KTS_HOST_KERNEL_KCONFIG_CHECK_H

#include <stddef.h>

/*
 * Compare every CONFIG_ line of the fragment (frag, flen) with the final
 * .config (cfg, clen). "# CONFIG_X is not set" and "CONFIG_X=n" mean n; an
 * option absent from the .config counts as n too (its dependencies were
 * not met), but is reported as "absent". Both texts are outside input:
 * CRLF, trailing blanks and duplicates (the last one wins, as in kconfig)
 * are accepted; a malformed fragment line is an error.
 *
 * Returns the number of options that did not survive (0: the kernel is
 * good), writing them to msg as "CONFIG_A=y (got: not set); CONFIG_B=..."
 * (truncated with "..." if msg is short), or -1 with a reason in msg if
 * the fragment cannot be parsed.
 */
int kconfig_check(const char *frag, size_t flen, const char *cfg, size_t clen, char *msg, size_t msglen);

#endif
