/* Where the guest's files and cgroups are. As PID 1 in the VM they are the
 * initramfs's fixed paths; the bundled runner of an exported scenario
 * (guest/local.c) points them into its own directory and cgroup instead. */
#ifndef KTS_GUEST_PATHS_H
#define KTS_GUEST_PATHS_H

struct guest_paths {
	const char *scenario;		   /* the bytecode (ktsrun.mode=run) */
	const char *sched_conf;		   /* the host's sched.conf; absent: the default scheduler */
	const char *sched_out, *sched_err; /* the scheduler's stdout and stderr */
	const char *sched_dir;		   /* where `scheduler replace` finds its binaries */
	const char *cg_base;		   /* the run's cgroups go under cg_base/kts */
};

extern struct guest_paths guest_paths;

#endif
