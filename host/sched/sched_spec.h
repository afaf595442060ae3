/* --scheduler NAME[:ARGS]: NAME is a built scheduler ("scx_qmap") or a path;
 * ARGS are its arguments, split on spaces ("scx_qmap:-t 5"). The first ':'
 * ends NAME, so a path with ':' in it cannot be named this way. */
#ifndef KTS_HOST_SCHED_SCHED_SPEC_H
#define KTS_HOST_SCHED_SCHED_SPEC_H

#include <stddef.h>

#define SCHED_SPEC_MAX_ARGS 16
#define SCHED_SPEC_ARG_MAX  128

struct sched_spec {
	char name[256];
	char ops[64]; /* expected root/ops: NAME's file name without "scx_" */
	unsigned argc;
	char args[SCHED_SPEC_MAX_ARGS][SCHED_SPEC_ARG_MAX];
};

/* 0, or -1 with one line in err. */
int sched_spec_parse(const char *spec, struct sched_spec *s, char *err, size_t errlen);

/* The guest's sched.conf for s at guest path bin (key=value lines).
 * Returns its length, or -1 if buf is too small. */
int sched_spec_conf(const struct sched_spec *s, const char *bin, unsigned duration_ms, unsigned spinners,
		    unsigned load_timeout_ms, char *buf, size_t len);

/* Kernel command-line arguments s needs on a guest of ncpus CPUs, into buf
 * with the reason in why; returns buf, or NULL if it needs none. */
const char *sched_spec_kernel_args(const struct sched_spec *s, unsigned ncpus, char *buf, size_t len,
				   const char **why);
/* 1 if the kernel whose .config is at config (may be "") honours args;
 * 0 with what to do in why if it would ignore them. */
int sched_spec_kernel_honours(const char *args, const char *config, char *why, size_t len);

#endif
