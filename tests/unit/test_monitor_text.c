/* The KASLR slide from the guest's _text, and the one write into guest
 * memory (--scx-watchdog) through a region's file. */
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "host/monitor/gmem.h"
#include "host/monitor/monitor.h"
#include "tests/unit/tu.h"

#define LINK_TEXT 0xffffffff81000000ull

static struct layout *text_layout(void)
{
	struct layout *l = calloc(1, sizeof(*l));

	if (!l)
		abort();
	l->s[LS_TEXT].ok = true;
	l->s[LS_TEXT].addr = LINK_TEXT;
	return l;
}

TU_TEST(monitor_text_slide_takes_kaslr_load_addresses)
{
	struct layout *l = text_layout();
	uint64_t s = 1;
	char why[200];

	TU_EQ_INT(monitor_text_slide(l, "0xffffffff81000000", &s, why, sizeof(why)), 0);
	TU_CHECK(s == 0);
	TU_EQ_INT(monitor_text_slide(l, "0xffffffff8b200000", &s, why, sizeof(why)), 0);
	TU_CHECK(s == 0xa200000);
	free(l);
}

TU_TEST(monitor_text_slide_refuses_what_no_kernel_would_say)
{
	static const char *const bad[] = {
		"0xffffffff81001000", /* not 2 MiB aligned */
		"0xffffffff80e00000", /* below the link address */
		"0xffffffffc1000000", /* past the 1 GiB image space */
		"0xffff888000000000", /* the direct map */
		"ffffffff81000000",   /* no 0x */
		"0x",
		"0xffffffff8100000g",
		"0x1ffffffff81000000",
		"",
	};
	struct layout *l = text_layout();
	uint64_t s = 7;
	char why[200];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TU_EQ_INT(monitor_text_slide(l, bad[i], &s, why, sizeof(why)), -1);
		TU_CHECK(strstr(why, "_text") != NULL);
	}
	TU_CHECK(s == 7);
	l->s[LS_TEXT].ok = false; /* a vmlinux without _text: nothing to compare with */
	TU_EQ_INT(monitor_text_slide(l, "0xffffffff81000000", &s, why, sizeof(why)), -1);
	free(l);
}

static int hello(struct monitor *m, const char *payload)
{
	monitor_text_hello(m, (const uint8_t *)payload, strlen(payload));
	return atomic_load(&m->text_state);
}

TU_TEST(monitor_text_hello_sets_the_slide_once)
{
	struct layout *l = text_layout();
	struct monitor *m = calloc(1, sizeof(*m));
	struct monitor_cfg cfg = { .l = l };

	monitor_init(m, &cfg);
	TU_EQ_INT(hello(m, "mode=run\ntext=0xffffffff83000000\n"), MONITOR_TEXT_GUEST);
	TU_CHECK(atomic_load(&m->slide) == 0x2000000);
	/* a second HELLO changes nothing */
	TU_EQ_INT(hello(m, "mode=run\ntext=0xffffffff85000000\n"), MONITOR_TEXT_GUEST);
	TU_CHECK(atomic_load(&m->slide) == 0x2000000);

	monitor_init(m, &cfg);
	TU_EQ_INT(hello(m, "mode=run\ntext=\n"), MONITOR_TEXT_NONE);
	monitor_init(m, &cfg);
	TU_EQ_INT(hello(m, "mode=run\n"), MONITOR_TEXT_NONE);
	TU_CHECK(strstr(m->text_why, "nokaslr assumed") != NULL);
	monitor_init(m, &cfg);
	TU_EQ_INT(hello(m, "mode=run\ntext=0xffffffff81234567\n"), MONITOR_TEXT_BAD);
	TU_CHECK(strstr(m->text_why, "no load address") != NULL);
	monitor_free(m);
	free(m);
	free(l);
}

TU_TEST(monitor_gmem_write_goes_through_the_file_not_the_mapping)
{
	const size_t size = 2 * 4096;
	int fd = memfd_create("tu-gmem", 0);
	struct vmm_region r[2];
	struct gmem_regions rs;
	struct gmem g;
	uint64_t v = 0x123456789abcdef0ull, back = 0;
	void *map;
	const uint64_t *ro;

	TU_CHECK(fd >= 0 && ftruncate(fd, (off_t)size) == 0);
	map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	TU_CHECK(map != MAP_FAILED);
	ro = map;
	r[0] = (struct vmm_region){ .gpa = 0, .size = size, .host = map, .wfd = fd };
	r[1] = (struct vmm_region){ .gpa = size, .size = size, .host = map, .wfd = -1 };
	gmem_regions_init(&g, &rs, r, 2);
	TU_EQ_INT(gmem_write(&g, 4096 + 8, &v, 8), 0);
	TU_CHECK(__atomic_load_n(&ro[(4096 + 8) / 8], __ATOMIC_RELAXED) ==
		 v); /* the read-only mapping sees it */
	TU_EQ_INT(gmem_read(&g, 4096 + 8, &back, 8), 0);
	TU_CHECK(back == v);
	TU_EQ_INT(gmem_write(&g, size - 4, &v, 8), -1); /* across the region's end */
	TU_EQ_INT(gmem_write(&g, size + 8, &v, 8), -1); /* a region without a file */
	TU_EQ_INT(gmem_write(&g, 4 * size, &v, 8), -1); /* outside guest RAM */
	munmap(map, size);
	close(fd);
}
