/* The gauntlet's topology check: a guest that came up in another shape
 * than its preset makes the variant an ERROR. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/cmd/run_one.h"
#include "host/gauntlet/preset.h"
#include "host/topo/observe.h"
#include "lib/proto.h"
#include "tests/unit/tu.h"

static void feed(struct observed *o, unsigned type, const char *text)
{
	char err[200];

	TU_EQ_INT(observe_record(o, type, (const uint8_t *)text, strlen(text), err, sizeof(err)), 0);
}

/* What the guest of a 1n2l2c1t VM reports (guest/selfreport.c's form). */
static void guest_1n2l2c1t(struct observed *o)
{
	char text[512];

	memset(o, 0, sizeof(*o));
	feed(o, REC_HELLO,
	     "mode=run\nrelease=6.12.117-ktsrun\nsched_ext=1\nscx_state=disabled\nscx_ops=\nncpus=4\n"
	     "nnodes=1\n");
	for (int c = 0; c < 4; c++) {
		snprintf(text, sizeof(text),
			 "cpu=%d\nonline=1\npackage=0\ndie=%d\ncore=%d\nsmt=%d\npackage_cpus=0-3\nllc=%s\n"
			 "llc_level=3\nnode=0\n",
			 c, c / 2, c % 2, c, c < 2 ? "0-1" : "2-3");
		feed(o, REC_CPU, text);
	}
	feed(o, REC_NODE, "node=0\ncpus=0-3\ndistance=10\n");
}

TU_TEST(run_one_topo_check_against_the_preset)
{
	struct observed *o = calloc(1, sizeof(*o));
	struct topo t;
	char why[300] = "", err[200];

	if (!o)
		return;
	guest_1n2l2c1t(o);
	TU_EQ_INT(preset_parse("tiny-2llc", &t, err, sizeof(err)), 0); /* 1n2l2c1t */
	TU_EQ_INT(run_one_topo_check(&t, o, why, sizeof(why)), 0);
	TU_EQ_INT(preset_parse("tiny-1llc", &t, err, sizeof(err)), 0); /* 1n1l4c1t: one LLC */
	TU_EQ_INT(run_one_topo_check(&t, o, why, sizeof(why)), -1);
	TU_CHECK(!strncmp(why, "the guest's topology differs from 1n1l4c1t in ", 46));
	TU_EQ_INT(preset_parse("numa2", &t, err, sizeof(err)), 0); /* 2n2l2c1t: same CPUs, two nodes */
	TU_EQ_INT(run_one_topo_check(&t, o, why, sizeof(why)), -1);
	memset(o, 0, sizeof(*o));
	feed(o, REC_HELLO,
	     "mode=run\nrelease=x\nsched_ext=1\nscx_state=disabled\nscx_ops=\nncpus=4\nnnodes=1\n");
	TU_EQ_INT(run_one_topo_check(&t, o, why, sizeof(why)), -1);
	TU_EQ_STR(why, "the guest did not report its topology");
	free(o);
}
