/* ktsr_probe: probes along a scheduler's crash path (ktsrun's auto-repro).
 *
 * Usage: ktsr_probe NAME...
 *   NAME is a kernel function (kprobe + kretprobe) or the name of a
 *   struct_ops program of the scheduler that will be loaded (fentry + fexit).
 *   The kernel probes are attached at once ("ktsr_probe: ready kernel N").
 *   SIGUSR1, sent while the scheduler is stopped between its load and its
 *   attach, attaches the program probes ("ktsr_probe: ready progs N").
 *   The scheduler's exit (kprobe on scx_ops_exit_kind) triggers the report;
 *   SIGINT or SIGTERM ends it too. The report is one block per probed name:
 *   the last call that handled the failing task (the task argument of the
 *   last callback on the thread that raised the exit), its decoded
 *   arguments at entry, and the fields that changed by its exit.
 * Exit status: 0 after the report, 1 when the probes could not be set up. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>

#include "ktsr_probe.h"
#include "ktsr_probe.bpf.skel.h"

#define MAX_NAMES  PROBE_MAX_FUNCS
#define MAX_EVENTS 16384

enum flag_kind { FLAG_NONE, FLAG_ENQ, FLAG_DEQ };

struct target {
	const char *name;
	int is_prog, attached;
	struct probe_cfg cfg;
	int flags_arg;
	enum flag_kind flags_kind;
	char where[160];	 /* "sched_ext_ops.enqueue, scx_qmap.bpf.c:231" */
	unsigned long long addr; /* a kernel function's */
};

static struct target tg[MAX_NAMES];
static unsigned ntg;
static struct probe_ev ring[MAX_EVENTS];
static unsigned long long nev;
static struct probe_ev trig;
static unsigned long long trig_at; /* events before the trigger */
static int triggered;
static volatile sig_atomic_t want_progs, want_end;
static struct btf *vmlinux;

static void on_sig(int sig)
{
	if (sig == SIGUSR1)
		want_progs = 1;
	else
		want_end = 1;
}

static int attaching; /* our own line says why an attach failed */

static int silent(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return level == LIBBPF_WARN && !attaching ? vfprintf(stderr, fmt, ap) : 0;
}

/* The enumerator of enum type named tname with value v, or NULL. */
static const char *enum_name(const char *tname, unsigned long long v)
{
	int id = btf__find_by_name_kind(vmlinux, tname, BTF_KIND_ENUM);
	const struct btf_type *t = id > 0 ? btf__type_by_id(vmlinux, id) : NULL;

	for (int i = 0; t && i < btf_vlen(t); i++)
		if ((unsigned long long)(unsigned)btf_enum(t)[i].val == v)
			return btf__name_by_offset(vmlinux, btf_enum(t)[i].name_off);
	return NULL;
}

/* Each kernel target's address from /proc/kallsyms (one pass), for the
 * host to turn into file:line with the kernel's debug info. */
static void kallsyms(void)
{
	FILE *f = fopen("/proc/kallsyms", "r");
	char line[256], name[128], type;
	unsigned long long a;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "%llx %c %127s", &a, &type, name) == 3 && (type == 't' || type == 'T'))
			for (unsigned i = 0; i < ntg; i++)
				if (!tg[i].addr && !strcmp(tg[i].name, name))
					tg[i].addr = a;
	if (f)
		fclose(f);
}

/* struct NAME behind a pointer type id, or NULL. */
static const char *pointee(__u32 id)
{
	const struct btf_type *t = btf__type_by_id(vmlinux, id);

	if (!t || !btf_is_ptr(t))
		return NULL;
	t = btf__type_by_id(vmlinux, btf__resolve_type(vmlinux, t->type));
	return t && btf_is_struct(t) ? btf__name_by_offset(vmlinux, t->name_off) : NULL;
}

/* Where the task_struct and rq pointers are among a prototype's parameters. */
static void classify(struct target *t, const struct btf_type *proto)
{
	const struct btf_param *p = btf_params(proto);

	t->cfg = (struct probe_cfg){ PROBE_NO_ARG, PROBE_NO_ARG, btf_vlen(proto) };
	t->flags_arg = -1;
	for (int i = 0; i < btf_vlen(proto) && i < PROBE_MAX_ARGS; i++) {
		const char *s = pointee(p[i].type), *n = btf__name_by_offset(vmlinux, p[i].name_off);

		if (s && !strcmp(s, "task_struct") && t->cfg.task_arg < 0)
			t->cfg.task_arg = i;
		else if (s && !strcmp(s, "rq") && t->cfg.rq_arg < 0)
			t->cfg.rq_arg = i;
		else if (n && (!strcmp(n, "enq_flags") || !strcmp(n, "deq_flags"))) {
			t->flags_arg = i;
			t->flags_kind = n[0] == 'e' ? FLAG_ENQ : FLAG_DEQ;
		}
	}
}

/* The sched_ext_ops member a program implements: the longest '_' suffix of
 * its name that names a member ("qmap_core_sched_before"). */
static const struct btf_type *ops_member(const char *prog, char *member, size_t len)
{
	int id = btf__find_by_name_kind(vmlinux, "sched_ext_ops", BTF_KIND_STRUCT);
	const struct btf_type *ops = id > 0 ? btf__type_by_id(vmlinux, id) : NULL;

	for (const char *s = strchr(prog, '_'); ops && s; s = strchr(s + 1, '_')) {
		const struct btf_member *m = btf_members(ops);

		for (int i = 0; i < btf_vlen(ops); i++) {
			const struct btf_type *ft;

			if (strcmp(btf__name_by_offset(vmlinux, m[i].name_off), s + 1))
				continue;
			ft = btf__type_by_id(vmlinux, m[i].type);
			if (!ft || !btf_is_ptr(ft))
				return NULL;
			snprintf(member, len, "%s", s + 1);
			ft = btf__type_by_id(vmlinux, ft->type);
			return ft && btf_is_func_proto(ft) ? ft : NULL;
		}
	}
	return NULL;
}

static int on_event(void *ctx, void *data, size_t len)
{
	const struct probe_ev *e = data;

	if (len < sizeof(*e))
		return 0;
	if (e->phase == PROBE_TRIGGER) {
		if (!triggered++)
			trig = *e, trig_at = nev;
		return 0;
	}
	/* after the trigger only the exits of calls under way matter, and few come */
	if (!triggered || nev - trig_at < MAX_EVENTS / 2)
		ring[nev++ % MAX_EVENTS] = *e;
	return 0;
}

static void cpulist(unsigned long long m, char *out, size_t len)
{
	size_t used = 0;

	out[0] = '\0';
	for (int i = 0; i < 64 && used < len; i++) {
		int j = i;

		if (!(m >> i & 1))
			continue;
		while (j + 1 < 64 && (m >> (j + 1) & 1))
			j++;
		if (j > i)
			used += (size_t)snprintf(out + used, len - used, "%s%d-%d", used ? "," : "", i, j);
		else
			used += (size_t)snprintf(out + used, len - used, "%s%d", used ? "," : "", i);
		i = j;
	}
	if (!used)
		snprintf(out, len, "none");
}

/* flags by the enumerators of enum scx_enq_flags / scx_deq_flags */
static void flags(enum flag_kind k, unsigned long long v, char *out, size_t len)
{
	int id = btf__find_by_name_kind(vmlinux, k == FLAG_ENQ ? "scx_enq_flags" : "scx_deq_flags",
					BTF_KIND_ENUM64);
	const struct btf_type *t;
	size_t used = (size_t)snprintf(out, len, "0x%llx", v);
	unsigned long long rest = v;

	if (id <= 0)
		id = btf__find_by_name_kind(vmlinux, k == FLAG_ENQ ? "scx_enq_flags" : "scx_deq_flags",
					    BTF_KIND_ENUM);
	if (id <= 0 || !(t = btf__type_by_id(vmlinux, id)))
		return;
	for (int i = 0; i < btf_vlen(t) && used < len; i++) {
		unsigned long long bit = btf_is_enum64(t) ? btf_enum64_value(&btf_enum64(t)[i])
							  : (unsigned long long)(unsigned)btf_enum(t)[i].val;
		const char *n = btf__name_by_offset(vmlinux, btf_is_enum64(t) ? btf_enum64(t)[i].name_off
									      : btf_enum(t)[i].name_off);

		if (!bit || (bit & (bit - 1)) || !(rest & bit))
			continue; /* single bits only: masks and aliases are not flags */
		used += (size_t)snprintf(out + used, len - used, "%s%s", rest == v ? " (" : "|", n);
		rest &= ~bit;
	}
	if (rest != v && used < len) {
		if (rest)
			used += (size_t)snprintf(out + used, len - used, "|0x%llx", rest);
		if (used < len)
			snprintf(out + used, len - used, ")");
	}
}

static void dsq_name(unsigned long long id, char *out, size_t len)
{
	if (id == ~0ULL)
		snprintf(out, len, "none");
	else if (id == (1ULL << 63 | 1))
		snprintf(out, len, "GLOBAL");
	else if (id == (1ULL << 63 | 2))
		snprintf(out, len, "LOCAL");
	else if ((id >> 62) == 3)
		snprintf(out, len, "LOCAL_ON|%llu", id & 0xffffffffULL);
	else
		snprintf(out, len, "0x%llx", id);
}

static void print_task(const char *label, const struct probe_task *p)
{
	char cpus[128], dsq[40];

	cpulist(p->cpus, cpus, sizeof(cpus));
	dsq_name(p->dsq, dsq, sizeof(dsq));
	printf("    %-10s pid=%d comm=%.16s cpus=%s dsq=%s scx.flags=0x%x weight=%u\n", label, p->pid,
	       p->comm, cpus, dsq, p->flags, p->weight);
}

static void changed(const struct probe_ev *a, const struct probe_ev *b)
{
	int n = 0;
	char x[128], y[128];

	if (a->has_task && b->has_task) {
		const struct probe_task *p = &a->task, *q = &b->task;

		if (p->flags != q->flags)
			printf("    changed    p->scx.flags 0x%x -> 0x%x\n", p->flags, q->flags), n++;
		if (p->dsq != q->dsq) {
			dsq_name(p->dsq, x, sizeof(x));
			dsq_name(q->dsq, y, sizeof(y));
			printf("    changed    p->scx.dsq %s -> %s\n", x, y), n++;
		}
		if (p->weight != q->weight)
			printf("    changed    p->scx.weight %u -> %u\n", p->weight, q->weight), n++;
		if (p->cpus != q->cpus) {
			cpulist(p->cpus, x, sizeof(x));
			cpulist(q->cpus, y, sizeof(y));
			printf("    changed    p->cpus_ptr %s -> %s\n", x, y), n++;
		}
	}
	if (a->has_rq && b->has_rq && a->rq_nr_running != b->rq_nr_running)
		printf("    changed    rq->nr_running %u -> %u\n", a->rq_nr_running, b->rq_nr_running), n++;
	if (!n)
		printf("    unchanged  by the exit\n");
}

static const struct probe_ev *ev_at(unsigned long long i)
{
	return &ring[i % MAX_EVENTS];
}

static unsigned long long first_kept(void)
{
	return nev > MAX_EVENTS ? nev - MAX_EVENTS : 0;
}

/* The pid of the task the failing callback handled: the last entry with a
 * task on the thread that raised the exit, a program's first. */
static int failing_pid(void)
{
	for (int want_prog = 1; want_prog >= 0; want_prog--)
		for (unsigned long long i = trig_at; i-- > first_kept();) {
			const struct probe_ev *e = ev_at(i);

			if (e->phase == PROBE_ENTRY && e->has_task && e->cur_pid == trig.cur_pid &&
			    (e->id >= PROBE_PROG_ID(0)) == want_prog)
				return e->task.pid;
		}
	return -1;
}

static void report_one(const struct target *t, unsigned long long id, int pid)
{
	const struct probe_ev *e = NULL, *x = NULL;
	unsigned long long at = 0;
	char buf[256];

	for (unsigned long long i = trig_at; i-- > first_kept() && !e;) {
		const struct probe_ev *c = ev_at(i);

		if (c->id == id && c->phase == PROBE_ENTRY &&
		    (c->has_task ? c->task.pid == pid : c->cur_pid == trig.cur_pid))
			e = c, at = i;
	}
	printf("%s (%s)\n", t->name, t->where);
	if (!e) {
		printf("    not called for pid %d while probed\n", pid);
		return;
	}
	for (unsigned long long i = at + 1; i < nev && !x; i++) {
		const struct probe_ev *c = ev_at(i);

		if (c->id == id && c->phase == PROBE_EXIT && c->cur_pid == e->cur_pid)
			x = c;
	}
	printf("    entry      cpu=%u current pid=%d comm=%.16s%s\n", e->cpu, e->cur_pid, e->cur_comm,
	       e->has_task && e->task.pid == e->cur_pid ? " (the task itself)" : "");
	for (unsigned i = 0; i < e->nargs; i++) {
		char label[16];

		snprintf(label, sizeof(label), "arg%u", i);
		if ((int)i == t->cfg.task_arg)
			print_task("p", &e->task);
		else if ((int)i == t->cfg.rq_arg)
			printf("    %-10s cpu=%d nr_running=%u\n", "rq", e->rq_cpu, e->rq_nr_running);
		else if ((int)i == t->flags_arg) {
			flags(t->flags_kind, e->args[i], buf, sizeof(buf));
			printf("    %-10s %s\n", t->flags_kind == FLAG_ENQ ? "enq_flags" : "deq_flags", buf);
		} else
			printf("    %-10s 0x%llx\n", label, e->args[i]);
	}
	if (!x) {
		printf("    exit       none: the call had not returned when the scheduler exited\n");
		return;
	}
	printf("    exit       ret=0x%llx after %llu ns\n", x->ret, x->ts - e->ts);
	changed(e, x);
}

static void report(void)
{
	const char *kind = enum_name("scx_exit_kind", trig.args[0]);
	int pid;

	if (!triggered) {
		printf("ktsr_probe: the scheduler did not exit while probed (%llu events)\n", nev);
		return;
	}
	pid = failing_pid();
	printf("ktsr_probe: exit kind %s (%llu) on cpu %u by pid %d (%.16s); failing task pid %d; %llu "
	       "events\n",
	       kind ? kind : "?", trig.args[0], trig.cpu, trig.cur_pid, trig.cur_comm, pid, nev);
	for (unsigned i = 0; i < ntg; i++)
		if (tg[i].attached)
			report_one(&tg[i], tg[i].is_prog ? PROBE_PROG_ID(i) : i, pid);
	fflush(stdout);
}

static int attach_kernel(struct ktsr_probe *skel)
{
	int n = 0;

	kallsyms();
	attaching = 1;
	for (unsigned i = 0; i < ntg; i++) {
		int id = btf__find_by_name_kind(vmlinux, tg[i].name, BTF_KIND_FUNC);
		const struct btf_type *f = id > 0 ? btf__type_by_id(vmlinux, id) : NULL;
		LIBBPF_OPTS(bpf_kprobe_opts, o, .bpf_cookie = i);

		if (!f || !(f = btf__type_by_id(vmlinux, f->type))) {
			tg[i].is_prog = 1; /* not a kernel function: a program's, maybe */
			continue;
		}
		classify(&tg[i], f);
		snprintf(tg[i].where, sizeof(tg[i].where), "kernel function at 0x%llx", tg[i].addr);
		bpf_map__update_elem(skel->maps.fn_cfg, &i, sizeof(i), &tg[i].cfg, sizeof(tg[i].cfg), 0);
		o.retprobe = false;
		if (!bpf_program__attach_kprobe_opts(skel->progs.probe_kentry, tg[i].name, &o)) {
			fprintf(stderr, "ktsr_probe: no kprobe on %s: %s\n", tg[i].name, strerror(errno));
			continue;
		}
		o.retprobe = true;
		if (!bpf_program__attach_kprobe_opts(skel->progs.probe_kexit, tg[i].name, &o))
			fprintf(stderr, "ktsr_probe: no kretprobe on %s: %s\n", tg[i].name, strerror(errno));
		tg[i].attached = 1;
		n++;
	}
	attaching = 0;
	return n;
}

/* file:line of a program's first line info, from its own BTF. */
static void prog_line(int fd, const struct bpf_prog_info *info, char *out, size_t len)
{
	struct bpf_line_info li[1];
	struct bpf_prog_info i2 = { .nr_line_info = 1,
				    .line_info_rec_size = sizeof(li[0]),
				    .line_info = (unsigned long)li };
	__u32 n = sizeof(i2);
	struct btf *b;
	const char *file;

	out[0] = '\0';
	if (!info->nr_line_info || bpf_prog_get_info_by_fd(fd, &i2, &n) ||
	    !(b = btf__load_from_kernel_by_id(info->btf_id)))
		return;
	file = btf__name_by_offset(b, li[0].file_name_off);
	if (file)
		snprintf(out, len, ", %s:%u", strrchr(file, '/') ? strrchr(file, '/') + 1 : file,
			 BPF_LINE_INFO_LINE_NUM(li[0].line_col));
	btf__free(b);
}

/* fentry and fexit on each named struct_ops program, one loaded copy each,
 * sharing the first copy's ring buffer. */
static int attach_progs(struct ktsr_probe *first)
{
	__u32 id = 0;
	int n = 0;

	while (!bpf_prog_get_next_id(id, &id)) {
		struct bpf_prog_info info = { 0 };
		__u32 len = sizeof(info);
		int fd = bpf_prog_get_fd_by_id(id);
		char member[64], line[128];

		if (fd < 0)
			continue;
		if (bpf_prog_get_info_by_fd(fd, &info, &len) || info.type != BPF_PROG_TYPE_STRUCT_OPS) {
			close(fd);
			continue;
		}
		for (unsigned i = 0; i < ntg; i++) {
			const struct btf_type *proto;
			struct ktsr_probe *s;

			if (!tg[i].is_prog || tg[i].attached || strcmp(tg[i].name, info.name))
				continue;
			if (!(proto = ops_member(info.name, member, sizeof(member)))) {
				fprintf(stderr, "ktsr_probe: %s implements no sched_ext_ops member\n",
					info.name);
				break;
			}
			classify(&tg[i], proto);
			if (!strcmp(member, "enqueue") || !strcmp(member, "dequeue")) {
				tg[i].flags_arg = 1; /* a member's prototype has no parameter names */
				tg[i].flags_kind = member[0] == 'e' ? FLAG_ENQ : FLAG_DEQ;
			}
			prog_line(fd, &info, line, sizeof(line));
			snprintf(tg[i].where, sizeof(tg[i].where), "struct_ops sched_ext_ops.%s%s", member,
				 line);
			if (!(s = ktsr_probe__open()))
				break;
			s->rodata->prog_slot = i;
			s->rodata->prog_cfg = tg[i].cfg;
			bpf_program__set_autoload(s->progs.probe_kentry, false);
			bpf_program__set_autoload(s->progs.probe_kexit, false);
			bpf_program__set_autoload(s->progs.probe_trigger, false);
			if (bpf_map__reuse_fd(s->maps.events, bpf_map__fd(first->maps.events)) ||
			    bpf_program__set_attach_target(s->progs.probe_pentry, fd, info.name) ||
			    bpf_program__set_attach_target(s->progs.probe_pexit, fd, info.name) ||
			    ktsr_probe__load(s) || ktsr_probe__attach(s)) {
				fprintf(stderr, "ktsr_probe: no fentry/fexit on %s: %s\n", info.name,
					strerror(errno));
				ktsr_probe__destroy(s);
				break;
			}
			tg[i].attached = 1; /* s stays loaded until we exit */
			n++;
			break;
		}
		close(fd);
	}
	return n;
}

int main(int argc, char **argv)
{
	struct ktsr_probe *skel;
	struct ring_buffer *rb;
	struct timespec t_trig = { 0 };
	int nk;

	if (argc < 2 || argc - 1 > MAX_NAMES) {
		fprintf(stderr, "usage: %s NAME... (at most %d kernel functions and struct_ops programs)\n",
			argv[0], MAX_NAMES);
		return 2;
	}
	for (int i = 1; i < argc; i++)
		tg[ntg++].name = argv[i];
	libbpf_set_print(silent);
	signal(SIGUSR1, on_sig);
	signal(SIGINT, on_sig);
	signal(SIGTERM, on_sig);
	if (!(vmlinux = btf__load_vmlinux_btf())) {
		fprintf(stderr, "ktsr_probe: no kernel BTF: %s\n", strerror(errno));
		return 1;
	}
	skel = ktsr_probe__open();
	if (skel) {
		bpf_program__set_autoload(skel->progs.probe_pentry, false);
		bpf_program__set_autoload(skel->progs.probe_pexit, false);
	}
	if (!skel || ktsr_probe__load(skel) ||
	    !(skel->links.probe_trigger = bpf_program__attach(skel->progs.probe_trigger))) {
		fprintf(stderr, "ktsr_probe: cannot load or attach the probes: %s\n", strerror(errno));
		return 1;
	}
	if (!(rb = ring_buffer__new(bpf_map__fd(skel->maps.events), on_event, NULL, NULL))) {
		fprintf(stderr, "ktsr_probe: no ring buffer: %s\n", strerror(errno));
		return 1;
	}
	nk = attach_kernel(skel);
	printf("ktsr_probe: ready kernel %d\n", nk);
	fflush(stdout);
	while (!want_end) {
		struct timespec now;

		ring_buffer__poll(rb, 50);
		if (want_progs) {
			want_progs = 0;
			printf("ktsr_probe: ready progs %d\n", attach_progs(skel));
			fflush(stdout);
		}
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (triggered && !t_trig.tv_sec)
			t_trig = now;
		/* the exits of the calls that raised it come just after */
		if (t_trig.tv_sec &&
		    (now.tv_sec - t_trig.tv_sec) * 1000000000L + now.tv_nsec - t_trig.tv_nsec > 200000000L)
			break;
	}
	ring_buffer__consume(rb);
	report();
	return 0;
}
