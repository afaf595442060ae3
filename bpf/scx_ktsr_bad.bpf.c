/* scx_ktsr with an unchecked map lookup: the verifier must reject it. */
#define KTSR_BAD 1
#include "scx_ktsr.bpf.c"
