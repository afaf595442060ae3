/* The language's limits, one per kind of value, in one place; doc/language.md
 * ("Limits") states each. The checks that apply them: sema_val.c (numbers
 * by kind), gen_setting.c (CPU and node lists, through lib/cpuset.c),
 * gen_meta.c (topology, through lib/topo.c), kts_lex.l and kts_parse.y
 * (nesting), gen_claim.c (the evaluation stack). */
#ifndef KTS_GRAMMAR_LIMITS_H
#define KTS_GRAMMAR_LIMITS_H

#include "interp/bc.h"
#include "lib/topo.h"

/* Largest magnitude of a value of each kind, after any arithmetic. Far
 * below what an int64 of ns or bytes holds, so no conversion overflows. */
#define KTS_MAX_DUR_NS 86400e9		  /* 24h */
#define KTS_MAX_SIZE_B 1125899906842624.0 /* 1024T */
#define KTS_MAX_NUMBER 1e15
#define KTS_MAX_PCT    100.0 /* a fraction: 10000% */

/* Nesting of (), [], {} and prefix '-', and depth of an expression's
 * operators: the parser's stack and the compiler's recursion stay small. */
#define KTS_MAX_NEST  64
#define KTS_NEST_HINT "each bracket, brace, sign and chained operator is a level; name a part with const"

/* CPU and NUMA node numbers in lists and selectors: the largest topology. */
#define KTS_MAX_CPU  (TOPO_MAX_CPUS - 1)
#define KTS_MAX_NODE (TOPO_MAX_NODES - 1)

/* A cgroup name becomes a directory (the verifier's safe_name). */
#define KTS_MAX_NAME BC_MAX_NAME

#endif
