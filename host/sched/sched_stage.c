#include "host/sched/sched_stage.h"

#include <stdio.h>
#include <string.h>

#include "lib/proto.h"
#include "host/util/log.h"
#include "host/sched/sched_cache.h"

const char *sched_stage_spec(const char *cli, const struct interp_meta *m, char *buf, size_t len)
{
	if (cli)
		snprintf(buf, len, "%s", cli);
	else if (m->sched && m->sched[0])
		snprintf(buf, len, "%s%s%s", m->sched, m->sched_args && m->sched_args[0] ? ":" : "",
			 m->sched_args ? m->sched_args : "");
	else
		return NULL;
	return buf;
}

static const char *base(const char *path)
{
	return strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
}

/* One boot has one command line: the run's schedulers must agree on it. */
static int want_kargs(struct sched_stage *rs, const struct sched_spec *s, unsigned ncpus, char *err,
		      size_t errlen)
{
	char buf[sizeof(rs->kargs)];
	const char *why, *ka = sched_spec_kernel_args(s, ncpus, buf, sizeof(buf), &why);

	if (!ka || !strcmp(rs->kargs, ka))
		return 0;
	if (rs->kargs[0])
		return errf(err, errlen,
			    "%s needs the kernel argument %s, another scheduler of this scenario needs %s; "
			    "one boot has one command line, so split the scenario",
			    s->name, ka, rs->kargs);
	snprintf(rs->kargs, sizeof(rs->kargs), "%s", ka);
	snprintf(rs->kargs_why, sizeof(rs->kargs_why), "%s: booting with %s: %s", s->name, ka, why);
	return 0;
}

/* The guest finds a replacement at /sched/<file name> (guest/runtime_sched.c). */
static int add_replacements(struct sched_stage *rs, const struct bc_prog *p,
			    const struct kernel_cache_entry *k, unsigned ncpus, char *err, size_t errlen)
{
	unsigned v[8];
	struct sched_spec rep;
	char spec[600];

	for (uint32_t pc = 0; pc < p->code_len; pc += bc_insn_len((enum bc_op)p->code[pc])) {
		struct guest_initrd_extra *x = &rs->x;
		const char *name;
		unsigned i = x->nmore;

		if (interp_decode(p, pc, v) != OP_SCHED_REPLACE)
			continue;
		name = p->pool[v[0]].u.s;
		snprintf(spec, sizeof(spec), "%s:%s", name, p->pool[v[1]].u.s);
		if (sched_spec_parse(spec, &rep, err, errlen) || want_kargs(rs, &rep, ncpus, err, errlen))
			return -1;
		if (i == GUEST_INITRD_MORE)
			return errf(err, errlen, "scheduler replace: more than %d other schedulers",
				    GUEST_INITRD_MORE);
		if (sched_cache_resolve(name, k, rs->more_host[i], sizeof(rs->more_host[i]), err, errlen))
			return -1;
		snprintf(rs->more_guest[i], sizeof(rs->more_guest[i]), "/sched/%s", base(rs->more_host[i]));
		x->more_host[i] = rs->more_host[i], x->more_guest[i] = rs->more_guest[i];
		x->nmore++;
	}
	return 0;
}

int sched_stage_prepare(struct sched_stage *rs, const char *spec, const struct bc_prog *p,
			const struct kernel_cache_entry *k, unsigned ncpus, const struct sched_stage_opts *so,
			char *err, size_t errlen)
{
	static const struct sched_stage_opts run = { .load_timeout_ms = SCHED_STAGE_LOAD_TIMEOUT_S * 1000 };
	int n;

	memset(rs, 0, sizeof(*rs));
	if (sched_spec_parse(spec, &rs->s, err, errlen) ||
	    sched_cache_resolve(rs->s.name, k, rs->host_bin, sizeof(rs->host_bin), err, errlen))
		return -1;
	snprintf(rs->guest_bin, sizeof(rs->guest_bin), "/sched/%s", base(rs->host_bin));
	if (!so)
		so = &run;
	n = sched_spec_conf(&rs->s, rs->guest_bin, so->duration_ms, so->spinners, so->load_timeout_ms,
			    rs->conf, sizeof(rs->conf));
	if (n < 0)
		return errf(err, errlen,
			    "--scheduler: the arguments are too long for the guest's configuration");
	rs->x.bin_host = rs->host_bin, rs->x.bin_guest = rs->guest_bin;
	rs->x.conf_path = PROTO_SCHED_CONF, rs->x.conf = rs->conf, rs->x.conf_len = (size_t)n;
	if (want_kargs(rs, &rs->s, ncpus, err, errlen) ||
	    (p && add_replacements(rs, p, k, ncpus, err, errlen)))
		return -1;
	if (rs->kargs[0]) {
		log_info("%s", rs->kargs_why);
		if (!sched_spec_kernel_honours(rs->kargs, k->config, err, errlen))
			log_warn("%s", err);
	}
	return 0;
}

int sched_stage_add_probe(struct sched_stage *rs, const struct kernel_cache_entry *k, const char *names,
			  char *err, size_t errlen)
{
	struct guest_initrd_extra *x = &rs->x;
	unsigned i = x->nmore;
	int n;

	if (i == GUEST_INITRD_MORE)
		return errf(err, errlen, "no room for the probe beside %d other schedulers",
			    GUEST_INITRD_MORE);
	if (sched_cache_resolve("ktsr_probe", k, rs->more_host[i], sizeof(rs->more_host[i]), err, errlen))
		return errf(err, errlen, "no ktsr_probe built for this kernel; run 'ktsrun sched build'");
	snprintf(rs->more_guest[i], sizeof(rs->more_guest[i]), "/sched/ktsr_probe");
	n = snprintf(rs->conf + x->conf_len, sizeof(rs->conf) - x->conf_len,
		     "probe=/sched/ktsr_probe\nprobe_names=%s\n", names);
	if (n < 0 || (size_t)n >= sizeof(rs->conf) - x->conf_len)
		return errf(err, errlen, "too many functions to probe for the guest's configuration");
	x->conf_len += (size_t)n;
	x->more_host[i] = rs->more_host[i], x->more_guest[i] = rs->more_guest[i];
	x->nmore++;
	return 0;
}
