/* The child side of a program PID 1 runs and watches (a scheduler, a
 * selftest): its stdout and stderr go to files the parent reads after. */
#ifndef KTS_GUEST_SPAWN_H
#define KTS_GUEST_SPAWN_H

/* In a forked child: stdout to out_path and stderr to err_path (created,
 * truncated), no other descriptors, default SIGINT/SIGTERM, then exec path.
 * Exits 126 if a file cannot be opened, 127 if path cannot run. */
__attribute__((noreturn)) void spawn_exec_logged(const char *path, char *const argv[], const char *out_path,
						 const char *err_path);

#endif
