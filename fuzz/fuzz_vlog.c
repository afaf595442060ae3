/* libFuzzer target: the verifier-log collapse and the loader hook's
 * statistics lines (host/sched/sched_vlog.h) on arbitrary text: the
 * collapse must stay inside its output, small or large, terminate it and
 * return its length; the log found must lie inside the text. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "host/sched/sched_vlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct sched_vlog_stats st;
	char *text = malloc(size + 1), small[64], *big;
	size_t cap = 8 * size + 4096, n;
	const char *log;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	sched_vlog_stats_parse(text, &st);
	if (st.n > SCHED_VLOG_MAX_PROGS)
		abort();
	n = sched_vlog_find(text, &log);
	if (n && (log < text || log + n > text + strlen(text)))
		abort();
	if (sched_vlog_collapse(text, size, small, sizeof(small)) != strlen(small))
		abort();
	big = malloc(cap);
	if (big && sched_vlog_collapse(text, size, big, cap) != strlen(big))
		abort();
	free(big);
	free(text);
	return 0;
}
