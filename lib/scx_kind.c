#include "lib/scx_kind.h"

#include <string.h>

static const char *const kind_names[SCX_NKINDS] = { "pass", "load", "exit", "error", "stall", "other" };

const char *scx_kind_name(enum scx_kind k)
{
	return (unsigned)k < SCX_NKINDS ? kind_names[k] : "?";
}

int scx_kind_parse(const char *s)
{
	for (int i = 0; i < SCX_NKINDS; i++)
		if (!strcmp(s, kind_names[i]))
			return i;
	return -1;
}
