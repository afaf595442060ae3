/* Loader of scx_ktsr_bad: scx_ktsr's loader on the rejected BPF object. */
#define KTSR_SKEL   scx_ktsr_bad
#define KTSR_SKEL_H "scx_ktsr_bad.bpf.skel.h"
#include "scx_ktsr.c"
