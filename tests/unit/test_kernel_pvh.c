/* The PVH image: which ELF files have the entry, and what the cut-down
 * copy keeps (header, program headers, segment bytes; no sections). */
#include <elf.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/kernel/kernel_pvh.h"
#include "tests/unit/tu.h"

#define IMG 4096

/* ELF header, 3 program headers (LOAD, NOTE, LOAD), a note list at 0x200
 * (a GNU note, then the Xen one unless bad_note), data to 0x800, then
 * "section" bytes that the copy must drop. */
static void make_elf(uint8_t *b, int bad_note, uint64_t load_size)
{
	Elf64_Ehdr *eh = (Elf64_Ehdr *)b;
	Elf64_Phdr *ph = (Elf64_Phdr *)(b + sizeof(*eh));
	Elf64_Nhdr *n;
	uint8_t *p = b + 0x200;

	memset(b, 0, IMG);
	memcpy(eh->e_ident, ELFMAG, SELFMAG);
	eh->e_ident[EI_CLASS] = ELFCLASS64;
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_phoff = sizeof(*eh);
	eh->e_phentsize = sizeof(*ph);
	eh->e_phnum = 3;
	eh->e_shoff = 0xc00;
	eh->e_shnum = 5;
	eh->e_shentsize = sizeof(Elf64_Shdr);
	ph[0] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x400, .p_filesz = load_size };
	ph[1] = (Elf64_Phdr){ .p_type = PT_NOTE, .p_offset = 0x200, .p_filesz = 2 * (sizeof(*n) + 4 + 8) };
	ph[2] = (Elf64_Phdr){ .p_type = PT_LOAD, .p_offset = 0x200, .p_filesz = 0x40 };
	n = (Elf64_Nhdr *)p;
	*n = (Elf64_Nhdr){ .n_namesz = 4, .n_descsz = 8, .n_type = 3 };
	memcpy(p + sizeof(*n), "GNU", 4);
	p += sizeof(*n) + 4 + 8;
	n = (Elf64_Nhdr *)p;
	*n = (Elf64_Nhdr){ .n_namesz = 4, .n_descsz = 8, .n_type = bad_note ? 17 : 18 };
	memcpy(p + sizeof(*n), "Xen", 4);
	for (int i = 0x400; i < 0x800; i++)
		b[i] = (uint8_t)i;
	memset(b + 0x800, 0xee, IMG - 0x800);
}

TU_TEST(kernel_pvh_check_finds_the_entry_and_the_end)
{
	static uint8_t b[IMG];
	uint64_t end;
	char err[200] = "";

	make_elf(b, 0, 0x400);
	TU_EQ_INT(kernel_pvh_check(b, IMG, &end, err, sizeof(err)), 0);
	TU_EQ_INT(end, 0x800);
	make_elf(b, 1, 0x400);
	TU_EQ_INT(kernel_pvh_check(b, IMG, &end, err, sizeof(err)), -1);
	TU_EQ_STR(err, "no PVH entry note (kernel built without CONFIG_PVH)");
	make_elf(b, 0, IMG);
	TU_EQ_INT(kernel_pvh_check(b, IMG, &end, err, sizeof(err)), -1);
	TU_EQ_STR(err, "segment 0 lies outside the file");
	make_elf(b, 0, 0x400);
	TU_EQ_INT(kernel_pvh_check(b, 100, &end, err, sizeof(err)), -1);
	TU_EQ_STR(err, "program headers missing or outside the file");
	((Elf64_Ehdr *)b)->e_machine = EM_AARCH64;
	TU_EQ_INT(kernel_pvh_check(b, IMG, &end, err, sizeof(err)), -1);
	TU_EQ_STR(err, "not an x86-64 executable");
	TU_EQ_INT(kernel_pvh_check("hello", 5, &end, err, sizeof(err)), -1);
	TU_EQ_STR(err, "not a 64-bit little-endian ELF file");
}

TU_TEST(kernel_pvh_write_keeps_segments_drops_sections)
{
	static uint8_t b[IMG], got[IMG];
	char src[4200], dst[4200], err[200] = "";
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)got;
	int fd;
	ssize_t n;

	snprintf(src, sizeof(src), "%s/vmlinux", tu_tmpdir());
	snprintf(dst, sizeof(dst), "%s/vmlinux.pvh", tu_tmpdir());
	make_elf(b, 0, 0x400);
	fd = open(src, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	TU_EQ_INT(write(fd, b, IMG), IMG);
	close(fd);
	TU_EQ_INT(kernel_pvh_write(src, dst, err, sizeof(err)), 0);
	fd = open(dst, O_RDONLY);
	n = read(fd, got, sizeof(got));
	close(fd);
	TU_EQ_INT(n, 0x800);
	TU_EQ_INT(eh->e_shoff, 0);
	TU_EQ_INT(eh->e_shnum, 0);
	TU_EQ_INT(eh->e_phnum, 3);
	TU_CHECK(!memcmp(got + sizeof(*eh), b + sizeof(*eh), 0x800 - sizeof(*eh)));
	/* a file without the note gives no image, and leaves no temporary */
	make_elf(b, 1, 0x400);
	fd = open(src, O_WRONLY | O_TRUNC);
	TU_EQ_INT(write(fd, b, IMG), IMG);
	close(fd);
	unlink(dst);
	TU_EQ_INT(kernel_pvh_write(src, dst, err, sizeof(err)), -1);
	TU_CHECK(access(dst, F_OK) != 0);
	TU_EQ_INT(kernel_pvh_write("/nonexistent/vmlinux", dst, err, sizeof(err)), -1);
	TU_EQ_STR(err, "/nonexistent/vmlinux: No such file or directory");
}
