/* scx_ktsr: what the BPF side (scx_ktsr.bpf.c) and the loader (scx_ktsr.c)
 * share. Included from BPF code too: no libc headers here. */
#ifndef KTSR_H
#define KTSR_H

#define KTSR_DSQ 0 /* the one global FIFO */

/* Triggers the loader sets in .bss (from -f FILE, SIGUSR1, SIGUSR2). */
enum ktsr_trigger {
	KTSR_TRIG_NONE = 0,
	KTSR_TRIG_STALL = 1, /* stop dispatching: the watchdog ejects us */
	KTSR_TRIG_ERROR = 2, /* scx_bpf_error() at the next enqueue */
};

#endif
