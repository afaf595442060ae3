/* Linear translations, reads through them and finding phys_base. */
#include "host/monitor/xlate.h"

#include <string.h>

#include "host/util/log.h"

const char *xlate_strerror(int rc)
{
	switch (rc) {
	case XLATE_OK: return "ok";
	case XLATE_NONCANON: return "not a kernel address";
	case XLATE_UNMAPPED: return "not mapped in the guest's page tables";
	case XLATE_OUTSIDE: return "outside guest RAM";
	case XLATE_NOWALK: return "needs a page-table walk and there is no page table";
	case XLATE_TORN: return "changed under every read (torn)";
	case XLATE_BADARG: return "bad read size";
	}
	return "?";
}

int xlate_va(const struct xlate *x, uint64_t va, uint64_t *gpa, uint64_t *span)
{
	if (va < XLATE_KERNEL_HALF)
		return XLATE_NONCANON;
	if (va >= x->img_lo && va < x->img_hi) {
		*gpa = va - XLATE_KERNEL_MAP + x->phys_base;
		*span = x->img_hi - va;
		return XLATE_OK;
	}
	if (va >= x->direct && va - x->direct < XLATE_DIRECT_SIZE) {
		*gpa = va - x->direct;
		*span = XLATE_DIRECT_SIZE - (va - x->direct);
		return XLATE_OK;
	}
	if (!x->pgd)
		return XLATE_NOWALK;
	return xlate_walk(x, va, gpa, span);
}

void xlate_set_cr3(struct xlate *x, uint64_t cr3)
{
	x->pgd = cr3 & XLATE_PTE_ADDR;
}

int xlate_read(const struct xlate *x, uint64_t va, void *buf, size_t len)
{
	size_t done = 0;

	if (va + len < va)
		return XLATE_NONCANON;
	while (done < len) {
		uint64_t gpa, span;
		int rc = xlate_va(x, va + done, &gpa, &span);
		size_t n;

		if (rc)
			return rc;
		n = span < len - done ? (size_t)span : len - done;
		if (gmem_read(x->mem, gpa, (char *)buf + done, n))
			return XLATE_OUTSIDE;
		done += n;
	}
	return XLATE_OK;
}

int xlate_read_stable(const struct xlate *x, uint64_t va, void *buf, size_t len, unsigned tries)
{
	unsigned char again[256];
	int rc;

	if (len > sizeof(again))
		return XLATE_BADARG;
	if ((rc = xlate_read(x, va, buf, len)))
		return rc;
	for (unsigned i = 0; i < tries; i++) {
		if ((rc = xlate_read(x, va, again, len)))
			return rc;
		if (!memcmp(buf, again, len))
			return XLATE_OK;
		memcpy(buf, again, len);
	}
	return XLATE_TORN;
}

int xlate_read_uint(const struct xlate *x, uint64_t va, uint32_t size, uint64_t *out)
{
	union {
		uint8_t u8;
		uint16_t u16;
		uint32_t u32;
		uint64_t u64;
	} v;
	int rc;

	if (size != 1 && size != 2 && size != 4 && size != 8)
		return XLATE_BADARG;
	if ((rc = xlate_read(x, va, &v, size)))
		return rc;
	*out = size == 1 ? v.u8 : size == 2 ? v.u16 : size == 4 ? v.u32 : v.u64;
	return XLATE_OK;
}

int xlate_percpu(const struct xlate *x, uint64_t pcpu_offsets, unsigned cpu, uint64_t off, uint64_t *va)
{
	uint64_t base, gpa, span;
	int rc;

	if ((rc = xlate_read_uint(x, pcpu_offsets + (uint64_t)cpu * 8, 8, &base)))
		return rc;
	*va = base + off;
	if (*va < base)
		return XLATE_NONCANON;
	return xlate_va(x, *va, &gpa, &span);
}

/* Does the guest's memory agree with phys_base = cand? */
static bool base_fits(struct xlate *x, const struct xlate_syms *s, uint64_t cand)
{
	uint64_t v, e, l3;

	x->phys_base = cand;
	if (xlate_read_uint(x, xlate_sym(x, s->phys_base), 8, &v) || v != cand)
		return false;
	if (xlate_read_uint(x, xlate_sym(x, s->init_top_pgt) + 511 * 8, 8, &e))
		return false;
	l3 = xlate_sym(x, s->level3_kernel_pgt) - XLATE_KERNEL_MAP + cand;
	return (e & 1) && (e & XLATE_PTE_ADDR) == l3;
}

int xlate_init(struct xlate *x, const struct gmem *mem, const struct xlate_syms *s, uint64_t slide, char *err,
	       size_t errlen)
{
	uint64_t off; /* runtime _text's offset in the kernel map: gpa(_text) = off + phys_base */
	bool found = false;

	*x = (struct xlate){ .mem = mem, .slide = slide, .direct = XLATE_DIRECT_DEFAULT };
	x->img_lo = xlate_sym(x, s->text);
	x->img_hi = xlate_sym(x, s->end);
	if (s->text < XLATE_KERNEL_MAP || s->end <= s->text || x->img_lo < s->text)
		return errf(err, errlen, "the kernel image symbols are not where x86-64 kernels are linked");
	off = x->img_lo - XLATE_KERNEL_MAP;
	found = base_fits(x, s, 0);
	/* a relocated image starts at a 2 MiB boundary (CONFIG_PHYSICAL_ALIGN) */
	for (uint64_t at = 0; !found && at < mem->end; at += 2ull << 20)
		found = at != off && base_fits(x, s, at - off);
	if (!found)
		return errf(err, errlen,
			    "guest memory holds no kernel matching these symbols (not booted yet, or another "
			    "vmlinux than the one booted)");
	if (s->page_offset_base) {
		int rc = xlate_read_uint(x, xlate_sym(x, s->page_offset_base), 8, &x->direct);

		if (rc)
			return errf(err, errlen, "cannot read the guest's page_offset_base: %s",
				    xlate_strerror(rc));
		if (x->direct < XLATE_KERNEL_HALF)
			return errf(err, errlen,
				    "the guest's page_offset_base (0x%llx) is not a kernel address",
				    (unsigned long long)x->direct);
	}
	x->pgd = xlate_sym(x, s->init_top_pgt) - XLATE_KERNEL_MAP + x->phys_base;
	return 0;
}
