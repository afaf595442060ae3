/* The x86-64 4-level page-table walk: 1 GiB and 2 MiB pages end it early. */
#include "host/monitor/xlate.h"

#define PTE_PRESENT 0x1ull
#define PTE_HUGE    0x80ull /* PS: a 1 GiB (level 3) or 2 MiB (level 2) page */

int xlate_walk(const struct xlate *x, uint64_t va, uint64_t *gpa, uint64_t *span)
{
	static const unsigned shift[4] = { 39, 30, 21, 12 };
	uint64_t table = x->pgd;

	/* canonical: bits 63:47 all ones in the kernel half */
	if ((va >> 47) != 0x1ffff)
		return XLATE_NONCANON;
	for (int lvl = 0; lvl < 4; lvl++) {
		uint64_t e, page = 1ull << shift[lvl];

		if (gmem_read(x->mem, table + ((va >> shift[lvl]) & 511) * 8, &e, 8))
			return XLATE_OUTSIDE;
		if (!(e & PTE_PRESENT))
			return XLATE_UNMAPPED;
		if (lvl == 3 || (e & PTE_HUGE)) {
			if (lvl == 0)
				return XLATE_UNMAPPED; /* PS is reserved in the top level */
			*gpa = (e & XLATE_PTE_ADDR & ~(page - 1)) | (va & (page - 1));
			*span = page - (va & (page - 1));
			return XLATE_OK;
		}
		table = e & XLATE_PTE_ADDR;
	}
	return XLATE_UNMAPPED; /* not reached: level 3 always returns */
}
