/* Member offsets from BTF (libbpf), the uses each entry serves, the listing. */
#include "host/monitor/layout.h"

#include <errno.h>
#include <stdarg.h>
#include <string.h>
#include <time.h>

#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "host/monitor/xlate.h"
#include "host/util/log.h"

const struct layout_member_desc layout_members[LM_COUNT] = {
#define M(id, st, path, size, uses) [LM_##id] = { st, path, size, uses },
	LAYOUT_MEMBERS(M)
#undef M
};

const struct layout_sym_desc layout_syms[LS_COUNT] = {
#define S(id, name, kind, uses) [LS_##id] = { name, kind, uses },
	LAYOUT_SYMBOLS(S)
#undef S
};

const char *layout_use_name(enum layout_use u)
{
	static const char *const names[] = {
#define U(id, name) [LAYOUT_USE_##id] = name,
		LAYOUT_USES(U)
#undef U
	};

	return u < LAYOUT_USE_COUNT ? names[u] : "?";
}

/* typedefs, const, volatile, type tags: to the type underneath. */
static const struct btf_type *skip_mods(const struct btf *btf, uint32_t *id)
{
	const struct btf_type *t = btf__type_by_id(btf, *id);

	for (int i = 0; t && i < 32 && (btf_is_mod(t) || btf_is_typedef(t)); i++) {
		*id = t->type;
		t = btf__type_by_id(btf, *id);
	}
	return t;
}

/* Member name of composite t, looking inside anonymous structs and unions.
 * Fills the bit offset from t, the member's type and its bit-field size. */
static bool find_member(const struct btf *btf, const struct btf_type *t, const char *name, size_t nlen,
			uint32_t *bitoff, uint32_t *type, uint32_t *bitsz, int depth)
{
	const struct btf_member *m = btf_members(t);

	for (uint32_t i = 0; i < btf_vlen(t); i++, m++) {
		const char *mn = btf__name_by_offset(btf, m->name_off);

		if (mn && *mn) {
			if (strlen(mn) != nlen || memcmp(mn, name, nlen))
				continue;
			*bitoff = btf_member_bit_offset(t, i);
			*type = m->type;
			*bitsz = btf_member_bitfield_size(t, i);
			return true;
		}
		uint32_t id = m->type;
		const struct btf_type *in = skip_mods(btf, &id);
		if (depth < 8 && in && (btf_is_struct(in) || btf_is_union(in)) &&
		    find_member(btf, in, name, nlen, bitoff, type, bitsz, depth + 1)) {
			*bitoff += btf_member_bit_offset(t, i);
			return true;
		}
	}
	return false;
}

static void resolve(struct layout_member *out, const struct btf *btf, const struct layout_member_desc *d)
{
	int sid = btf__find_by_name_kind(btf, d->st, BTF_KIND_STRUCT);
	uint32_t id, bits = 0;
	const char *p = d->path;

	*out = (struct layout_member){ 0 };
	if (sid < 0) {
		snprintf(out->why, sizeof(out->why), "no struct %s in BTF", d->st);
		return;
	}
	id = (uint32_t)sid;
	while (*p) {
		size_t n = strcspn(p, ".");
		const struct btf_type *t = skip_mods(btf, &id);
		uint32_t off, mtype, bitsz;

		if (!t || !(btf_is_struct(t) || btf_is_union(t))) {
			snprintf(out->why, sizeof(out->why), "'%.*s' is not in a struct", (int)n, p);
			return;
		}
		if (!find_member(btf, t, p, n, &off, &mtype, &bitsz, 0)) {
			snprintf(out->why, sizeof(out->why), "no member '%.*s' in BTF", (int)n, p);
			return;
		}
		if (bitsz || off % 8) {
			snprintf(out->why, sizeof(out->why), "'%.*s' is a bit field", (int)n, p);
			return;
		}
		bits += off;
		id = mtype;
		p += n + (p[n] == '.');
	}
	int size = btf__resolve_size(btf, id);
	if (size <= 0) {
		snprintf(out->why, sizeof(out->why), "size unknown in BTF");
		return;
	}
	if (d->size && (uint32_t)size != d->size) {
		snprintf(out->why, sizeof(out->why), "size %d, the monitor reads %u", size, d->size);
		return;
	}
	out->ok = true;
	out->off = bits / 8;
	out->size = (uint32_t)size;
}

void layout_from_btf(struct layout *l, const struct btf *btf)
{
	for (int i = 0; i < LM_COUNT; i++)
		resolve(&l->m[i], btf, &layout_members[i]);
	l->btf_types = btf__type_cnt(btf);
}

void layout_finish(struct layout *l)
{
	uint32_t un = 0;

	for (int i = 0; i < LM_COUNT; i++)
		if (!l->m[i].ok)
			un |= layout_members[i].uses;
	for (int i = 0; i < LS_COUNT; i++) {
		if (l->s[i].ok)
			continue;
		if (!l->s[i].why[0])
			snprintf(l->s[i].why, sizeof(l->s[i].why), "not in .symtab");
		un |= layout_syms[i].uses;
	}
	/* every use is computed from samples */
	if (un & LU(SAMPLES))
		un = (1u << LAYOUT_USE_COUNT) - 1;
	l->unavailable = un;
}

static double ms_since(const struct timespec *t0)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)(t.tv_sec - t0->tv_sec) * 1e3 + (double)(t.tv_nsec - t0->tv_nsec) / 1e6;
}

/* libbpf explains a file without BTF on stderr; our own message says it once. */
static int quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	(void)level, (void)fmt, (void)ap;
	return 0;
}

int layout_load(struct layout *l, const char *vmlinux, char *err, size_t errlen)
{
	struct timespec t0;
	libbpf_print_fn_t old;
	struct btf *btf;

	*l = (struct layout){ 0 };
	clock_gettime(CLOCK_MONOTONIC, &t0);
	old = libbpf_set_print(quiet);
	btf = btf__parse(vmlinux, NULL);
	libbpf_set_print(old);
	if (!btf) {
		char why[128];

		/* libbpf has its own errno values (LIBBPF_ERRNO__*) */
		libbpf_strerror(errno, why, sizeof(why));
		return errf(err, errlen,
			    "%s: no BTF (%s); the monitor needs a kernel built with CONFIG_DEBUG_INFO_BTF "
			    "(ktsrun kernel build)",
			    vmlinux, why);
	}
	layout_from_btf(l, btf);
	btf__free(btf);
	l->btf_ms = ms_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (layout_sym_load(l, vmlinux, err, errlen))
		return -1;
	l->sym_ms = ms_since(&t0);
	layout_finish(l);
	return 0;
}

void layout_uses_text(uint32_t mask, char *buf, size_t len)
{
	size_t o = 0;

	buf[0] = 0;
	if (mask & LU(SAMPLES)) {
		snprintf(buf, len, "everything (no samples)");
		return;
	}
	for (int u = 0; u < LAYOUT_USE_COUNT && o < len; u++)
		if (mask & (1u << u))
			o += (size_t)snprintf(buf + o, len - o, "%s%s", o ? ", " : "", layout_use_name(u));
}

int layout_print(const struct layout *l, FILE *f)
{
	char uses[256];
	int missing = 0;

	for (int i = 0; i < LM_COUNT; i++) {
		const struct layout_member_desc *d = &layout_members[i];

		if (l->m[i].ok) {
			fprintf(f, "%s.%s %u %u\n", d->st, d->path, l->m[i].off, l->m[i].size);
			continue;
		}
		layout_uses_text(d->uses, uses, sizeof(uses));
		fprintf(f, "%s.%s missing: %s; unavailable: %s\n", d->st, d->path, l->m[i].why, uses);
		missing++;
	}
	for (int i = 0; i < LS_COUNT; i++) {
		const struct layout_sym_desc *d = &layout_syms[i];

		if (l->s[i].ok) {
			fprintf(f, "%s 0x%016llx\n", d->name, (unsigned long long)l->s[i].addr);
		} else if (i == LS_PAGE_OFFSET_BASE) {
			fprintf(f, "%s absent: the direct map is fixed at 0x%llx\n", d->name,
				XLATE_DIRECT_DEFAULT);
		} else {
			layout_uses_text(d->uses, uses, sizeof(uses));
			fprintf(f, "%s missing: %s; unavailable: %s\n", d->name, l->s[i].why, uses);
			missing++;
		}
	}
	return missing;
}
