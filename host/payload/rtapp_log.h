/* One rt-app thread log (BASENAME-TASK-IND.log), as Debian's rt-app 1.0
 * writes it: "# Policy ..." and "#idx perf run ..." heads, then a row per
 * phase run (a period) of 11 numbers:
 *   idx perf run period start end rel_st slack c_duration c_period wu_lat
 * thread index, loops run, then microseconds: time in run events, the
 * phase's length, its start and end (CLOCK_MONOTONIC), start from the use
 * case's start, time left to the period's end (negative: overrun), the
 * configured run and period, the wakeup latency after its timer. rt-app
 * prints slack signed and the rest with %lu, so a negative wu_lat (a timer
 * shared by threads) reads as a huge number: taken back as signed here. */
#ifndef KTS_HOST_PAYLOAD_RTAPP_LOG_H
#define KTS_HOST_PAYLOAD_RTAPP_LOG_H

#include <stddef.h>
#include <stdint.h>

#define RTAPP_LOG_COLS 11

struct rtapp_row {
	int64_t idx, perf, run, period, start, end, rel_st, slack, c_duration, c_period, wu_lat;
};

struct rtapp_log {
	struct rtapp_row *row;
	size_t n;
};

/* Rows of text (name for messages); 0, or -1 with err naming the line that
 * is no row. A log with no row parses (an empty rt-app run). */
int rtapp_log_parse(const char *name, const char *text, struct rtapp_log *l, char *err, size_t errlen);
void rtapp_log_free(struct rtapp_log *l);

#endif
