/* The host terminal in raw mode for the shell, and back as it was on every
 * way out: term_restore, exit() (atexit), and the signals that end or stop
 * the process (SIGINT, SIGTERM and SIGHUP stay sig.h's flags: the boot loop
 * kills the VM and the caller restores). Raw: no echo, no line editing, no
 * signals from keys, bytes through unchanged; output keeps \n -> \r\n so
 * our own lines print as lines. */
#ifndef KTS_HOST_UTIL_TERM_H
#define KTS_HOST_UTIL_TERM_H

#include <stdbool.h>

/* fd (a terminal) raw. 0, or -errno (nothing changed). */
int term_raw(int fd);
/* Back as term_raw found it; idempotent, async-signal-safe. */
void term_restore(void);
/* rows and cols of the terminal on fd: 0, or -1 if it does not say. */
int term_size(int fd, unsigned *rows, unsigned *cols);
/* SIGWINCH seen since the last call. */
bool term_resized(void);

#endif
