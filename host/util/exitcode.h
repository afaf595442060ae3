/* Exit codes shared by every command and by the builds and boots they run. */
#ifndef KTS_HOST_UTIL_EXITCODE_H
#define KTS_HOST_UTIL_EXITCODE_H

enum {
	EXIT_PASS = 0,
	EXIT_FAIL = 1,	/* a check or claim failed */
	EXIT_ERROR = 2, /* could not run: bad input, missing kernel, VM error */
};

#endif
