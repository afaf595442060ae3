/* After the stop, each exec worker's output goes to the host: the last
 * PROTO_PAYLOAD_TAIL bytes in REC_PAYLOAD chunks with the program's status
 * word (work/work_exec.h); the file is removed then, so the tmpfs only
 * holds the outputs of the run still going. Then the files the program
 * left in its directory (rt-app's logs), each in REC_PAYLOAD_FILE chunks. */
#include "guest/runtime.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
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

static void send_chunks(const char *head, const char *buf, size_t n, uint64_t size, unsigned type)
{
	static char esc[4 * PROTO_PAYLOAD_CHUNK + 1];
	size_t off = 0;
	unsigned seq = 0;

	do {
		size_t take = esc_encode(buf + off,
					 n - off < PROTO_PAYLOAD_CHUNK ? n - off : PROTO_PAYLOAD_CHUNK, esc,
					 sizeof(esc));

		off += take;
		chan_rec(type, "%ssize=%llu\nseq=%u\nend=%d\ntext=%s\n", head, (unsigned long long)size,
			 seq++, off >= n, esc);
	} while (off < n);
}

/* What the program left in its directory (but the file it was given). */
static void send_files(unsigned id, int pid, const char *given)
{
	static char buf[PROTO_PAYLOAD_FILE_MAX];
	char dir[64], path[512], head[400];
	struct dirent *e;
	unsigned sent = 0;
	DIR *d;

	work_exec_dir_path(pid, dir, sizeof(dir));
	if (!(d = opendir(dir)))
		return;
	while ((e = readdir(d))) {
		uint64_t size;
		size_t n;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (sent < PROTO_PAYLOAD_FILES && strcmp(e->d_name, given ? given : "") &&
		    strlen(e->d_name) < 200) {
			n = read_tail(path, buf, sizeof(buf), &size);
			snprintf(head, sizeof(head), "id=%u\nname=%s\n", id, e->d_name);
			send_chunks(head, buf, n, size, REC_PAYLOAD_FILE);
			sent++;
		}
		unlink(path);
	}
	closedir(d);
	rmdir(dir);
}

void runtime_payload_send(unsigned id, const char *cg, const char *prog, const char *given, int pid,
			  uint64_t status)
{
	static char tail[PROTO_PAYLOAD_TAIL];
	char path[64], head[700];
	uint64_t size;
	size_t n;

	work_exec_out_path(pid, path, sizeof(path));
	n = read_tail(path, tail, sizeof(tail), &size);
	unlink(path);
	snprintf(head, sizeof(head), "id=%u\ncg=%s\nprog=%s\nstatus=%llu\n", id, cg, prog,
		 (unsigned long long)status);
	send_chunks(head, tail, n, size, REC_PAYLOAD);
	send_files(id, pid, given);
}
