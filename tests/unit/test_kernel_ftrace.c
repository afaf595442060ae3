/* What a PVH boot may skip: the ftrace records of a vmlinux counted
 * against its functions' entries (a hand-made ELF with a symbol table and
 * a record table), and the patched kernel's parameter found in an image. */
#include <elf.h>
#include <fcntl.h>
#include <unistd.h>

#include "host/kernel/kernel_ftrace.h"
#include "host/kernel/kernel_pvh.h"
#include "tests/unit/tu.h"

#define TEXT_VA 0xffffffff81000000ull
#define DATA_VA 0xffffffff82000000ull

struct img {
	uint8_t b[8192];
	size_t len;
};

static size_t put(struct img *m, const void *p, size_t n)
{
	size_t at = (m->len + 7) & ~7ul;

	memcpy(m->b + at, p, n);
	m->len = at + n;
	return at;
}

/* .text with functions at +0 and +0x40, .data holding nrec records, and
 * __start/__stop_mcount_loc around them unless no_table. */
static void make_vmlinux(struct img *m, const uint64_t *rec, unsigned nrec, int no_table)
{
	static const char shstr[] = "\0.text\0.data\0.symtab\0.strtab\0.shstrtab";
	static const char str[] = "\0f1\0f2\0__start_mcount_loc\0__stop_mcount_loc";
	uint8_t text[0x100] = { 0x90 };
	Elf64_Sym sym[5] = {
		{ 0 },
		{ .st_name = 1,
		  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
		  .st_shndx = 1,
		  .st_value = TEXT_VA },
		{ .st_name = 4,
		  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_FUNC),
		  .st_shndx = 1,
		  .st_value = TEXT_VA + 0x40 },
		{ .st_name = 7,
		  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE),
		  .st_shndx = 2,
		  .st_value = DATA_VA },
		{ .st_name = 26,
		  .st_info = ELF64_ST_INFO(STB_GLOBAL, STT_NOTYPE),
		  .st_shndx = 2,
		  .st_value = DATA_VA + 8ull * nrec },
	};
	Elf64_Ehdr eh = { .e_type = ET_EXEC,
			  .e_machine = EM_X86_64,
			  .e_version = EV_CURRENT,
			  .e_ehsize = sizeof(Elf64_Ehdr),
			  .e_shentsize = sizeof(Elf64_Shdr),
			  .e_shnum = 6,
			  .e_shstrndx = 5 };
	Elf64_Shdr sh[6] = { { 0 } };
	size_t o_text, o_data, o_sym, o_str, o_shstr;

	memset(m, 0, sizeof(*m));
	memcpy(eh.e_ident, ELFMAG, SELFMAG);
	eh.e_ident[EI_CLASS] = ELFCLASS64;
	eh.e_ident[EI_DATA] = ELFDATA2LSB;
	eh.e_ident[EI_VERSION] = EV_CURRENT;
	m->len = sizeof(eh);
	o_text = put(m, text, sizeof(text));
	o_data = put(m, rec, 8ul * nrec);
	o_sym = put(m, sym, sizeof(sym) - (no_table ? 2 * sizeof(sym[0]) : 0));
	o_str = put(m, str, sizeof(str));
	o_shstr = put(m, shstr, sizeof(shstr));
	sh[1] = (Elf64_Shdr){ .sh_name = 1,
			      .sh_type = SHT_PROGBITS,
			      .sh_flags = SHF_ALLOC | SHF_EXECINSTR,
			      .sh_addr = TEXT_VA,
			      .sh_offset = o_text,
			      .sh_size = sizeof(text) };
	sh[2] = (Elf64_Shdr){ .sh_name = 7,
			      .sh_type = SHT_PROGBITS,
			      .sh_flags = SHF_ALLOC | SHF_WRITE,
			      .sh_addr = DATA_VA,
			      .sh_offset = o_data,
			      .sh_size = 8ul * nrec };
	sh[3] = (Elf64_Shdr){ .sh_name = 13,
			      .sh_type = SHT_SYMTAB,
			      .sh_offset = o_sym,
			      .sh_size = sizeof(sym) - (no_table ? 2 * sizeof(sym[0]) : 0),
			      .sh_link = 4,
			      .sh_info = 1,
			      .sh_entsize = sizeof(Elf64_Sym) };
	sh[4] = (Elf64_Shdr){
		.sh_name = 21, .sh_type = SHT_STRTAB, .sh_offset = o_str, .sh_size = sizeof(str)
	};
	sh[5] = (Elf64_Shdr){
		.sh_name = 29, .sh_type = SHT_STRTAB, .sh_offset = o_shstr, .sh_size = sizeof(shstr)
	};
	eh.e_shoff = (m->len + 7) & ~7ul;
	memcpy(m->b, &eh, sizeof(eh));
	put(m, sh, sizeof(sh));
}

static long count(const struct img *m, char *err, size_t errlen)
{
	char path[4200];
	int fd;

	snprintf(path, sizeof(path), "%s/vmlinux-ftrace", tu_tmpdir());
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	TU_EQ_INT(write(fd, m->b, m->len), (long)m->len);
	close(fd);
	return kernel_ftrace_off_entry(path, err, errlen);
}

TU_TEST(kernel_ftrace_counts_records_off_an_entry)
{
	static struct img m;
	char err[300] = "";
	/* zero: a call site in discarded code, skipped as the kernel does */
	uint64_t entries[] = { TEXT_VA, 0, TEXT_VA + 0x40 };
	uint64_t weak[] = { TEXT_VA, TEXT_VA + 0x45, TEXT_VA + 0x40, TEXT_VA + 0x80 };

	make_vmlinux(&m, entries, 3, 0);
	TU_EQ_INT(count(&m, err, sizeof(err)), 0);
	make_vmlinux(&m, weak, 4, 0);
	TU_EQ_INT(count(&m, err, sizeof(err)), 2);
	/* a kernel built without ftrace has no table: nothing to decide */
	make_vmlinux(&m, entries, 3, 1);
	TU_EQ_INT(count(&m, err, sizeof(err)), -2);
	memcpy(&m, "not an elf", 11);
	m.len = 11;
	TU_EQ_INT(count(&m, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "not an ELF file") != NULL);
	TU_EQ_INT(kernel_ftrace_off_entry("/nonexistent/vmlinux", err, sizeof(err)), -1);
	TU_EQ_STR(err, "/nonexistent/vmlinux: No such file or directory");
}

TU_TEST(kernel_pvh_facts_of_an_image)
{
	static const char patched[] = "xx\0lapic_timer_khz\0yy", other[] = "lapic_timer_khzz\0lapic";
	struct kernel_pvh_facts f;

	kernel_pvh_facts_of(patched, sizeof(patched), 0, &f);
	TU_CHECK(f.lapic_timer_khz);
	TU_CHECK(f.ftrace_clean);
	/* the name as a prefix of another string is not the parameter */
	kernel_pvh_facts_of(other, sizeof(other), 3, &f);
	TU_CHECK(!f.lapic_timer_khz);
	TU_CHECK(!f.ftrace_clean);
	kernel_pvh_facts_of("", 0, -1, &f);
	TU_CHECK(!f.lapic_timer_khz && !f.ftrace_clean);
}
