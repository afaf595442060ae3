/* libFuzzer target: what the host makes of the guest's COM2 stream, the
 * frame decoder and every record parser behind it, fed as one run does
 * (run_data_collect, plus selftest records), then the figures computed
 * from what was kept. Input: if byte 0 is 'F', the rest is a list of
 * records (u8 type, u16 length little endian, payload) that the target
 * frames with valid CRCs, so the fuzzer reaches the parsers; otherwise
 * the whole input is the raw stream, cut into reads of odd sizes. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/run/run_data.h"
#include "host/sched/sched_explain.h"
#include "host/selftest/selftest_rec.h"
#include "lib/frame.h"
#include "lib/proto.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static uint8_t framed[FRAME_MAX_LEN];
static struct frame_dec dec;

struct sink {
	struct run_data *d;
	struct selftest_rec st;
};

static void on_frame(void *arg, uint16_t type, const uint8_t *p, size_t len)
{
	struct sink *s = arg;
	char err[256];

	if (type == REC_SELFTEST)
		selftest_rec_take(&s->st, p, len, err, sizeof(err));
	else
		run_data_collect(s->d, type, p, len);
}

static void feed_records(struct sink *s, const uint8_t *p, size_t n)
{
	while (n >= 3) {
		size_t len = (size_t)(p[1] | p[2] << 8);

		if (len > n - 3)
			len = n - 3;
		frame_dec_feed(&dec, framed, frame_encode(framed, p[0], p + 3, len), on_frame, s);
		p += 3 + len;
		n -= 3 + len;
	}
}

static void feed_raw(struct sink *s, const uint8_t *p, size_t n)
{
	size_t chunk = 1;

	while (n) {
		size_t take = chunk < n ? chunk : n;

		frame_dec_feed(&dec, p, take, on_frame, s);
		p += take;
		n -= take;
		chunk = chunk * 3 + 1;
	}
}

/* What the run's report would compute from the records. */
static void use(const struct run_data *d)
{
	static unsigned ids[RUN_MAX_RECS];
	unsigned nid = run_worker_ids(d, ids), nw = run_windows(d, d->nmarks);
	FILE *null = fopen("/dev/null", "w");
	char why[200];

	for (unsigned i = 0; i < nid; i++)
		for (int w = -1; w < (int)nw && w < 8; w++) {
			struct run_fig f;

			run_fig(d, ids[i], w, &f);
		}
	for (unsigned i = 0; i < d->nrec; i++)
		telemetry_check_plausible(&d->rec[i].w, d->obs.ncpus, why, sizeof(why));
	if (null) {
		sched_explain_print(null, "  ", &d->sr, NULL, 0);
		fclose(null);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct run_data *d;
	struct sink s = { d ? d : (d = run_data_new()), { 0 } };

	if (!s.d)
		abort();
	run_data_reset(s.d); /* a fresh one per input costs 10 MB of calloc */
	frame_dec_init(&dec);
	if (size && data[0] == 'F')
		feed_records(&s, data + 1, size - 1);
	else
		feed_raw(&s, data, size);
	use(s.d);
	selftest_rec_free(&s.st);
	return 0;
}
