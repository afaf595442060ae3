/* Keywords of the language and the spelling of every token. */
#include <stdlib.h>
#include <string.h>

#include "grammar/lex.h"
#include "grammar/kts_parse.h"

struct kw {
	const char *word;
	int tok;
};

/* Sorted by word for bsearch. */
/* clang-format off */
static const struct kw kws[] = {
	{ "add", T_ADD }, { "affinity", T_AFFINITY }, { "and", T_AND }, { "at", T_AT },
	{ "backdrop", T_BACKDROP }, { "between", T_BETWEEN }, { "cgroup", T_CGROUP },
	{ "check", T_CHECK },
	{ "clean", T_CLEAN }, { "clear_cpuset", T_CLEAR_CPUSET }, { "comm", T_COMM },
	{ "const", T_CONST }, { "cpu.max", T_CPU_MAX }, { "cpu.weight", T_CPU_WEIGHT },
	{ "cpuset", T_CPUSET }, { "duration", T_DURATION }, { "every", T_EVERY },
	{ "expect", T_EXPECT }, { "fails", T_FAILS }, { "finite", T_FINITE }, { "for", T_FOR },
	{ "freeze", T_FREEZE }, { "from", T_FROM }, { "gauntlet", T_GAUNTLET }, { "in", T_IN },
	{ "include", T_INCLUDE }, { "is", T_IS }, { "least", T_LEAST }, { "matching", T_MATCHING },
	{ "memory.high", T_MEMORY_HIGH }, { "memory.low", T_MEMORY_LOW },
	{ "memory.max", T_MEMORY_MAX }, { "mems", T_MEMS }, { "metric", T_METRIC }, { "monitor", T_MONITOR },
	{ "most", T_MOST }, { "move", T_MOVE }, { "near", T_NEAR }, { "nice", T_NICE },
	{ "of", T_OF }, { "param", T_PARAM }, { "per", T_PER }, { "pids.max", T_PIDS_MAX },
	{ "policy", T_POLICY }, { "read", T_READ }, { "remove", T_REMOVE },
	{ "requires", T_REQUIRES }, { "scenario", T_SCENARIO }, { "scheduler", T_SCHEDULER },
	{ "set", T_SET }, { "settle", T_SETTLE }, { "sigcont", T_SIGCONT },
	{ "sigstop", T_SIGSTOP }, { "snapshot", T_SNAPSHOT }, { "spawn", T_SPAWN },
	{ "step", T_STEP }, { "stop", T_STOP }, { "swap_cpusets", T_SWAP_CPUSETS },
	{ "sysctl", T_SYSCTL }, { "tags", T_TAGS }, { "template", T_TEMPLATE }, { "to", T_TO },
	{ "topology", T_TOPOLOGY }, { "unfreeze", T_UNFREEZE }, { "wait", T_WAIT },
	{ "watchdog", T_WATCHDOG }, { "within", T_WITHIN }, { "work", T_WORK },
	{ "workers", T_WORKERS }, { "write", T_WRITE },
};
/* clang-format on */

#define NKW ((int)(sizeof(kws) / sizeof(kws[0])))

const char *const lex_keywords[] = {
	"add",	    "affinity",	    "and",	    "at",	  "backdrop", "between",  "cgroup",
	"check",    "clean",	    "clear_cpuset", "comm",	  "const",    "cpu.max",  "cpu.weight",
	"cpuset",   "duration",	    "every",	    "expect",	  "fails",    "finite",	  "for",
	"freeze",   "from",	    "gauntlet",	    "in",	  "include",  "is",	  "least",
	"matching", "memory.high",  "memory.low",   "memory.max", "mems",     "metric",	  "monitor",
	"most",	    "move",	    "near",	    "nice",	  "of",	      "param",	  "per",
	"pids.max", "policy",	    "read",	    "remove",	  "requires", "scenario", "scheduler",
	"set",	    "settle",	    "sigcont",	    "sigstop",	  "snapshot", "spawn",	  "step",
	"stop",	    "swap_cpusets", "sysctl",	    "tags",	  "template", "to",	  "topology",
	"unfreeze", "wait",	    "watchdog",	    "within",	  "work",     "workers",  "write",
};
const int lex_nkeywords = (int)(sizeof(lex_keywords) / sizeof(lex_keywords[0]));

static int kw_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct kw *)elem)->word);
}

int lex_keyword(const char *word)
{
	const struct kw *k = bsearch(word, kws, NKW, sizeof(kws[0]), kw_cmp);

	return k ? k->tok : 0;
}

const char *lex_token_text(int tok)
{
	switch (tok) {
	case LE: return "<=";
	case GE: return ">=";
	case EQ: return "==";
	case NE: return "!=";
	case '<': return "<";
	case '>': return ">";
	case '+': return "+";
	case '-': return "-";
	case '*': return "*";
	case '/': return "/";
	}
	for (int i = 0; i < NKW; i++)
		if (kws[i].tok == tok)
			return kws[i].word;
	return NULL;
}

void lex_comments_free(struct lex_ctx *lx)
{
	for (int i = 0; i < lx->ncm; i++)
		free(lx->cm[i].text);
	free(lx->cm);
	lx->cm = NULL;
	lx->ncm = lx->cmcap = 0;
}
