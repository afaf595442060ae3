/*
 * Guest physical memory, read only, through a function table: the monitor
 * reads a live guest through the backend's mapping (gmem_regions) and unit
 * tests read a synthetic image through the same table.
 */
#ifndef KTS_HOST_MONITOR_GMEM_H
#define KTS_HOST_MONITOR_GMEM_H

#include <stddef.h>
#include <stdint.h>

#include "vmm/vmm.h"

struct gmem_ops {
	/* Copy len bytes at gpa to buf: 0, or -1 when any byte is outside
	 * guest RAM (nothing is read then). */
	int (*read)(void *ctx, uint64_t gpa, void *buf, size_t len);
	/* Write len bytes at gpa, within one region: 0, or -1 (outside guest
	 * RAM, or no way to write). NULL: read only. Only --scx-watchdog
	 * writes, once. */
	int (*write)(void *ctx, uint64_t gpa, const void *buf, size_t len);
};

struct gmem {
	const struct gmem_ops *ops;
	void *ctx;
	uint64_t end; /* one past the highest guest RAM address: bounds scans */
};

static inline int gmem_read(const struct gmem *m, uint64_t gpa, void *buf, size_t len)
{
	return m->ops->read(m->ctx, gpa, buf, len);
}

static inline int gmem_write(const struct gmem *m, uint64_t gpa, const void *buf, size_t len)
{
	return m->ops->write ? m->ops->write(m->ctx, gpa, buf, len) : -1;
}

/* Regions as the backend maps them (vmm_backend.memory); they are kept, not
 * copied, and must stay mapped while the gmem is used. */
struct gmem_regions {
	const struct vmm_region *r;
	unsigned n;
};
extern const struct gmem_ops gmem_regions_ops;
void gmem_regions_init(struct gmem *m, struct gmem_regions *rs, const struct vmm_region *r, unsigned n);

#endif
