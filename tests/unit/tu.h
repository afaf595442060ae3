/* A tiny unit test framework. Each test file defines TU_TEST(name) { ... }
 * and checks with TU_CHECK / TU_EQ_INT / TU_EQ_STR; tests register
 * themselves and tests/unit/main.c runs them all (or those whose name
 * contains argv[1]). */
#ifndef KTS_TU_H
#define KTS_TU_H

#include <stdio.h>
#include <string.h>

void tu_register(const char *name, void (*fn)(void));
void tu_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Path of a scratch directory private to this test run (removed at exit). */
const char *tu_tmpdir(void);
/* Run a command (argv NULL-terminated, argv[0] its name) with its stdout
 * and stderr captured in out[len]; returns its exit code. */
int tu_cmd(char *out, unsigned long len, int (*fn)(int, char **), ...);

#define TU_TEST(n)                                                \
	static void n(void);                                      \
	__attribute__((constructor)) static void tu_reg_##n(void) \
	{                                                         \
		tu_register(#n, n);                               \
	}                                                         \
	static void n(void)

#define TU_CHECK(c)                                                          \
	do {                                                                 \
		if (!(c))                                                    \
			tu_fail(__FILE__, __LINE__, "check failed: %s", #c); \
	} while (0)

#define TU_EQ_INT(a, b)                                                                           \
	do {                                                                                      \
		long long tu_a = (long long)(a), tu_b = (long long)(b);                           \
		if (tu_a != tu_b)                                                                 \
			tu_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a, tu_a, tu_b); \
	} while (0)

#define TU_EQ_STR(a, b)                                                                  \
	do {                                                                             \
		const char *tu_a = (a), *tu_b = (b);                                     \
		if (!tu_a || !tu_b || strcmp(tu_a, tu_b))                                \
			tu_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, \
				tu_a ? tu_a : "(null)", tu_b ? tu_b : "(null)");         \
	} while (0)

#endif
