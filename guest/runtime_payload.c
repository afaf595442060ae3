/* After the stop, each exec worker's output goes to the host: the last
 * PROTO_PAYLOAD_TAIL bytes in REC_PAYLOAD chunks with the program's status
 * word (work/work_exec.h); the file is removed then, so the tmpfs only
 * holds the outputs of the run still going. */
#include "guest/runtime.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "guest/chan.h"
#include "lib/esc.h"
#include "lib/proto.h"
#include "work/work_exec.h"

static size_t read_tail(const char *path, char *buf, size_t cap, uint64_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	size_t n = 0;
	ssize_t r;

	*size = 0;
	if (fd < 0)
		return 0;
	if (!fstat(fd, &st)) {
		*size = (uint64_t)st.st_size;
		if (*size > cap)
			lseek(fd, (off_t)(*size - cap), SEEK_SET);
	}
	while (n < cap && (r = read(fd, buf + n, cap - n)) > 0)
		n += (size_t)r;
	close(fd);
	return n;
}

void runtime_payload_send(unsigned id, const char *cg, const char *prog, int pid, uint64_t status)
{
	static char tail[PROTO_PAYLOAD_TAIL], esc[4 * PROTO_PAYLOAD_CHUNK + 1];
	char path[64];
	uint64_t size;
	size_t n, off = 0;
	unsigned seq = 0;

	work_exec_out_path(pid, path, sizeof(path));
	n = read_tail(path, tail, sizeof(tail), &size);
	unlink(path);
	do {
		size_t take = esc_encode(tail + off,
					 n - off < PROTO_PAYLOAD_CHUNK ? n - off : PROTO_PAYLOAD_CHUNK, esc,
					 sizeof(esc));

		off += take;
		chan_rec(REC_PAYLOAD,
			 "id=%u\ncg=%s\nprog=%s\nstatus=%llu\nsize=%llu\nseq=%u\nend=%d\ntext=%s\n", id, cg,
			 prog, (unsigned long long)status, (unsigned long long)size, seq++, off >= n, esc);
	} while (off < n);
}
