/* JUnit XML as Jenkins, GitLab and GitHub test reporters read it: one
 * <testsuite> of <testcase classname name time>, with <failure>, <error>
 * or <skipped/>. XML 1.0 cannot carry C0 control characters (console
 * tails have them: ESC of colour codes, NUL, BEL) nor bytes that are not
 * UTF-8, and reporters reject such files: both become U+FFFD. */
#ifndef KTS_HOST_REPORT_JUNIT_H
#define KTS_HOST_REPORT_JUNIT_H

#include <stddef.h>
#include <stdio.h>

#include "host/report/report_case.h"

void junit_write(FILE *f, const char *suite, const struct report_case *c, size_t n);

#endif
