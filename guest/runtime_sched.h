/* The sched_ext scheduler of a run (ktsrun.mode=run): the host's
 * /etc/ktsrun/sched.conf names it (absent: the default scheduler). One per
 * guest, so the state is this module's own. A failure ends the scheduler's
 * part of the run: later scheduler ops and step markers fail, holds end at
 * once, and the failed instance is the one reported. */
#ifndef KTS_GUEST_RUNTIME_SCHED_H
#define KTS_GUEST_RUNTIME_SCHED_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "interp/bc.h"

/* Start the host's scheduler, if any. 0 none or enabled, 1 it failed to
 * load (classified), <0 setup error with err. */
int runtime_sched_begin(char *err, size_t errlen);
/* Poll the running scheduler; true once it has failed. */
bool runtime_sched_tick(void);
bool runtime_sched_failed(void);
/* The running scheduler's pid (0: none): not for reap_strays to take. */
pid_t runtime_sched_pid(void);
/* OP_SCHED, OP_SCHED_ATTACH, _DETACH, _RESTART, _REPLACE. 0 or -errno with err. */
int runtime_sched_op(enum bc_op op, const char *name, const char *args, char *err, size_t errlen);
/* Stop it (if running), send its result and logs, free it. */
void runtime_sched_end(void);

#endif
