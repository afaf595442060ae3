#include "lib/proto.h"

const char *proto_rec_name(unsigned type)
{
	static const char *const names[REC_MAX] = {
		[REC_HELLO] = "hello",
		[REC_CPU] = "cpu",
		[REC_NODE] = "node",
		[REC_ERROR] = "error",
		[REC_DONE] = "done",
		[REC_MEMPROBE] = "memprobe",
		[REC_LOG] = "log",
		[REC_WORKER] = "worker",
		[REC_STEP] = "step",
		[REC_CGROUP] = "cgroup",
		[REC_SKIP] = "skip",
		[REC_SCHED] = "sched",
		[REC_SCHED_LOG] = "sched_log",
		[REC_SELFTEST] = "selftest",
		[REC_REPLY] = "reply",
		[REC_CONSOLE] = "console",
		[REC_OUTPUT] = "output",
		[REC_EXIT] = "exit",
		[REC_PAYLOAD] = "payload",
		[REC_PAYLOAD_FILE] = "payload_file",
	};

	return type < REC_MAX && names[type] ? names[type] : "unknown";
}

const char *proto_req_name(unsigned type)
{
	switch (type) {
	case REQ_PING: return "ping";
	case REQ_DUMP: return "dump";
	case REQ_WINSIZE: return "winsize";
	default: return "unknown";
	}
}
