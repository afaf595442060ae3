/* The pid -> comm table of samples: open addressing, bounded. */
#include "host/monitor/sample.h"

#include <string.h>

static unsigned slot(int32_t pid)
{
	return ((uint32_t)pid * 2654435761u) % SAMPLE_NAMES_MAX;
}

void sample_names_put(struct sample_names *t, int32_t pid, const char *comm)
{
	if (pid <= 0)
		return;
	for (unsigned i = 0, k = slot(pid); i < SAMPLE_NAMES_MAX; i++, k = (k + 1) % SAMPLE_NAMES_MAX) {
		if (t->v[k].pid == pid || !t->v[k].pid) {
			if (!t->v[k].pid)
				t->n++;
			t->v[k].pid = pid;
			/* the guest's comm need not end in NUL: keep at most 15 bytes */
			strncpy(t->v[k].comm, comm, sizeof(t->v[k].comm) - 1);
			t->v[k].comm[sizeof(t->v[k].comm) - 1] = 0;
			return;
		}
		if (t->n == SAMPLE_NAMES_MAX)
			break;
	}
	t->lost++;
}

const char *sample_names_get(const struct sample_names *t, int32_t pid)
{
	if (pid <= 0)
		return NULL;
	for (unsigned i = 0, k = slot(pid); i < SAMPLE_NAMES_MAX; i++, k = (k + 1) % SAMPLE_NAMES_MAX) {
		if (t->v[k].pid == pid)
			return t->v[k].comm;
		if (!t->v[k].pid)
			return NULL;
	}
	return NULL;
}
