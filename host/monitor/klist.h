/*
 * Walking a kernel list_head list in guest memory, bounded: the guest can
 * make a list loop, point anywhere, or change it while we walk. Every node
 * is checked (a kernel address, aligned, readable) and must point back at
 * the node we came from (node->prev). That check also ends every loop at
 * its first revisited node: the walk reaches it from another node than the
 * first time, and a node has one prev. max bounds the rest.
 */
#ifndef KTS_HOST_MONITOR_KLIST_H
#define KTS_HOST_MONITOR_KLIST_H

#include <stdint.h>

#include "host/monitor/xlate.h"

enum klist_rc {
	KLIST_OK = 0,
	KLIST_BAD_PTR = -1,  /* a next pointer no kernel list could hold */
	KLIST_READ = -2,     /* a node that does not translate or read */
	KLIST_BROKEN = -3,   /* node->prev does not point back: a loop, or changed while walked */
	KLIST_TOO_LONG = -4, /* more than max nodes */
};
const char *klist_strerror(int rc);

struct klist {
	uint32_t next_off, prev_off; /* list_head.next and .prev */
	unsigned max;		     /* nodes at most */
};

/* Call fn(arg, node) for every node after head (a runtime VA); fn returning
 * nonzero ends the walk with KLIST_OK. *count: nodes visited. */
int klist_walk(const struct xlate *x, const struct klist *l, uint64_t head,
	       int (*fn)(void *arg, uint64_t node), void *arg, unsigned *count);

#endif
