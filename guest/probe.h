/* ktsrun's auto-repro probe in the guest (bpf/ktsr_probe.c): started before
 * the scheduler with the kernel functions and program names to probe,
 * told to attach to the scheduler's programs while the loader is stopped
 * between load and attach, ended after the scheduler; its report and
 * errors are read from files.
 *
 *   pid = probe_start(path, names, err, n);   kernel probes attached, or -1
 *   probe_progs(pid, err, n);                  program probes attached, or -1
 *   probe_end(pid);                            the report is written (idempotent)
 */
#ifndef KTS_GUEST_PROBE_H
#define KTS_GUEST_PROBE_H

#include <stddef.h>
#include <sys/types.h>

#define PROBE_OUT "/tmp/probe.stdout"
#define PROBE_ERR "/tmp/probe.stderr"

pid_t probe_start(const char *path, const char *names, char *err, size_t errlen);
int probe_progs(pid_t pid, char *err, size_t errlen);
void probe_end(pid_t pid);

#endif
