/* Where a kernel's ftrace records point, read from its vmlinux (libelf):
 * __start_mcount_loc..__stop_mcount_loc hold one address per call site of
 * __fentry__; a record that is not a function's entry belongs to a weak
 * function the linker overrode, and the kernel's boot-time scan for those
 * (ftrace_check_for_weak_functions) is all that handles them. */
#include "host/kernel/kernel_ftrace.h"

#include <fcntl.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/util/log.h"

struct scan {
	uint64_t *func; /* STT_FUNC entries, sorted */
	size_t nfunc, cap;
	uint64_t start, stop; /* __start_mcount_loc, __stop_mcount_loc; 0 if absent */
};

static int by_addr(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static int add_func(struct scan *s, uint64_t a)
{
	if (s->nfunc == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 65536;
		uint64_t *f = realloc(s->func, cap * sizeof(*f));

		if (!f)
			return -1;
		s->func = f;
		s->cap = cap;
	}
	s->func[s->nfunc++] = a;
	return 0;
}

static int read_symtab(Elf *elf, struct scan *s, const char *path, char *err, size_t errlen)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn)) != NULL)
		if (gelf_getshdr(scn, &sh) && sh.sh_type == SHT_SYMTAB)
			break;
	if (!scn)
		return errf(err, errlen, "%s: no .symtab (a stripped kernel?)", path);

	Elf_Data *data = elf_getdata(scn, NULL);
	size_t n = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;

	if (!data || !n)
		return errf(err, errlen, "%s: corrupt symbol table: %s", path, elf_errmsg(-1));
	for (size_t i = 0; i < n; i++) {
		GElf_Sym sym;
		const char *name;

		if (!gelf_getsym(data, (int)i, &sym) || sym.st_shndx == SHN_UNDEF || !sym.st_value)
			continue;
		if (GELF_ST_TYPE(sym.st_info) == STT_FUNC) {
			if (add_func(s, sym.st_value))
				return errf(err, errlen, "out of memory");
			continue;
		}
		if (!(name = elf_strptr(elf, sh.sh_link, sym.st_name)))
			continue;
		if (!strcmp(name, "__start_mcount_loc"))
			s->start = sym.st_value;
		else if (!strcmp(name, "__stop_mcount_loc"))
			s->stop = sym.st_value;
	}
	qsort(s->func, s->nfunc, sizeof(*s->func), by_addr);
	return 0;
}

/* The bytes at [a, a + len) of the image, from the section holding them. */
static const uint8_t *bytes_at(Elf *elf, uint64_t a, uint64_t len)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_PROGBITS || a < sh.sh_addr ||
		    a - sh.sh_addr > sh.sh_size || len > sh.sh_size - (a - sh.sh_addr))
			continue;
		d = elf_rawdata(scn, NULL);
		return d && d->d_buf && d->d_size == sh.sh_size ? (const uint8_t *)d->d_buf + (a - sh.sh_addr)
								: NULL;
	}
	return NULL;
}

static long count_off_entry(Elf *elf, const struct scan *s, const char *path, char *err, size_t errlen)
{
	const uint8_t *p;
	uint64_t n = (s->stop - s->start) / 8;
	long off = 0;

	if ((s->stop - s->start) % 8 || !(p = bytes_at(elf, s->start, s->stop - s->start)))
		return errf(err, errlen, "%s: the ftrace record table is not inside one section", path);
	for (uint64_t i = 0; i < n; i++) {
		uint64_t ip;

		memcpy(&ip, p + i * 8, 8);
		/* zero: a call site in discarded code, which the kernel skips */
		if (ip && !bsearch(&ip, s->func, s->nfunc, sizeof(*s->func), by_addr))
			off++;
	}
	return off;
}

long kernel_ftrace_off_entry(const char *vmlinux, char *err, size_t errlen)
{
	struct scan s = { 0 };
	Elf *elf = NULL;
	long rc = -1;
	int fd;

	err[0] = '\0';
	if (elf_version(EV_CURRENT) == EV_NONE)
		return errf(err, errlen, "libelf: %s", elf_errmsg(-1));
	if ((fd = open(vmlinux, O_RDONLY | O_CLOEXEC)) < 0)
		return errf(err, errlen, "%s: %m", vmlinux);
	if (!(elf = elf_begin(fd, ELF_C_READ_MMAP, NULL)) || elf_kind(elf) != ELF_K_ELF) {
		errf(err, errlen, "%s: not an ELF file", vmlinux);
		goto out;
	}
	if (read_symtab(elf, &s, vmlinux, err, errlen))
		goto out;
	if (!s.start || s.stop < s.start) {
		rc = -2;
		goto out;
	}
	rc = count_off_entry(elf, &s, vmlinux, err, errlen);
out:
	free(s.func);
	if (elf)
		elf_end(elf);
	close(fd);
	return rc;
}
