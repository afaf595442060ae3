/* The monitor's layout: offsets from a BTF built here, symbols from an ELF
 * .symtab (this binary's), and what a missing entry makes unavailable. */
#include <fcntl.h>
#include <gelf.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#include <bpf/btf.h>

#include "host/monitor/layout.h"
#include "tests/unit/fake_guest.h"
#include "tests/unit/tu.h"

struct fsym {
	const char *name;
	uint64_t value;
	int sec; /* 0 undefined, 1 .data, 2 .data..percpu */
	int local;
};

/* A vmlinux-like ELF with only what layout_sym_read looks at: .data,
 * .data..percpu, .symtab, .strtab. Written with libelf. */
static int write_elf(const char *path, const struct fsym *syms, size_t n)
{
	static char shstr[] = "\0.data\0.data..percpu\0.symtab\0.strtab\0.shstrtab";
	static const unsigned shname[] = { 1, 7, 22, 30, 38 };
	static uint8_t data[64];
	Elf64_Sym *st = calloc(n + 1, sizeof(*st));
	char *str = calloc(1, 4096);
	size_t strlen_ = 1, nlocal = 1, k = 1;
	Elf_Scn *scn[5];
	Elf64_Ehdr *eh;
	Elf *e;
	int fd, rc = -1;

	/* locals first, as ELF wants */
	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < n; i++) {
			if (syms[i].local != !pass)
				continue;
			st[k].st_name = (uint32_t)strlen_;
			strcpy(str + strlen_, syms[i].name);
			strlen_ += strlen(syms[i].name) + 1;
			st[k].st_value = syms[i].value;
			st[k].st_size = 8;
			st[k].st_shndx = (uint16_t)syms[i].sec;
			st[k].st_info = ELF64_ST_INFO(syms[i].local ? STB_LOCAL : STB_GLOBAL, STT_OBJECT);
			k++;
			if (!pass)
				nlocal = k;
		}
	elf_version(EV_CURRENT);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	e = fd < 0 ? NULL : elf_begin(fd, ELF_C_WRITE, NULL);
	if (!e)
		goto out;
	eh = elf64_newehdr(e);
	eh->e_ident[EI_DATA] = ELFDATA2LSB;
	eh->e_type = ET_EXEC;
	eh->e_machine = EM_X86_64;
	eh->e_version = EV_CURRENT;
	for (int i = 0; i < 5; i++) {
		static const unsigned type[] = { SHT_PROGBITS, SHT_PROGBITS, SHT_SYMTAB, SHT_STRTAB,
						 SHT_STRTAB };
		Elf_Data *d;
		Elf64_Shdr *sh;

		scn[i] = elf_newscn(e);
		d = elf_newdata(scn[i]);
		sh = elf64_getshdr(scn[i]);
		sh->sh_name = shname[i];
		sh->sh_type = type[i];
		d->d_align = 8;
		d->d_type = i == 2 ? ELF_T_SYM : ELF_T_BYTE;
		d->d_buf = i < 2 ? (void *)data : i == 2 ? (void *)st : i == 3 ? (void *)str : (void *)shstr;
		d->d_size = i < 2    ? sizeof(data)
			    : i == 2 ? (n + 1) * sizeof(*st)
			    : i == 3 ? strlen_
				     : sizeof(shstr);
		if (i == 2) {
			sh->sh_entsize = sizeof(*st);
			sh->sh_link = 4; /* .strtab's index: sections count from 1 */
			sh->sh_info = (uint32_t)nlocal;
		}
	}
	eh->e_shstrndx = (uint16_t)elf_ndxscn(scn[4]);
	rc = elf_update(e, ELF_C_WRITE) < 0 ? -1 : 0;
	elf_end(e);
out:
	if (fd >= 0)
		close(fd);
	free(st);
	free(str);
	return rc;
}

static char *print(const struct layout *l, int *missing)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	*missing = layout_print(l, f);
	fclose(f);
	return buf;
}

TU_TEST(monitor_layout_offsets_from_btf)
{
	static const struct {
		int id;
		uint32_t off, size;
	} want[] = {
		{ LM_RQ_CPU, FAKE_RQ_CPU, 4 },
		{ LM_RQ_NR_RUNNING, FAKE_RQ_NR_RUNNING, 4 },
		{ LM_RQ_CLOCK, FAKE_RQ_CLOCK, 8 },
		{ LM_RQ_CURR, FAKE_RQ_CURR, 8 }, /* through an anonymous union */
		{ LM_RQ_IDLE, FAKE_RQ_IDLE, 8 },
		{ LM_RQ_SCX_NR_RUNNING, FAKE_RQ_SCX + FAKE_SCX_NR_RUNNING, 4 },
		{ LM_RQ_SCX_FLAGS, FAKE_RQ_SCX + FAKE_SCX_FLAGS, 4 },
		{ LM_RQ_SCX_LOCAL_DSQ_NR, FAKE_RQ_SCX + FAKE_SCX_LOCAL_DSQ + FAKE_DSQ_NR, 4 },
		{ LM_RQ_SCX_RUNNABLE_LIST, FAKE_RQ_SCX + FAKE_SCX_RUNNABLE_LIST, 16 },
		{ LM_TASK_PID, FAKE_TASK_PID, 4 },
		{ LM_TASK_COMM, FAKE_TASK_COMM, 16 },
		{ LM_TASK_POLICY, FAKE_TASK_POLICY, 4 },
		{ LM_TASK_SCX_RUNNABLE_NODE, FAKE_TASK_SCX + FAKE_SEE_RUNNABLE_NODE, 16 },
		{ LM_TASK_SCX_RUNNABLE_AT, FAKE_TASK_SCX + FAKE_SEE_RUNNABLE_AT, 8 },
		{ LM_DSQ_NR, FAKE_DSQ_NR, 4 },
		{ LM_LIST_NEXT, 0, 8 },
		{ LM_LIST_PREV, 8, 8 },
	};
	struct btf *b = fake_btf_new(0);
	struct layout l = { 0 };

	TU_CHECK(b != NULL);
	layout_from_btf(&l, b);
	TU_EQ_INT(sizeof(want) / sizeof(want[0]), LM_COUNT); /* every member is checked */
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const struct layout_member *m = &l.m[want[i].id];

		if (!m->ok)
			tu_fail(__FILE__, __LINE__, "%s.%s: %s", layout_members[want[i].id].st,
				layout_members[want[i].id].path, m->why);
		TU_EQ_INT(m->off, want[i].off);
		TU_EQ_INT(m->size, want[i].size);
	}
	TU_EQ_INT(l.btf_types, btf__type_cnt(b));
	btf__free(b);
}

TU_TEST(monitor_layout_missing_member_is_named_and_its_findings_unavailable)
{
	struct btf *b = fake_btf_new(FAKE_BTF_NO_SCX_FLAGS | FAKE_BTF_CLOCK_U32 | FAKE_BTF_PID_BITS);
	struct fake_guest g;
	int missing;
	char *out;

	fake_guest_init(&g, 0x1000000); /* for its symbols */
	layout_from_btf(&g.layout, b);
	layout_finish(&g.layout);
	btf__free(b);
	TU_CHECK(!g.layout.m[LM_RQ_SCX_FLAGS].ok);
	TU_EQ_STR(g.layout.m[LM_RQ_SCX_FLAGS].why, "no member 'flags' in BTF");
	TU_EQ_STR(g.layout.m[LM_RQ_CLOCK].why, "size 4, the monitor reads 8");
	TU_EQ_STR(g.layout.m[LM_TASK_PID].why, "'pid' is a bit field");
	TU_CHECK(g.layout.m[LM_RQ_SCX_NR_RUNNING].ok);
	TU_EQ_INT(g.layout.unavailable, LU(STALLS) | LU(TASK_NAMES));
	out = print(&g.layout, &missing);
	TU_EQ_INT(missing, 3);
	TU_CHECK(strstr(out, "\nrq.scx.flags missing: no member 'flags' in BTF; unavailable: stalls\n"));
	TU_CHECK(strstr(out, "\nrq.clock missing: size 4, the monitor reads 8; unavailable: stalls\n"));
	TU_CHECK(strstr(out, "\ntask_struct.pid missing: 'pid' is a bit field; unavailable: task_names\n"));
	TU_CHECK(strstr(out, "\nrq.scx.nr_running 224 4\n"));
	TU_CHECK(strstr(out, "\nrunqueues 0x0000000000001000\n"));
	TU_CHECK(strstr(out, "\npage_offset_base absent: the direct map is fixed at 0xffff888000000000\n"));
	free(out);
	fake_guest_free(&g);
}

TU_TEST(monitor_layout_missing_struct_or_symbol)
{
	struct btf *b = fake_btf_new(FAKE_BTF_NO_TASK);
	struct fake_guest g;
	char uses[128];
	int missing;
	char *out;

	fake_guest_init(&g, 0x1000000);
	layout_from_btf(&g.layout, b);
	btf__free(b);
	g.layout.s[LS_SCX_EXIT_KIND] = (struct layout_sym){ 0 };
	layout_finish(&g.layout);
	TU_EQ_STR(g.layout.m[LM_TASK_COMM].why, "no struct task_struct in BTF");
	TU_EQ_INT(g.layout.unavailable, LU(MAX_RUNNABLE_WAIT) | LU(TASK_NAMES) | LU(SCX_EXITS));
	layout_uses_text(g.layout.unavailable, uses, sizeof(uses));
	TU_EQ_STR(uses, "max_runnable_wait, scx_exits, task_names");
	out = print(&g.layout, &missing);
	TU_EQ_INT(missing, 6);
	TU_CHECK(strstr(out, "\nscx_exit_kind missing: not in .symtab; unavailable: scx_exits\n"));
	free(out);
	/* a symbol every sample needs takes everything with it */
	g.layout.s[LS_RUNQUEUES] = (struct layout_sym){ 0 };
	layout_finish(&g.layout);
	TU_EQ_INT(g.layout.unavailable, (1u << LAYOUT_USE_COUNT) - 1);
	fake_guest_free(&g);
}

TU_TEST(monitor_layout_symbols_from_elf_symtab)
{
	static const struct fsym syms[] = {
		{ "kts_a", 0xffffffff81e00010ull, 1, 0 },
		{ "kts_pcpu", 0x2c440, 2, 0 },
		{ "kts_dup", 0xffffffff81000100ull, 1, 1 }, /* two statics, one name */
		{ "kts_dup", 0xffffffff81000200ull, 1, 1 },
		{ "kts_alias", 0xffffffff81000300ull, 1, 1 }, /* twice at one address: fine */
		{ "kts_alias", 0xffffffff81000300ull, 1, 0 },
		{ "kts_undef", 0, 0, 0 },
	};
	const char *names[] = { "kts_undef", "kts_pcpu", "kts_dup", "kts_a", "kts_alias", "kts_none" };
	uint64_t addr[6], size[6];
	bool percpu[6], found[6], dup[6];
	char err[256] = "", path[256];

	snprintf(path, sizeof(path), "%s/syms.elf", tu_tmpdir());
	TU_EQ_INT(write_elf(path, syms, sizeof(syms) / sizeof(syms[0])), 0);
	TU_EQ_INT(layout_sym_read(path, names, 6, addr, size, percpu, found, dup, err, sizeof(err)), 0);
	TU_EQ_STR(err, "");
	TU_CHECK(!found[0] && !dup[0]); /* undefined does not count */
	TU_CHECK(found[1] && percpu[1]);
	TU_EQ_INT(addr[1], 0x2c440);
	TU_CHECK(!found[2] && dup[2]);
	TU_CHECK(found[3] && !percpu[3]);
	TU_EQ_INT(addr[3], 0xffffffff81e00010ull);
	TU_EQ_INT(size[3], 8);
	TU_CHECK(found[4] && !dup[4]);
	TU_CHECK(!found[5] && !dup[5]);
	TU_EQ_INT(layout_sym_read("/dev/null", names, 6, addr, size, percpu, found, dup, err, sizeof(err)),
		  -1);
	TU_EQ_STR(err, "/dev/null: not an ELF file");
}

TU_TEST(monitor_layout_symbol_kinds_are_checked)
{
	struct fsym syms[LS_COUNT];
	struct layout l = { 0 };
	char err[256] = "", path[256];

	for (int i = 0; i < LS_COUNT; i++)
		syms[i] = (struct fsym){ layout_syms[i].name, 0xffffffff81000000ull + (uint64_t)i * 8,
					 layout_syms[i].kind == LAYOUT_PERCPU ? 2 : 1, 0 };
	syms[LS_RUNQUEUES].sec = 1;
	syms[LS_JIFFIES].sec = 2;
	syms[LS_PAGE_OFFSET_BASE].sec = 0; /* absent, as in our kernels */
	snprintf(path, sizeof(path), "%s/kinds.elf", tu_tmpdir());
	TU_EQ_INT(write_elf(path, syms, LS_COUNT), 0);
	TU_EQ_INT(layout_sym_load(&l, path, err, sizeof(err)), 0);
	layout_finish(&l);
	TU_CHECK(l.s[LS_SCX_EXIT_KIND].ok);
	TU_EQ_INT(l.s[LS_SCX_EXIT_KIND].addr, 0xffffffff81000000ull + LS_SCX_EXIT_KIND * 8);
	TU_EQ_STR(l.s[LS_RUNQUEUES].why, "not a per-CPU variable");
	TU_EQ_STR(l.s[LS_JIFFIES].why, "per-CPU");
	TU_EQ_STR(l.s[LS_PAGE_OFFSET_BASE].why, "not in .symtab");
	TU_CHECK(!l.s[LS_PAGE_OFFSET_BASE].ok);
}

TU_TEST(monitor_layout_load_refuses_files_without_btf_or_symbols)
{
	struct btf *b = fake_btf_new(0);
	struct layout l;
	char err[512], path[256];
	const void *raw;
	uint32_t size;
	FILE *f;

	TU_EQ_INT(layout_load(&l, "/nonexistent/vmlinux", err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "/nonexistent/vmlinux: no BTF (No such file or directory); the monitor needs"));
	TU_EQ_INT(layout_load(&l, "/proc/self/exe", err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "no BTF") && strstr(err, "CONFIG_DEBUG_INFO_BTF"));
	/* raw BTF parses, but has no symbol table */
	raw = btf__raw_data(b, &size);
	snprintf(path, sizeof(path), "%s/raw.btf", tu_tmpdir());
	f = fopen(path, "w");
	TU_CHECK(f && fwrite(raw, 1, size, f) == size);
	fclose(f);
	TU_EQ_INT(layout_load(&l, path, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "raw.btf: not an ELF file"));
	btf__free(b);
}
