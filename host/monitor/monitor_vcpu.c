/* Host CPU time of each vCPU thread. QEMU names them "CPU N/TCG" (or
 * "/KVM") with -name ...,debug-threads=on; their schedstat file gives the
 * time each ran and the time it sat runnable on a host run queue, in ns,
 * which is what tells a guest CPU that stood still because the host did
 * not run it from one the guest left idle. The files stay open: a sample
 * costs one pread per vCPU. */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/monitor/monitor.h"

/* "CPU 12/TCG\n" -> 12; -1 for any other thread name. */
static int vcpu_index(const char *comm)
{
	char *end;
	long v;

	if (strncmp(comm, "CPU ", 4))
		return -1;
	v = strtol(comm + 4, &end, 10);
	return end != comm + 4 && *end == '/' && v >= 0 && v < SAMPLE_MAX_CPUS ? (int)v : -1;
}

unsigned monitor_vcpu_open(pid_t pid, int *fd, unsigned n)
{
	char path[64], comm[32];
	struct dirent *e;
	unsigned found = 0;
	DIR *d;

	for (unsigned i = 0; i < n; i++)
		fd[i] = -1;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	if (pid <= 0 || !(d = opendir(path)))
		return 0;
	while ((e = readdir(d))) {
		int f, idx;
		ssize_t got;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/comm", (int)pid, e->d_name);
		if ((f = open(path, O_RDONLY | O_CLOEXEC)) < 0)
			continue;
		got = read(f, comm, sizeof(comm) - 1);
		close(f);
		comm[got > 0 ? got : 0] = 0;
		if ((idx = vcpu_index(comm)) < 0 || (unsigned)idx >= n || fd[idx] >= 0)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/task/%.16s/schedstat", (int)pid, e->d_name);
		if ((fd[idx] = open(path, O_RDONLY | O_CLOEXEC)) >= 0)
			found++;
	}
	closedir(d);
	return found;
}

void monitor_vcpu_read(const int *fd, unsigned n, struct monitor_vcpu *out)
{
	char buf[96];

	for (unsigned i = 0; i < n; i++) {
		unsigned long long run, delay;
		char *end, *p;
		ssize_t got;

		if (fd[i] < 0 || (got = pread(fd[i], buf, sizeof(buf) - 1, 0)) <= 0)
			continue;
		buf[got] = 0;
		/* "RUN DELAY SLICES\n"; strtoull, not sscanf: a tenth of the
		 * instructions, and this runs for every vCPU */
		run = strtoull(buf, &end, 10);
		if (end == buf || *end != ' ')
			continue;
		delay = strtoull(p = end + 1, &end, 10);
		if (end != p && (*end == ' ' || *end == '\n'))
			out[i] = (struct monitor_vcpu){ run, delay };
	}
}

void monitor_vcpu_close(int *fd, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		if (fd[i] >= 0)
			close(fd[i]);
		fd[i] = -1;
	}
}
