/* sequence: phases of other (independent) work types, in turn, repeated
 * until the run ends. Without phases it runs spin, yield and bursty for
 * phase_ms each. */
#include "work/work_impl.h"

int work_sequence(struct work_ctx *c)
{
	struct work_spec dflt;
	const struct work_spec *s = c->spec;
	static const char *const names[] = { "spin", "yield", "bursty" };
	int r = 0;

	if (!s || !s->nphases) {
		work_spec_init(&dflt, c->type);
		for (unsigned i = 0; i < 3; i++) {
			const struct work_type *t = work_type_find(names[i]);
			struct work_phase *ph = &dflt.phase[dflt.nphases++];

			ph->type = t;
			ph->ms = (uint32_t)c->p[0];
			for (unsigned j = 0; j < t->nparams; j++)
				ph->args.v[j] = t->param[j].def;
		}
		s = &dflt;
	}
	for (unsigned k = 0; !r && work_live(c); k = (k + 1) % s->nphases) {
		const struct work_phase *ph = &s->phase[k];
		struct work_ctx sub = *c;
		uint64_t end = sys_now_ns() + ph->ms * NS_PER_MS;

		sub.type = ph->type;
		sub.p = ph->args.v;
		sub.spec = NULL;
		sub.until = end < c->until ? end : c->until;
		r = ph->type->run(&sub);
		c->t->aux++;
	}
	return r;
}
