#include "guest/selfreport.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "guest/chan.h"
#include "guest/sysfs.h"
#include "lib/proto.h"

static int count_dirs(const char *dir, const char *prefix)
{
	size_t plen = strlen(prefix);
	struct dirent *e;
	DIR *d = opendir(dir);
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, prefix, plen) && e->d_name[plen] >= '0' && e->d_name[plen] <= '9')
			n++;
	closedir(d);
	return n;
}

/* _text as the running kernel has it, from /proc/kallsyms (root sees real
 * addresses): the host's monitor learns the KASLR slide from it. It comes
 * after the per-CPU symbols, a few hundred lines in, so the read stops
 * early. "" when it cannot be read. */
static void kernel_text(char *out, size_t len)
{
	char line[256], addr[17], name[64];
	FILE *f = fopen("/proc/kallsyms", "r");

	out[0] = '\0';
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%16[0-9a-f] %*c %63s", addr, name) == 2 && !strcmp(name, "_text")) {
			snprintf(out, len, "0x%s", addr);
			break;
		}
	if (f)
		fclose(f);
}

int selfreport_hello(const char *mode)
{
	struct utsname u;
	char state[64] = "", ops[64] = "", text[24];
	int scx = access("/sys/kernel/sched_ext", F_OK) == 0;

	uname(&u);
	if (scx) {
		sysfs_read(state, sizeof(state), "/sys/kernel/sched_ext/state");
		sysfs_read(ops, sizeof(ops), "/sys/kernel/sched_ext/root/ops");
	}
	kernel_text(text, sizeof(text));
	return chan_rec(REC_HELLO,
			"mode=%s\nrelease=%s\nsched_ext=%d\nscx_state=%s\nscx_ops=%s\n"
			"ncpus=%ld\nnnodes=%d\ntext=%s\n",
			mode, u.release, scx, state, ops, sysconf(_SC_NPROCESSORS_CONF),
			count_dirs("/sys/devices/system/node", "node"), text);
}

/* The LLC is the highest-level cache the CPU lists; usually index3. */
static void cpu_llc(int cpu, char *list, size_t len, int *level)
{
	char buf[16];

	*level = 0;
	list[0] = '\0';
	for (int i = 0; i < 8; i++) {
		int lv;

		if (sysfs_read(buf, sizeof(buf), "/sys/devices/system/cpu/cpu%d/cache/index%d/level", cpu, i))
			break;
		lv = atoi(buf);
		if (lv >= *level &&
		    !sysfs_read(list, len, "/sys/devices/system/cpu/cpu%d/cache/index%d/shared_cpu_list", cpu,
				i))
			*level = lv;
	}
}

static int cpu_node(int cpu)
{
	char dir[64];
	struct dirent *e;
	DIR *d;
	int node = -1;

	snprintf(dir, sizeof(dir), "/sys/devices/system/cpu/cpu%d", cpu);
	d = opendir(dir);
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "node", 4) && e->d_name[4] >= '0' && e->d_name[4] <= '9')
			node = atoi(e->d_name + 4);
	closedir(d);
	return node;
}

#define TOPO(cpu, f) "/sys/devices/system/cpu/cpu%d/topology/" f, cpu

static int report_cpu(int cpu)
{
	char pkg[16] = "", die[16] = "", core[16] = "", smt[256] = "", pkgl[256] = "", llc[256];
	char online[8] = "1";
	int level;

	sysfs_read(online, sizeof(online), "/sys/devices/system/cpu/cpu%d/online", cpu);
	sysfs_read(pkg, sizeof(pkg), TOPO(cpu, "physical_package_id"));
	sysfs_read(die, sizeof(die), TOPO(cpu, "die_id"));
	sysfs_read(core, sizeof(core), TOPO(cpu, "core_id"));
	sysfs_read(smt, sizeof(smt), TOPO(cpu, "thread_siblings_list"));
	sysfs_read(pkgl, sizeof(pkgl), TOPO(cpu, "core_siblings_list"));
	cpu_llc(cpu, llc, sizeof(llc), &level);
	return chan_rec(REC_CPU,
			"cpu=%d\nonline=%s\npackage=%s\ndie=%s\ncore=%s\nsmt=%s\n"
			"package_cpus=%s\nllc=%s\nllc_level=%d\nnode=%d\n",
			cpu, online, pkg, die, core, smt, pkgl, llc, level, cpu_node(cpu));
}

static int report_node(int node)
{
	char cpus[256] = "", dist[256] = "";

	sysfs_read(cpus, sizeof(cpus), "/sys/devices/system/node/node%d/cpulist", node);
	sysfs_read(dist, sizeof(dist), "/sys/devices/system/node/node%d/distance", node);
	return chan_rec(REC_NODE, "node=%d\ncpus=%s\ndistance=%s\n", node, cpus, dist);
}

int selfreport_topology(void)
{
	int ncpu = count_dirs("/sys/devices/system/cpu", "cpu");
	int nnode = count_dirs("/sys/devices/system/node", "node");
	int err;

	for (int c = 0; c < ncpu; c++)
		if ((err = report_cpu(c)))
			return err;
	for (int n = 0; n < nnode; n++)
		if ((err = report_node(n)))
			return err;
	return 0;
}

/* Put a random nonce in a locked page and tell the host its guest physical
 * address: the host proves it maps guest RAM by finding the nonce there. */
int selfreport_memprobe(void)
{
	uint64_t nonce[2], entry;
	long page = sysconf(_SC_PAGESIZE);
	uint64_t *p = mmap(NULL, (size_t)page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int fd;

	if (p == MAP_FAILED)
		return -errno;
	if (getrandom(nonce, sizeof(nonce), 0) != sizeof(nonce))
		return -EIO;
	p[0] = nonce[0];
	p[1] = nonce[1];
	if (mlock(p, (size_t)page))
		return -errno;
	fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	if (pread(fd, &entry, sizeof(entry), (off_t)((uintptr_t)p / (uintptr_t)page * 8)) != sizeof(entry)) {
		close(fd);
		return -EIO;
	}
	close(fd);
	if (!(entry >> 63) || !(entry & ((1ull << 55) - 1)))
		return -ENOENT;
	return chan_rec(REC_MEMPROBE, "gpa=%llu\nnonce=%016llx%016llx\n",
			(unsigned long long)((entry & ((1ull << 55) - 1)) * (uint64_t)page),
			(unsigned long long)nonce[0], (unsigned long long)nonce[1]);
}
