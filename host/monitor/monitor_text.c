/* The KASLR slide, from the _text the guest reports in its HELLO. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "host/monitor/monitor.h"
#include "host/monitor/xlate.h"
#include "lib/kv.h"

#define TEXT_ALIGN (2ull << 20) /* CONFIG_PHYSICAL_ALIGN: where KASLR may put the image */
#define IMAGE_END  (1ull << 30) /* KERNEL_IMAGE_SIZE above __START_KERNEL_map */

int monitor_text_slide(const struct layout *l, const char *text, uint64_t *slide, char *why, size_t len)
{
	const struct layout_sym *t = &l->s[LS_TEXT];
	unsigned long long v;
	char *end;

	errno = 0;
	v = strtoull(text, &end, 16);
	if (text[0] != '0' || text[1] != 'x' || end == text + 2 || *end || errno) {
		snprintf(why, len, "the guest's _text '%.40s' is not a hex address", text);
		return -1;
	}
	if (v < XLATE_KERNEL_MAP || v - XLATE_KERNEL_MAP >= IMAGE_END || !t->ok || v < t->addr ||
	    (v - t->addr) % TEXT_ALIGN) {
		snprintf(why, len,
			 "the guest's _text 0x%llx is no load address of this vmlinux (_text 0x%llx, 2 MiB "
			 "steps within the 1 GiB image space)",
			 v, (unsigned long long)t->addr);
		return -1;
	}
	*slide = v - t->addr;
	return 0;
}

void monitor_text_hello(struct monitor *m, const uint8_t *payload, size_t len)
{
	struct kv kv;
	const char *err, *text;
	uint64_t slide;
	int st = MONITOR_TEXT_NONE;

	int waiting = MONITOR_TEXT_WAITING;

	if (atomic_load(&m->text_state) != MONITOR_TEXT_WAITING || !m->cfg.l)
		return;
	if (kv_parse(&kv, payload, len, &err) || !(text = kv_get(&kv, "text")) || !text[0]) {
		snprintf(m->text_why, sizeof(m->text_why),
			 "the guest did not say its _text: nokaslr assumed");
	} else if (monitor_text_slide(m->cfg.l, text, &slide, m->text_why, sizeof(m->text_why))) {
		st = MONITOR_TEXT_BAD;
	} else {
		atomic_store(&m->slide, slide);
		st = MONITOR_TEXT_GUEST;
	}
	/* publishes slide and text_why; the thread may have given up waiting */
	atomic_compare_exchange_strong(&m->text_state, &waiting, st);
}
