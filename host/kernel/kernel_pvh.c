#include "host/kernel/kernel_pvh.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/kernel/kernel_ftrace.h"
#include "host/util/cache.h"
#include "host/util/fs.h"

#define XEN_ELFNOTE_PHYS32_ENTRY 18

/* A note list: is there a "Xen" note of the PVH entry type? */
static int has_pvh_note(const uint8_t *p, size_t len)
{
	size_t off = 0;

	while (off + sizeof(Elf64_Nhdr) <= len) {
		const Elf64_Nhdr *n = (const Elf64_Nhdr *)(p + off);
		size_t name = (n->n_namesz + 3ul) & ~3ul, desc = (n->n_descsz + 3ul) & ~3ul;

		if (n->n_namesz > len || n->n_descsz > len)
			return 0;
		if (n->n_type == XEN_ELFNOTE_PHYS32_ENTRY && n->n_namesz == 4 &&
		    off + sizeof(*n) + 4 <= len && !memcmp(p + off + sizeof(*n), "Xen", 4) &&
		    n->n_descsz >= 4)
			return 1;
		off += sizeof(*n) + name + desc;
	}
	return 0;
}

int kernel_pvh_check(const void *elf, size_t len, uint64_t *end, char *err, size_t errlen)
{
	const uint8_t *p = elf;
	const Elf64_Ehdr *eh = elf;
	int note = 0;

	*end = 0;
	if (len < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) ||
	    eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB) {
		snprintf(err, errlen, "not a 64-bit little-endian ELF file");
		return -1;
	}
	if (eh->e_type != ET_EXEC || eh->e_machine != EM_X86_64) {
		snprintf(err, errlen, "not an x86-64 executable");
		return -1;
	}
	if (eh->e_phentsize != sizeof(Elf64_Phdr) || !eh->e_phnum || eh->e_phoff > len ||
	    (len - eh->e_phoff) / sizeof(Elf64_Phdr) < eh->e_phnum) {
		snprintf(err, errlen, "program headers missing or outside the file");
		return -1;
	}
	*end = eh->e_phoff + (uint64_t)eh->e_phnum * sizeof(Elf64_Phdr);
	for (unsigned i = 0; i < eh->e_phnum; i++) {
		const Elf64_Phdr *ph = (const Elf64_Phdr *)(p + eh->e_phoff) + i;

		if (ph->p_type != PT_LOAD && ph->p_type != PT_NOTE)
			continue;
		if (ph->p_offset > len || ph->p_filesz > len - ph->p_offset) {
			snprintf(err, errlen, "segment %u lies outside the file", i);
			return -1;
		}
		if (ph->p_offset + ph->p_filesz > *end)
			*end = ph->p_offset + ph->p_filesz;
		if (ph->p_type == PT_NOTE)
			note |= has_pvh_note(p + ph->p_offset, ph->p_filesz);
	}
	if (!note) {
		snprintf(err, errlen, "no PVH entry note (kernel built without CONFIG_PVH)");
		return -1;
	}
	return 0;
}

/* The copy's header says there are no section headers. */
static int write_image(int fd, const uint8_t *p, uint64_t end)
{
	Elf64_Ehdr eh;

	memcpy(&eh, p, sizeof(eh));
	eh.e_shoff = 0;
	eh.e_shnum = 0;
	eh.e_shstrndx = SHN_UNDEF;
	return fs_write_all(fd, &eh, sizeof(eh)) || fs_write_all(fd, p + sizeof(eh), end - sizeof(eh));
}

int kernel_pvh_write(const char *src, const char *dst, char *err, size_t errlen)
{
	char tmp[PATH_MAX + 32], facts[PATH_MAX + 8];
	struct stat st;
	uint64_t end;
	void *map = MAP_FAILED;
	int in = open(src, O_RDONLY | O_CLOEXEC), out = -1, rc = -1;

	if (in < 0 || fstat(in, &st)) {
		snprintf(err, errlen, "%s: %s", src, strerror(errno));
		goto out;
	}
	if (st.st_size > 0)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, in, 0);
	if (map == MAP_FAILED) {
		snprintf(err, errlen, "%s: cannot map it: %s", src,
			 st.st_size ? strerror(errno) : "empty file");
		goto out;
	}
	if (kernel_pvh_check(map, (size_t)st.st_size, &end, err, errlen))
		goto out;
	snprintf(tmp, sizeof(tmp), "%s.tmp%d", dst, (int)getpid());
	out = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	snprintf(facts, sizeof(facts), "%s.facts", dst); /* those of an older image */
	if (out < 0 || write_image(out, map, end) || close(out) || (unlink(facts) && errno != ENOENT) ||
	    rename(tmp, dst)) {
		int e = errno;

		if (out >= 0)
			unlink(tmp);
		fs_write_error(dst, e, (size_t)end, NULL, err, errlen);
		out = -1;
		goto out;
	}
	out = -1;
	rc = 0;
out:
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
	if (in >= 0)
		close(in);
	return rc;
}

/* Where the image of k lives. */
static int image_path(const struct kernel_cache_entry *k, char *out, size_t len, char *err, size_t errlen)
{
	char dir[PATH_MAX], id[PATH_MAX + 64], name[64];
	struct stat st;
	int n;

	if (k->dir[0])
		return fs_join(out, len, k->dir, "vmlinux.pvh") ? (snprintf(err, errlen, "path too long"), -1)
								: 0;
	if (stat(k->vmlinux, &st) || cache_subdir("pvh", dir, sizeof(dir), err, errlen)) {
		if (!err[0])
			snprintf(err, errlen, "%s: %s", k->vmlinux, strerror(errno));
		return -1;
	}
	n = snprintf(id, sizeof(id), "%s %lld %lld", k->vmlinux, (long long)st.st_size,
		     (long long)st.st_mtime);
	snprintf(name, sizeof(name), "vmlinux-%016llx", (unsigned long long)cache_fnv1a(id, (size_t)n));
	return fs_join(out, len, dir, name) ? (snprintf(err, errlen, "path too long"), -1) : 0;
}

int kernel_pvh_image(const struct kernel_cache_entry *k, char *out, size_t outlen, char *err, size_t errlen)
{
	char why[256];

	err[0] = '\0';
	if (!k->vmlinux[0])
		return 0;
	if (image_path(k, out, outlen, err, errlen))
		return -1;
	if (access(out, R_OK) == 0)
		return 1;
	if (kernel_pvh_write(k->vmlinux, out, why, sizeof(why)) == 0)
		return 1;
	/* a kernel without the PVH note boots as before, through its bzImage */
	if (strstr(why, "no PVH entry note"))
		return 0;
	snprintf(err, errlen, "%s", why);
	return -1;
}

void kernel_pvh_facts_of(const void *image, size_t len, long ftrace_off_entry, struct kernel_pvh_facts *f)
{
	static const char param[] = "lapic_timer_khz"; /* early_param's name, in .init.rodata */

	f->ftrace_clean = ftrace_off_entry == 0;
	f->lapic_timer_khz = len >= sizeof(param) && memmem(image, len, param, sizeof(param)) != NULL;
}

/* Decide the facts of image now: map it, count the vmlinux's records. */
static void facts_decide(const struct kernel_cache_entry *k, const char *image, struct kernel_pvh_facts *f)
{
	char err[512];
	struct stat st;
	void *map = MAP_FAILED;
	long off = kernel_ftrace_off_entry(k->vmlinux, err, sizeof(err));
	int fd = open(image, O_RDONLY | O_CLOEXEC);

	if (fd >= 0 && !fstat(fd, &st) && st.st_size > 0)
		map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (fd >= 0)
		close(fd);
	kernel_pvh_facts_of(map == MAP_FAILED ? "" : map, map == MAP_FAILED ? 0 : (size_t)st.st_size, off, f);
	if (map != MAP_FAILED)
		munmap(map, (size_t)st.st_size);
}

/* "<image>.facts": "ftrace_clean=0|1" and "lapic_timer_khz=0|1", one a
 * line, so the 100 MB vmlinux is read once per image, not per boot. A file
 * without both lines (an older ktsrun's) is decided again. */
void kernel_pvh_facts(const struct kernel_cache_entry *k, const char *image, struct kernel_pvh_facts *f)
{
	char path[PATH_MAX + 8], buf[128];
	int fd, a = -1, b = -1;
	ssize_t n = -1;
	const char *l;

	memset(f, 0, sizeof(*f));
	if (!k->vmlinux[0] || !image || !image[0] ||
	    snprintf(path, sizeof(path), "%s.facts", image) >= (int)sizeof(path))
		return;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
	}
	buf[n > 0 ? n : 0] = '\0';
	if ((l = strstr(buf, "ftrace_clean=")))
		a = l[13] == '1' ? 1 : l[13] == '0' ? 0 : -1;
	if ((l = strstr(buf, "lapic_timer_khz=")))
		b = l[16] == '1' ? 1 : l[16] == '0' ? 0 : -1;
	if (a >= 0 && b >= 0) {
		f->ftrace_clean = a;
		f->lapic_timer_khz = b;
		return;
	}
	facts_decide(k, image, f);
	n = snprintf(buf, sizeof(buf), "ftrace_clean=%d\nlapic_timer_khz=%d\n", f->ftrace_clean,
		     f->lapic_timer_khz);
	fs_write_atomic(path, buf, (size_t)n); /* unwritten: decided again next boot */
}
