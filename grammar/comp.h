/* State of one compilation, shared by the checking and code generation
 * files (sema_*.c check and evaluate, cg_*.c emit bytecode). */
#ifndef KTS_COMP_H
#define KTS_COMP_H

#include <stdbool.h>

#include "grammar/ast.h"
#include "grammar/emit.h"
#include "grammar/kts.h"
#include "grammar/src.h"

enum vkind { V_ERR, V_NUM, V_DUR, V_SIZE, V_PCT, V_STR, V_WORD, V_CALL };

/* A value folded at compile time. d holds numbers (ns, bytes, fraction). */
struct val {
	enum vkind k;
	double d;
	bool isint;
	const char *s;	      /* V_STR, V_WORD: the text; V_CALL: the function */
	const struct node *n; /* where it came from */
};

enum sym_kind { S_CONST, S_PARAM, S_TEMPLATE };

struct sym {
	enum sym_kind kind;
	const char *name;
	struct node *def;
	struct val v;
	int state;	       /* 0 not evaluated, 1 evaluating, 2 done */
	struct node *override; /* -D value */
};

struct cgroup {
	char *path; /* dotted, from the root */
	const char *name;
	int parent;
	bool backdrop, removed;
	int removed_step;
	const struct node *def;
	double workers;	       /* literal count, or -1 */
	double fanout, depth;  /* work parameters that size a group, or -1 */
	const char *metric[8]; /* names of its `metric` lines (payload metrics) */
	int nmetric;
};

struct comp {
	struct src_set src;
	struct emit w;
	struct node **trees;
	int ntrees;
	struct sym *syms;
	int nsyms;
	struct cgroup *cgs;
	int ncgs;
	int nsteps;
	bool in_loop_step;
	bool deep_said; /* an expression outgrew the evaluation stack: said once */
	double duration_ns;
	const struct kts_opts *opts;
	const struct node *scenario;
};

/* sema_scope.c: names */
struct sym *sema_sym(struct comp *c, const char *name);
void sema_collect(struct comp *c, struct node *tree, int depth);
int sema_cgroup_find(struct comp *c, const char *path);
int sema_cgroup_ref(struct comp *c, const struct node *ref, bool for_op);
void sema_unknown(struct comp *c, const struct node *at, const char *what, const char *word,
		  const char *const *cands, int n);

/* sema_val.c: values */
struct val sema_eval(struct comp *c, const struct node *n);
const char *sema_kind_name(enum vkind k);
/* Evaluate and require a kind; report and return false otherwise. */
bool sema_want(struct comp *c, const struct node *n, enum vkind k, const char *what, struct val *out);
bool sema_want_int(struct comp *c, const struct node *n, const char *what, double lo, double hi, double *out);
int sema_enum(struct comp *c, const struct node *at, const char *word, unsigned table, const char *what);

/* cg_*.c: code generation */
void gen_meta(struct comp *c, const struct node *block);
void gen_requires(struct comp *c, const struct node *block);
void gen_cgroup(struct comp *c, const struct node *def, int parent, int flags);
bool gen_setting(struct comp *c, const struct node *set, int cg, bool in_step);
bool gen_workers(struct comp *c, const struct node *set, int cg);
bool gen_work(struct comp *c, const struct node *set, int cg, int *work);
/* work rtapp(...): gen_rtapp.c */
bool gen_rtapp(struct comp *c, const struct node *call, int cg);
/* metric NAME = regex "RE" | key "KEY": a payload metric from the output. */
void gen_work_metric(struct comp *c, const struct node *set, int cg);
void gen_check_group(struct comp *c, const struct node *def, int cg, int work);
void gen_steps(struct comp *c, const struct node *block);
void gen_claims(struct comp *c, const struct node *block);
/* Canonical source text of a node (claims, conditions). */
unsigned gen_text(struct comp *c, const struct node *n);

#endif
