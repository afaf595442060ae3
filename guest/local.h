/* The bundled runner of an exported scenario (`ktsrun export`, run on a
 * machine by `ktsrun local`): the guest init started as an ordinary process,
 *
 *   runner --dir DIR --cgroup CG [--sched-conf FILE]
 *
 * with its channel on fd 3. It runs DIR/scenario.ktsb in ktsrun.mode=run
 * with its cgroups under CG/kts, the scheduler's logs in DIR, and exits
 * where PID 1 would power off; it mounts nothing. */
#ifndef KTS_GUEST_LOCAL_H
#define KTS_GUEST_LOCAL_H

#include "lib/proto.h"

#define LOCAL_CHAN_FD PROTO_LOCAL_CHAN_FD

/* Point guest_paths at DIR and CG, the channel at LOCAL_CHAN_FD.
 * 0, or -1 after saying why on stderr. */
int local_setup(int argc, char **argv);

#endif
