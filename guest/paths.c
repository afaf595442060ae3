#include "guest/paths.h"

#include "lib/proto.h"
#include "work/cgroup.h"

struct guest_paths guest_paths = {
	.scenario = "/scenario.ktsb",
	.sched_conf = PROTO_SCHED_CONF,
	.sched_out = "/tmp/sched.stdout",
	.sched_err = "/tmp/sched.stderr",
	.sched_dir = "/sched",
	.cg_base = CG_ROOT,
};
