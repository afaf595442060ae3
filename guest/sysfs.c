#include "guest/sysfs.h"

#include <stdarg.h>
#include <stdio.h>

#include "work/sys.h"

int sysfs_read(char *buf, size_t len, const char *fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return sys_read_text(path, buf, len, true);
}
