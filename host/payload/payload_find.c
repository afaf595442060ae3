#include "host/payload/payload_find.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "host/boot/elfdeps.h"
#include "host/util/log.h"
#include "interp/interp.h"
#include "lib/payload.h"

/* " (Debian package rt-tests: apt-get install rt-tests)" for a known tool. */
static const char *pkg_hint(const char *prog, char *buf, size_t len)
{
	const struct payload_tool *t = payload_tool_of(prog);

	if (!t)
		return "";
	snprintf(buf, len, "; it is in Debian's %s package: apt-get install %s", t->package, t->package);
	return buf;
}

static bool runnable(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode) && !access(path, X_OK);
}

static int lookup(const char *prog, char *path, size_t plen)
{
	const char *dir = PAYLOAD_PATH;

	if (prog[0] == '/') {
		snprintf(path, plen, "%s", prog);
		return runnable(path) ? 0 : -1;
	}
	while (*dir) {
		size_t n = strcspn(dir, ":");

		snprintf(path, plen, "%.*s/%s", (int)n, dir, prog);
		if (runnable(path))
			return 0;
		dir += n + (dir[n] == ':');
	}
	return -1;
}

int payload_find(const char *prog, char *path, size_t plen, char *err, size_t errlen)
{
	struct elfdeps deps;
	char why[512], hint[160];

	if (lookup(prog, path, plen))
		return errf(err, errlen, "payload %s: %s%s", prog,
			    prog[0] == '/' ? "no executable file there" : "not found on " PAYLOAD_PATH,
			    pkg_hint(prog, hint, sizeof(hint)));
	if (elfdeps_find(path, path, &deps, why, sizeof(why)))
		return errf(err, errlen, "payload %s: %s%s%s", prog, why,
			    strstr(why, "not an ELF file")
				    ? " (a script's interpreter is not carried: run it by its interpreter, "
				      "e.g. exec(\"/usr/bin/python3\", \"x.py\"))"
				    : "",
			    pkg_hint(prog, hint, sizeof(hint)));
	elfdeps_free(&deps);
	return 0;
}

int payload_find_check(const char *prog, char *err, size_t errlen)
{
	char path[4096];

	return payload_find(prog, path, sizeof(path), err, errlen);
}

/* A library a tool loads with dlopen, on the loader's default paths. */
static int find_lib(const char *lib, char *path, size_t plen, char *err, size_t errlen)
{
	static const char *const dirs[] = { "/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib64",
					    "/usr/lib" };

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		snprintf(path, plen, "%s/%s", dirs[i], lib);
		if (!access(path, R_OK))
			return 0;
	}
	return errf(err, errlen, "library %s (which a payload loads with dlopen) is not on %s or %s", lib,
		    dirs[0], dirs[1]);
}

static int add(struct payload_find_set *s, const char *path, char *err, size_t errlen)
{
	for (unsigned i = 0; i < s->n; i++)
		if (!strcmp(s->path[i], path))
			return 0;
	if (s->n == PAYLOAD_FIND_MAX)
		return errf(err, errlen, "more than %d distinct payload programs in one scenario",
			    PAYLOAD_FIND_MAX);
	snprintf(s->path[s->n], sizeof(s->path[s->n]), "%s", path);
	s->v[s->n] = s->path[s->n];
	s->n++;
	return 0;
}

int payload_find_prog(const struct bc_prog *p, struct payload_find_set *s, char *err, size_t errlen)
{
	unsigned v[8];
	bool first = false;

	memset(s, 0, sizeof(*s));
	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc])) {
		enum bc_op op = interp_decode(p, pc, v);
		const struct payload_tool *t;
		char path[4096];

		if (op == OP_WORK)
			first = v[1] == BC_WORK_exec;
		if (op != OP_WORK_ARGV || !first)
			continue;
		first = false;
		if (payload_find(p->pool[v[1]].u.s, path, sizeof(path), err, errlen) ||
		    add(s, path, err, errlen))
			return -1;
		t = payload_tool_of(path);
		if (t && t->dlopens &&
		    (find_lib(t->dlopens, path, sizeof(path), err, errlen) || add(s, path, err, errlen)))
			return -1;
	}
	return 0;
}
