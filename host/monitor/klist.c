/* Bounded list walks over untrusted guest memory. */
#include "host/monitor/klist.h"

const char *klist_strerror(int rc)
{
	switch (rc) {
	case KLIST_OK: return "ok";
	case KLIST_BAD_PTR: return "a wild pointer";
	case KLIST_READ: return "a node outside guest memory";
	case KLIST_BROKEN: return "a loop, or changed while walked";
	case KLIST_TOO_LONG: return "longer than the bound";
	}
	return "?";
}

/* node's next, once node is known to be a list node reached from prev. */
static int step(const struct xlate *x, const struct klist *l, uint64_t node, uint64_t prev, uint64_t *next)
{
	uint64_t back;

	if (node < XLATE_KERNEL_HALF || (node & 7))
		return KLIST_BAD_PTR;
	if (xlate_read_uint(x, node + l->next_off, 8, next) ||
	    xlate_read_uint(x, node + l->prev_off, 8, &back))
		return KLIST_READ;
	return back == prev ? KLIST_OK : KLIST_BROKEN;
}

int klist_walk(const struct xlate *x, const struct klist *l, uint64_t head,
	       int (*fn)(void *arg, uint64_t node), void *arg, unsigned *count)
{
	uint64_t node, prev = head, next;
	int rc;

	*count = 0;
	if (head < XLATE_KERNEL_HALF || (head & 7))
		return KLIST_BAD_PTR;
	if (xlate_read_uint(x, head + l->next_off, 8, &node))
		return KLIST_READ;
	while (node != head) {
		if (*count >= l->max)
			return KLIST_TOO_LONG;
		if ((rc = step(x, l, node, prev, &next)))
			return rc;
		(*count)++;
		if (fn && fn(arg, node))
			return KLIST_OK;
		prev = node;
		node = next;
	}
	return KLIST_OK;
}
