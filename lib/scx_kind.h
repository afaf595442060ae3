/* The classes of a sched_ext scheduler run, shared by the guest's
 * classifier (work/scx.c) and the host's record parser. */
#ifndef KTS_SCX_KIND_H
#define KTS_SCX_KIND_H

enum scx_kind {
	SCX_PASS,  /* stayed enabled, unregistered when we asked, exited 0 */
	SCX_LOAD,  /* never enabled: verifier, ops.init(), attach, ops name */
	SCX_EXIT,  /* left on its own while work ran (a clean unregister) */
	SCX_ERROR, /* scx_bpf_error() */
	SCX_STALL, /* the watchdog: runnable task stall */
	SCX_OTHER, /* runtime error, sysrq, kernel unregister, crash, hung stop */
	SCX_NKINDS
};

const char *scx_kind_name(enum scx_kind k); /* "pass", "load", ... */
/* -1 if s names no kind. */
int scx_kind_parse(const char *s);

#endif
