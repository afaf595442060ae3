#include "host/boot/elfdeps.h"
#include "host/util/log.h"

#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <glob.h>
#include <libgen.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* What the loader reads from one object. Strings are owned. */
struct elfobj {
	int cls;	  /* ELFCLASS32/64 */
	unsigned machine; /* e_machine */
	char *interp;
	char **needed;
	size_t nneeded;
	char *rpath, *runpath;
};

/* Where glibc's ld.so looks when there is no ld.so.cache (the guest's case). */
static const char *const guest_default_dirs[] = {
	"/lib/x86_64-linux-gnu", "/usr/lib/x86_64-linux-gnu", "/lib", "/usr/lib", NULL,
};
/* Host directories after ld.so.conf, as the brief of this module lists them. */
static const char *const host_default_dirs[] = {
	"/lib/x86_64-linux-gnu",
	"/usr/lib/x86_64-linux-gnu",
	"/lib64",
	"/usr/lib64",
	"/lib",
	"/usr/lib",
	NULL,
};

static void obj_free(struct elfobj *o)
{
	for (size_t i = 0; i < o->nneeded; i++)
		free(o->needed[i]);
	free(o->needed);
	free(o->interp);
	free(o->rpath);
	free(o->runpath);
	memset(o, 0, sizeof(*o));
}

/* PT_INTERP: a NUL-terminated path inside the file image. */
static int read_interp(Elf *elf, const char *path, struct elfobj *o, char *err, size_t errlen)
{
	size_t nph, size;
	const char *img = elf_rawfile(elf, &size);

	if (elf_getphdrnum(elf, &nph))
		return errf(err, errlen, "%s: corrupt ELF: %s", path, elf_errmsg(-1));
	for (size_t i = 0; i < nph; i++) {
		GElf_Phdr ph;

		if (!gelf_getphdr(elf, (int)i, &ph))
			return errf(err, errlen, "%s: corrupt ELF: %s", path, elf_errmsg(-1));
		if (ph.p_type != PT_INTERP)
			continue;
		if (!img || ph.p_offset >= size || ph.p_filesz > size - ph.p_offset || ph.p_filesz < 2 ||
		    img[ph.p_offset + ph.p_filesz - 1] != '\0' ||
		    strlen(img + ph.p_offset) + 1 != ph.p_filesz)
			return errf(err, errlen, "%s: corrupt ELF: bad PT_INTERP", path);
		o->interp = strdup(img + ph.p_offset);
		return o->interp ? 0 : errf(err, errlen, "out of memory");
	}
	return 0;
}

static bool has_pt_dynamic(Elf *elf)
{
	size_t nph;
	GElf_Phdr ph;

	if (elf_getphdrnum(elf, &nph))
		return false;
	for (size_t i = 0; i < nph; i++)
		if (gelf_getphdr(elf, (int)i, &ph) && ph.p_type == PT_DYNAMIC)
			return true;
	return false;
}

static int add_needed(struct elfobj *o, const char *name)
{
	char **v = realloc(o->needed, (o->nneeded + 1) * sizeof(*v));

	if (!v)
		return -1;
	o->needed = v;
	v[o->nneeded] = strdup(name);
	return v[o->nneeded++] ? 0 : -1;
}

/* DT_NEEDED, DT_RPATH and DT_RUNPATH from the SHT_DYNAMIC section. */
static int read_dynamic(Elf *elf, const char *path, struct elfobj *o, char *err, size_t errlen)
{
	Elf_Scn *scn = NULL;
	bool found = false;
	size_t dynsz = gelf_fsize(elf, ELF_T_DYN, 1, EV_CURRENT);

	while ((scn = elf_nextscn(elf, scn)) != NULL) {
		GElf_Shdr sh;
		Elf_Data *d;

		if (!gelf_getshdr(scn, &sh))
			return errf(err, errlen, "%s: corrupt ELF: %s", path, elf_errmsg(-1));
		if (sh.sh_type != SHT_DYNAMIC)
			continue;
		found = true;
		d = elf_getdata(scn, NULL);
		if (!d || !d->d_buf || !dynsz)
			return errf(err, errlen, "%s: corrupt ELF: unreadable dynamic section", path);
		for (size_t i = 0; i < d->d_size / dynsz; i++) {
			GElf_Dyn dyn;
			const char *s;
			char **slot = NULL;

			if (!gelf_getdyn(d, (int)i, &dyn))
				return errf(err, errlen, "%s: corrupt ELF: %s", path, elf_errmsg(-1));
			if (dyn.d_tag == DT_NULL)
				break;
			if (dyn.d_tag != DT_NEEDED && dyn.d_tag != DT_RPATH && dyn.d_tag != DT_RUNPATH)
				continue;
			s = elf_strptr(elf, sh.sh_link, dyn.d_un.d_val);
			if (!s)
				return errf(err, errlen, "%s: corrupt ELF: bad dynamic string", path);
			if (dyn.d_tag == DT_NEEDED) {
				if (add_needed(o, s))
					return errf(err, errlen, "out of memory");
				continue;
			}
			slot = dyn.d_tag == DT_RPATH ? &o->rpath : &o->runpath;
			free(*slot);
			*slot = strdup(s);
			if (!*slot)
				return errf(err, errlen, "out of memory");
		}
	}
	if (!found && has_pt_dynamic(elf))
		return errf(err, errlen, "%s: dynamic ELF without section headers; cannot read its libraries",
			    path);
	return 0;
}

static bool tables_inside(Elf *elf, const GElf_Ehdr *eh)
{
	size_t size;
	unsigned long long ph, sh;

	if (!elf_rawfile(elf, &size))
		return false;
	ph = (unsigned long long)eh->e_phnum * eh->e_phentsize;
	sh = (unsigned long long)eh->e_shnum * eh->e_shentsize;
	return eh->e_phoff <= size && ph <= size - eh->e_phoff && eh->e_shoff <= size &&
	       sh <= size - eh->e_shoff;
}

static int elf_parse(Elf *elf, const char *path, struct elfobj *o, char *err, size_t errlen)
{
	GElf_Ehdr eh;

	if (elf_kind(elf) != ELF_K_ELF)
		return errf(err, errlen, "%s: not an ELF file", path);
	if (!gelf_getehdr(elf, &eh))
		return errf(err, errlen, "%s: corrupt ELF: %s", path, elf_errmsg(-1));
	if (eh.e_type != ET_EXEC && eh.e_type != ET_DYN)
		return errf(err, errlen, "%s: not an executable or shared library", path);
	/* libelf quietly treats tables beyond the end of a file as absent */
	if (!tables_inside(elf, &eh))
		return errf(err, errlen, "%s: corrupt ELF: truncated", path);
	o->cls = gelf_getclass(elf);
	o->machine = eh.e_machine;
	if (read_interp(elf, path, o, err, errlen))
		return -1;
	return read_dynamic(elf, path, o, err, errlen);
}

static int elf_read(const char *path, struct elfobj *o, char *err, size_t errlen)
{
	int fd, rc;
	Elf *elf;

	memset(o, 0, sizeof(*o));
	if (elf_version(EV_CURRENT) == EV_NONE)
		return errf(err, errlen, "libelf: %s", elf_errmsg(-1));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return errf(err, errlen, "cannot open %s: %s", path, strerror(errno));
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf) {
		close(fd);
		return errf(err, errlen, "%s: not an ELF file", path);
	}
	rc = elf_parse(elf, path, o, err, errlen);
	elf_end(elf);
	close(fd);
	if (rc)
		obj_free(o);
	return rc;
}

/* Cheap check, as ld.so does, that a candidate library suits the binary. */
static bool compatible(const char *path, int cls, unsigned machine)
{
	unsigned char h[20];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n;
	unsigned m;

	if (fd < 0)
		return false;
	n = pread(fd, h, sizeof(h), 0);
	close(fd);
	if (n != (ssize_t)sizeof(h) || memcmp(h, ELFMAG, SELFMAG) || h[EI_CLASS] != cls ||
	    h[EI_DATA] != ELFDATA2LSB)
		return false;
	m = (unsigned)h[18] | (unsigned)h[19] << 8; /* e_machine, little-endian */
	return m == machine;
}

/* ---- search directories ---------------------------------------------- */

struct dirlist {
	char **v;
	size_t n;
};

static void dirs_add(struct dirlist *d, const char *dir)
{
	char **v;

	for (size_t i = 0; i < d->n; i++)
		if (!strcmp(d->v[i], dir))
			return;
	v = realloc(d->v, (d->n + 1) * sizeof(*v));
	if (!v)
		return; /* a shorter search list, never a crash */
	d->v = v;
	d->v[d->n] = strdup(dir);
	if (d->v[d->n])
		d->n++;
}

static void dirs_free(struct dirlist *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->v[i]);
	free(d->v);
}

/* /etc/ld.so.conf: directory lines and "include GLOB" lines (nested). */
static void ldconf_read(const char *file, struct dirlist *d, int depth)
{
	FILE *f;
	char line[PATH_MAX];

	if (depth > 4 || !(f = fopen(file, "re")))
		return;
	while (fgets(line, sizeof(line), f)) {
		char *s = line, *e;

		line[strcspn(line, "#\n")] = '\0';
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = '\0';
		if (!strncmp(s, "include", 7) && (s[7] == ' ' || s[7] == '\t')) {
			glob_t g;
			s += 8;
			while (*s == ' ' || *s == '\t')
				s++;
			if (glob(s, 0, NULL, &g) == 0)
				for (size_t i = 0; i < g.gl_pathc; i++)
					ldconf_read(g.gl_pathv[i], d, depth + 1);
			globfree(&g);
		} else if (*s == '/') {
			dirs_add(d, s);
		}
	}
	fclose(f);
}

/* ---- the walk ---------------------------------------------------------- */

static int deps_add(struct elfdeps *deps, const char *guest, const char *host)
{
	if (deps->n == deps->cap) {
		size_t cap = deps->cap ? deps->cap * 2 : 16;
		struct elfdep *v = realloc(deps->v, cap * sizeof(*v));
		if (!v)
			return -1;
		deps->v = v;
		deps->cap = cap;
	}
	deps->v[deps->n].guest = strdup(guest);
	deps->v[deps->n].host = realpath(host, NULL);
	if (!deps->v[deps->n].guest || !deps->v[deps->n].host) {
		free(deps->v[deps->n].guest);
		free(deps->v[deps->n].host);
		return -1;
	}
	deps->n++;
	return 0;
}

static bool deps_have(const struct elfdeps *deps, const char *guest)
{
	for (size_t i = 0; i < deps->n; i++)
		if (!strcmp(deps->v[i].guest, guest))
			return true;
	return false;
}

/* Expand $ORIGIN / ${ORIGIN} in one search-path entry. */
static bool expand_origin(const char *entry, const char *origin, char *out, size_t outlen)
{
	size_t o = 0;

	for (const char *p = entry; *p;) {
		const char *add = p;
		size_t n = 1;

		if (!strncmp(p, "$ORIGIN", 7) || !strncmp(p, "${ORIGIN}", 9)) {
			add = origin;
			n = strlen(origin);
			p += p[1] == '{' ? 9 : 7;
		} else {
			p++;
		}
		if (o + n >= outlen)
			return false;
		memcpy(out + o, add, n);
		o += n;
	}
	out[o] = '\0';
	return true;
}

/* Context of one lookup: the object that needs the library. */
struct need {
	const char *name;
	const struct elfobj *obj, *root;
	const char *host_dir, *guest_dir; /* $ORIGIN on each side */
	const struct dirlist *conf;
};

static bool try_dir(const struct need *n, const char *hdir, const char *gdir, char *host, char *guest)
{
	snprintf(host, PATH_MAX, "%s/%s", hdir, n->name);
	if (!compatible(host, n->obj->cls, n->obj->machine))
		return false;
	snprintf(guest, PATH_MAX, "%s/%s", gdir, n->name);
	return true;
}

/* A colon-separated DT_RPATH/DT_RUNPATH list. */
static bool try_path_list(const struct need *n, const char *list, char *host, char *guest)
{
	char *copy, *save = NULL;
	bool ok = false;

	if (!list || !(copy = strdup(list)))
		return false;
	for (char *e = strtok_r(copy, ":", &save); e && !ok; e = strtok_r(NULL, ":", &save)) {
		char hd[PATH_MAX], gd[PATH_MAX];

		if (expand_origin(e, n->host_dir, hd, sizeof(hd)) &&
		    expand_origin(e, n->guest_dir, gd, sizeof(gd)))
			ok = try_dir(n, hd, gd, host, guest);
	}
	free(copy);
	return ok;
}

static bool guest_default(const char *dir)
{
	for (int i = 0; guest_default_dirs[i]; i++)
		if (!strcmp(dir, guest_default_dirs[i]))
			return true;
	return false;
}

/* One directory of ld.so.conf or the defaults; placed where the guest looks. */
static bool try_system_dir(const struct need *n, const char *dir, char *host, char *guest)
{
	return try_dir(n, dir, guest_default(dir) ? dir : "/usr/lib/x86_64-linux-gnu", host, guest);
}

static bool search(const struct need *n, char *host, char *guest)
{
	const struct elfobj *o = n->obj;

	if (strchr(n->name, '/')) {
		snprintf(host, PATH_MAX, "%s", n->name);
		snprintf(guest, PATH_MAX, "%s", n->name);
		return n->name[0] == '/' && compatible(host, o->cls, o->machine);
	}
	/* DT_RPATH counts only when there is no DT_RUNPATH; the executable's too */
	if (!o->runpath &&
	    (try_path_list(n, o->rpath, host, guest) ||
	     (o != n->root && !n->root->runpath && try_path_list(n, n->root->rpath, host, guest))))
		return true;
	if (try_path_list(n, o->runpath, host, guest))
		return true;
	for (size_t i = 0; i < n->conf->n; i++)
		if (try_system_dir(n, n->conf->v[i], host, guest))
			return true;
	for (int i = 0; host_default_dirs[i]; i++)
		if (try_system_dir(n, host_default_dirs[i], host, guest))
			return true;
	return false;
}

static void dir_of(const char *path, char *out)
{
	char tmp[PATH_MAX];

	snprintf(tmp, sizeof(tmp), "%s", path);
	snprintf(out, PATH_MAX, "%s", dirname(tmp));
}

/* Queue every library obj needs that is not queued yet. */
static int walk_needed(const struct elfobj *obj, const struct elfobj *root, const char *host_path,
		       const char *guest_path, const struct dirlist *conf, struct elfdeps *deps, char *err,
		       size_t errlen)
{
	char hdir[PATH_MAX], gdir[PATH_MAX], host[PATH_MAX], guest[PATH_MAX];
	struct need n = { NULL, obj, root, hdir, gdir, conf };

	dir_of(host_path, hdir);
	dir_of(guest_path, gdir);
	for (size_t i = 0; i < obj->nneeded; i++) {
		n.name = obj->needed[i];
		if (!search(&n, host, guest))
			return errf(err, errlen, "library %s not found (needed by %s)", n.name, host_path);
		if (!deps_have(deps, guest) && deps_add(deps, guest, host))
			return errf(err, errlen, "%s: %s", host, strerror(errno ? errno : ENOMEM));
	}
	return 0;
}

static int add_interp(const struct elfobj *root, const char *host_path, struct elfdeps *deps, char *err,
		      size_t errlen)
{
	if (!root->interp)
		return 0;
	if (root->interp[0] != '/' || !compatible(root->interp, root->cls, root->machine))
		return errf(err, errlen, "interpreter %s not found (needed by %s)", root->interp, host_path);
	return deps_add(deps, root->interp, root->interp) ? errf(err, errlen, "out of memory") : 0;
}

static int walk(const char *host_path, const char *guest_path, struct elfdeps *deps, char *err, size_t errlen)
{
	struct elfobj root, lib;
	struct dirlist conf = { 0 };
	int rc;

	if (elf_read(host_path, &root, err, errlen))
		return -1;
	ldconf_read("/etc/ld.so.conf", &conf, 0);
	rc = add_interp(&root, host_path, deps, err, errlen);
	if (!rc)
		rc = walk_needed(&root, &root, host_path, guest_path, &conf, deps, err, errlen);
	/* deps grows while we walk it: breadth first, each library once */
	for (size_t i = root.interp ? 1 : 0; !rc && i < deps->n; i++) {
		char *h = strdup(deps->v[i].host), *g = strdup(deps->v[i].guest);

		rc = (!h || !g) ? errf(err, errlen, "out of memory") : elf_read(h, &lib, err, errlen);
		if (!rc) {
			rc = walk_needed(&lib, &root, h, g, &conf, deps, err, errlen);
			obj_free(&lib);
		}
		free(h);
		free(g);
	}
	obj_free(&root);
	dirs_free(&conf);
	return rc;
}

int elfdeps_find(const char *host_path, const char *guest_path, struct elfdeps *deps, char *err,
		 size_t errlen)
{
	memset(deps, 0, sizeof(*deps));
	if (walk(host_path, guest_path, deps, err, errlen)) {
		elfdeps_free(deps);
		return -1;
	}
	return 0;
}

void elfdeps_free(struct elfdeps *deps)
{
	for (size_t i = 0; i < deps->n; i++) {
		free(deps->v[i].guest);
		free(deps->v[i].host);
	}
	free(deps->v);
	memset(deps, 0, sizeof(*deps));
}

bool elfdeps_is_elf(const char *path)
{
	char magic[SELFMAG] = "";
	FILE *f = fopen(path, "rb");

	if (f) {
		if (fread(magic, 1, SELFMAG, f) != SELFMAG)
			magic[0] = '\0';
		fclose(f);
	}
	return !memcmp(magic, ELFMAG, SELFMAG);
}
