/* Symbol addresses from an ELF .symtab (libelf), mapped, not read whole:
 * a vmlinux with DWARF is over 100 MB and the table is a few MB of it. */
#include "host/monitor/layout.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host/util/log.h"

struct want {
	const char *const *names;
	size_t n;
	size_t *order; /* indices into names, sorted by name */
};

static int by_name(const void *a, const void *b, void *arg)
{
	const char *const *names = arg;

	return strcmp(names[*(const size_t *)a], names[*(const size_t *)b]);
}

/* Index of name in names, or -1: a binary search over the sorted order. */
static long lookup(const struct want *w, const char *name)
{
	size_t lo = 0, hi = w->n;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		int c = strcmp(name, w->names[w->order[mid]]);

		if (!c)
			return (long)w->order[mid];
		if (c < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

static Elf_Scn *find_symtab(Elf *elf, GElf_Shdr *sh)
{
	Elf_Scn *scn = NULL;

	while ((scn = elf_nextscn(elf, scn)) != NULL)
		if (gelf_getshdr(scn, sh) && sh->sh_type == SHT_SYMTAB)
			return scn;
	return NULL;
}

/* Walk the table once; every wanted name is looked up, not compared to all. */
static int scan(Elf *elf, const struct want *w, uint64_t *addr, uint64_t *size, bool *percpu, bool *found,
		bool *dup, const char *path, char *err, size_t errlen)
{
	GElf_Shdr sh;
	Elf_Scn *scn = find_symtab(elf, &sh);
	size_t shstrndx, nsym;
	Elf_Data *data;

	if (!scn)
		return errf(err, errlen,
			    "%s: no .symtab (a stripped kernel?); use the vmlinux the build left", path);
	if (elf_getshdrstrndx(elf, &shstrndx) || !(data = elf_getdata(scn, NULL)) || !sh.sh_entsize)
		return errf(err, errlen, "%s: corrupt ELF: %s", path, elf_errmsg(-1));
	nsym = sh.sh_size / sh.sh_entsize;
	for (size_t i = 0; i < nsym; i++) {
		GElf_Sym sym;
		GElf_Shdr ssh;
		Elf_Scn *sscn;
		const char *name, *sname;
		long k;

		if (!gelf_getsym(data, (int)i, &sym) || !sym.st_name || sym.st_shndx == SHN_UNDEF)
			continue;
		name = elf_strptr(elf, sh.sh_link, sym.st_name);
		if (!name || (k = lookup(w, name)) < 0)
			continue;
		if (found[k] || dup[k]) {
			if (found[k] && addr[k] != sym.st_value)
				found[k] = false, dup[k] = true;
			continue;
		}
		sscn = sym.st_shndx < SHN_LORESERVE ? elf_getscn(elf, sym.st_shndx) : NULL;
		sname = sscn && gelf_getshdr(sscn, &ssh) ? elf_strptr(elf, shstrndx, ssh.sh_name) : NULL;
		addr[k] = sym.st_value;
		size[k] = sym.st_size;
		percpu[k] = sname && !strcmp(sname, ".data..percpu");
		found[k] = true;
	}
	return 0;
}

int layout_sym_read(const char *path, const char *const *names, size_t n, uint64_t *addr, uint64_t *size,
		    bool *percpu, bool *found, bool *dup, char *err, size_t errlen)
{
	struct want w = { names, n, calloc(n ? n : 1, sizeof(size_t)) };
	int fd, rc = -1;
	Elf *elf;

	if (!w.order)
		return errf(err, errlen, "out of memory");
	for (size_t i = 0; i < n; i++) {
		w.order[i] = i;
		found[i] = dup[i] = percpu[i] = false;
		addr[i] = size[i] = 0;
	}
	qsort_r(w.order, n, sizeof(size_t), by_name, (void *)(uintptr_t)names);
	elf_version(EV_CURRENT);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		errf(err, errlen, "cannot open %s: %s", path, strerror(errno));
		goto out;
	}
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf || elf_kind(elf) != ELF_K_ELF)
		errf(err, errlen, "%s: not an ELF file", path);
	else
		rc = scan(elf, &w, addr, size, percpu, found, dup, path, err, errlen);
	elf_end(elf);
	close(fd);
out:
	free(w.order);
	return rc;
}

int layout_sym_load(struct layout *l, const char *path, char *err, size_t errlen)
{
	const char *names[LS_COUNT];
	uint64_t addr[LS_COUNT], size[LS_COUNT];
	bool percpu[LS_COUNT], found[LS_COUNT], dup[LS_COUNT];

	for (int i = 0; i < LS_COUNT; i++)
		names[i] = layout_syms[i].name;
	if (layout_sym_read(path, names, LS_COUNT, addr, size, percpu, found, dup, err, errlen))
		return -1;
	for (int i = 0; i < LS_COUNT; i++) {
		struct layout_sym *s = &l->s[i];
		bool want_percpu = layout_syms[i].kind == LAYOUT_PERCPU;

		*s = (struct layout_sym){ 0 };
		if (dup[i])
			snprintf(s->why, sizeof(s->why), "defined more than once");
		else if (found[i] && percpu[i] != want_percpu)
			snprintf(s->why, sizeof(s->why), "%s",
				 want_percpu ? "not a per-CPU variable" : "per-CPU");
		else if (found[i])
			s->ok = true, s->addr = addr[i], s->size = size[i];
	}
	return 0;
}
