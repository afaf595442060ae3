/*
 * Where things are in one guest kernel: the offset and size of every struct
 * member the monitor reads (from BTF, through libbpf) and the address of
 * every symbol (from .symtab, through libelf). The lists are in
 * host/monitor/layout_list.h. Anything missing is recorded as missing, with
 * the reason, and the uses that need it are marked unavailable.
 */
#ifndef KTS_HOST_MONITOR_LAYOUT_H
#define KTS_HOST_MONITOR_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "host/monitor/layout_list.h"

struct btf;

enum layout_use {
#define U(id, name) LAYOUT_USE_##id,
	LAYOUT_USES(U)
#undef U
		LAYOUT_USE_COUNT
};
#define LU(id) (1u << LAYOUT_USE_##id)

enum layout_member_id {
#define M(id, st, path, size, uses) LM_##id,
	LAYOUT_MEMBERS(M)
#undef M
		LM_COUNT
};

enum layout_sym_id {
#define S(id, name, kind, uses) LS_##id,
	LAYOUT_SYMBOLS(S)
#undef S
		LS_COUNT
};

enum layout_kind { LAYOUT_IMAGE, LAYOUT_PERCPU };

struct layout_member {
	bool ok;
	uint32_t off, size;
	char why[96]; /* when !ok */
};

struct layout_sym {
	bool ok;
	uint64_t addr;
	uint64_t size; /* st_size: bounds arrays (__per_cpu_offset); 0 unknown */
	char why[96];
};

struct layout {
	struct layout_member m[LM_COUNT];
	struct layout_sym s[LS_COUNT];
	uint32_t unavailable; /* LU() bits */
	unsigned btf_types;
	double btf_ms, sym_ms; /* parse times, for `kernel offsets` */
};

/* Static descriptions, indexed by the ids. */
struct layout_member_desc {
	const char *st, *path;
	uint32_t size, uses;
};
struct layout_sym_desc {
	const char *name;
	enum layout_kind kind;
	uint32_t uses;
};
extern const struct layout_member_desc layout_members[LM_COUNT];
extern const struct layout_sym_desc layout_syms[LS_COUNT];
const char *layout_use_name(enum layout_use u);

/* Fill every member from btf (symbols untouched). */
void layout_from_btf(struct layout *l, const struct btf *btf);
/* Mark symbols not yet found missing and compute l->unavailable. */
void layout_finish(struct layout *l);
/* Both from a vmlinux: BTF and .symtab. -1 (err: one line) when the file has
 * no usable BTF or symbol table at all; missing entries alone are not an
 * error. */
int layout_load(struct layout *l, const char *vmlinux, char *err, size_t errlen);

/* The uses a mask names, "a, b" ("" for 0). */
void layout_uses_text(uint32_t mask, char *buf, size_t len);
/* `kernel offsets` lines: "struct.member offset size", "symbol address",
 * and one line per missing entry. Returns the number of missing ones. */
int layout_print(const struct layout *l, FILE *f);

/*
 * Symbols from an ELF file's .symtab (host/monitor/layout_sym.c). For each
 * of n names: found[i] set, addr[i], size[i] and percpu[i] (defined in
 * .data..percpu) filled; a name defined twice at different addresses is left unfound with
 * dup[i] set. -1 (err) when the file is no ELF or has no .symtab.
 */
int layout_sym_read(const char *path, const char *const *names, size_t n, uint64_t *addr, uint64_t *size,
		    bool *percpu, bool *found, bool *dup, char *err, size_t errlen);
/* Fill l->s from the file's .symtab, checking each symbol's kind. */
int layout_sym_load(struct layout *l, const char *path, char *err, size_t errlen);

#endif
