/* Reading guest RAM through the host's mapping of it. */
#include "host/monitor/gmem.h"

#include <string.h>
#include <unistd.h>

static const struct vmm_region *find(const struct gmem_regions *rs, uint64_t gpa)
{
	for (unsigned i = 0; i < rs->n; i++)
		if (gpa >= rs->r[i].gpa && gpa - rs->r[i].gpa < rs->r[i].size)
			return &rs->r[i];
	return NULL;
}

/* Aligned words in one load: the guest may be writing them right now. */
static void copy(void *dst, const void *src, size_t len)
{
	uintptr_t a = (uintptr_t)src;

	if (len == 8 && !(a & 7)) {
		uint64_t v = __atomic_load_n((const uint64_t *)src, __ATOMIC_RELAXED);
		memcpy(dst, &v, 8);
	} else if (len == 4 && !(a & 3)) {
		uint32_t v = __atomic_load_n((const uint32_t *)src, __ATOMIC_RELAXED);
		memcpy(dst, &v, 4);
	} else {
		memcpy(dst, src, len);
	}
}

static int regions_read(void *ctx, uint64_t gpa, void *buf, size_t len)
{
	const struct gmem_regions *rs = ctx;
	uint64_t at = gpa, left = len;

	if (gpa + len < gpa)
		return -1;
	/* check the whole range first: a failed read copies nothing */
	while (left) {
		const struct vmm_region *r = find(rs, at);
		uint64_t n;

		if (!r)
			return -1;
		n = r->size - (at - r->gpa);
		n = n < left ? n : left;
		at += n, left -= n;
	}
	for (at = gpa, left = len; left;) {
		const struct vmm_region *r = find(rs, at);
		uint64_t off = at - r->gpa, n = r->size - off;

		n = n < left ? n : left;
		copy((char *)buf + (at - gpa), (const char *)r->host + off, n);
		at += n, left -= n;
	}
	return 0;
}

/* Through the region's file, not its mapping: the mapping stays read-only. */
static int regions_write(void *ctx, uint64_t gpa, const void *buf, size_t len)
{
	const struct vmm_region *r = find(ctx, gpa);

	if (!r || r->wfd < 0 || len > r->size - (gpa - r->gpa))
		return -1;
	return pwrite(r->wfd, buf, len, (off_t)(gpa - r->gpa)) == (ssize_t)len ? 0 : -1;
}

const struct gmem_ops gmem_regions_ops = { .read = regions_read, .write = regions_write };

void gmem_regions_init(struct gmem *m, struct gmem_regions *rs, const struct vmm_region *r, unsigned n)
{
	rs->r = r;
	rs->n = n;
	m->ops = &gmem_regions_ops;
	m->ctx = rs;
	m->end = 0;
	for (unsigned i = 0; i < n; i++)
		if (r[i].gpa + r[i].size > m->end)
			m->end = r[i].gpa + r[i].size;
}
