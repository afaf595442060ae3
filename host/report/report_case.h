/* One test case as CI reporters see it: JUnit and TAP both write these. */
#ifndef KTS_HOST_REPORT_REPORT_CASE_H
#define KTS_HOST_REPORT_REPORT_CASE_H

enum report_kind { REPORT_PASS, REPORT_FAIL, REPORT_ERROR, REPORT_SKIP };

struct report_case {
	const char *classname; /* the scenario */
	const char *name;      /* the variant */
	enum report_kind kind;
	const char *type;    /* the verdict's name: FAIL, ERROR, INCONCLUSIVE, ... */
	const char *message; /* one line: why it failed or was skipped */
	const char *text;    /* the failure output, or NULL */
	double time_s;
};

#endif
