/* Whether the kernel's boot-time scan of its ftrace records for weak
 * functions can find anything, decided from its vmlinux. */
#ifndef KTS_HOST_KERNEL_KERNEL_FTRACE_H
#define KTS_HOST_KERNEL_KERNEL_FTRACE_H

#include <stddef.h>

/* How many of vmlinux's ftrace records are not at a function's entry (the
 * weak functions ftrace_check_for_weak_functions marks disabled at boot;
 * with CONFIG_X86_KERNEL_IBT every record sits after an endbr64, so all
 * count and nothing is skipped). -2 when the kernel has no ftrace records;
 * -1 with err when the file cannot be read. */
long kernel_ftrace_off_entry(const char *vmlinux, char *err, size_t errlen);

#endif
