#include "host/report/merge.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "host/run/verdict.h"
#include "host/util/log.h"

static const char *str_at(json_object *o, const char *key)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) && json_object_is_type(v, json_type_string)
		       ? json_object_get_string(v)
		       : NULL;
}

static json_object *get(json_object *o, const char *key)
{
	json_object *v = NULL;

	json_object_object_get_ex(o, key, &v);
	return v;
}

/* What every shard of one gauntlet has in common, as one string. */
static int identity(json_object *in, const char *name, char *buf, size_t len, char *err, size_t errlen)
{
	json_object *g = get(in, "gauntlet"), *s = get(g, "scenarios"), *b = get(g, "budget_s");
	const char *ver = str_at(in, "ktsrun_version");

	if (!ver || !json_object_is_type(g, json_type_object) || !json_object_is_type(s, json_type_array) ||
	    !json_object_is_type(get(in, "results"), json_type_array))
		return errf(err, errlen, "%s: not the JSON of a gauntlet run (ktsrun --gauntlet --json)",
			    name);
	snprintf(buf, len, "version %s; scenarios %s; variants %d; budget %s; left out %s", ver,
		 json_object_to_json_string_ext(s, JSON_C_TO_STRING_PLAIN),
		 json_object_get_int(get(g, "variants")), b ? json_object_to_json_string(b) : "none",
		 json_object_to_json_string_ext(get(in, "left_out"), JSON_C_TO_STRING_PLAIN));
	return 0;
}

static int by_variant(const void *a, const void *b)
{
	const char *x = str_at(*(json_object *const *)a, "variant"),
		   *y = str_at(*(json_object *const *)b, "variant");

	return strcmp(x ? x : "", y ? y : "");
}

static int verdict_of(json_object *r)
{
	const char *v = str_at(r, "verdict");

	for (int i = V_SKIP; v && i <= V_FAIL; i++)
		if (!strcmp(v, verdict_name((enum verdict_outcome)i)))
			return i;
	return V_ERROR; /* a result without a known verdict proves nothing */
}

/* Why the identities differ: the first field that does. */
static void differ(const char *a, const char *b, char *buf, size_t len)
{
	size_t i = 0;

	while (a[i] && a[i] == b[i])
		i++;
	while (i > 0 && a[i - 1] != ';')
		i--;
	snprintf(buf, len, "%.*s", (int)strcspn(a + i + (a[i] == ' '), ";"), a + i + (a[i] == ' '));
}

static int collect(json_object *const *in, const char *const *names, size_t n, json_object ***all,
		   size_t *nall, char *err, size_t errlen)
{
	size_t total = 0, k = 0;
	const char **from;

	for (size_t i = 0; i < n; i++)
		total += json_object_array_length(get(in[i], "results"));
	*all = calloc(total + 1, sizeof(**all));
	from = calloc(total + 1, sizeof(*from));
	if (!*all || !from) {
		free(from);
		return errf(err, errlen, "out of memory");
	}
	for (size_t i = 0; i < n; i++) {
		json_object *r = get(in[i], "results");

		for (size_t j = 0; j < json_object_array_length(r); j++) {
			json_object *x = json_object_array_get_idx(r, j);

			if (!str_at(x, "variant")) {
				free(from);
				return errf(err, errlen, "%s: result %zu has no variant name", names[i], j);
			}
			from[k] = names[i], (*all)[k++] = x;
		}
	}
	*nall = k;
	/* sort names with their sources, to report a duplicate's two files */
	for (size_t i = 1; i < k; i++)
		for (size_t j = i; j > 0 && by_variant(&(*all)[j], &(*all)[j - 1]) < 0; j--) {
			json_object *t = (*all)[j];
			const char *f = from[j];

			(*all)[j] = (*all)[j - 1], from[j] = from[j - 1], (*all)[j - 1] = t, from[j - 1] = f;
		}
	for (size_t i = 1; i < k; i++)
		if (!by_variant(&(*all)[i], &(*all)[i - 1])) {
			errf(err, errlen,
			     "variant %s is in both %s and %s: shards of one gauntlet do not overlap",
			     str_at((*all)[i], "variant"), from[i - 1], from[i]);
			free(from);
			return -1;
		}
	free(from);
	return 0;
}

int merge_json(json_object *const *in, const char *const *names, size_t n, json_object **out, char *err,
	       size_t errlen)
{
	char id0[8192], id[8192], why[512];
	json_object **all = NULL, *res, *g = NULL, *from;
	size_t nall = 0;
	int worst = V_SKIP;

	*out = NULL;
	if (!n)
		return errf(err, errlen, "nothing to merge");
	for (size_t i = 0; i < n; i++) {
		if (identity(in[i], names[i], i ? id : id0, sizeof(id), err, errlen))
			return -1;
		if (i && strcmp(id, id0)) {
			differ(id0, id, why, sizeof(why));
			return errf(err, errlen,
				    "%s and %s are not shards of one gauntlet (they differ in %s)", names[0],
				    names[i], why);
		}
	}
	if (collect(in, names, n, &all, &nall, err, errlen)) {
		free(all);
		return -1;
	}
	res = json_object_new_array();
	for (size_t i = 0; i < nall; i++) {
		int v = verdict_of(all[i]);

		worst = v > worst ? v : worst;
		json_object_array_add(res, json_object_get(all[i]));
	}
	free(all);
	*out = json_object_new_object();
	if (json_object_deep_copy(get(in[0], "gauntlet"), &g, NULL))
		return errf(err, errlen, "out of memory");
	json_object_object_add(g, "shard", json_object_new_string("merged"));
	json_object_object_add(*out, "ktsrun_version",
			       json_object_new_string(str_at(in[0], "ktsrun_version")));
	from = json_object_new_array();
	for (size_t i = 0; i < n; i++)
		json_object_array_add(from,
				      json_object_new_string(str_at(get(in[i], "gauntlet"), "shard")
								     ? str_at(get(in[i], "gauntlet"), "shard")
								     : "?"));
	json_object_object_add(*out, "gauntlet", g);
	json_object_object_add(*out, "merged_from", from);
	json_object_object_add(*out, "results", res);
	json_object_object_add(*out, "left_out", json_object_get(get(in[0], "left_out")));
	json_object_object_add(*out, "verdict",
			       json_object_new_string(verdict_name((enum verdict_outcome)worst)));
	return 0;
}

void merge_missing(json_object *from, char *buf, size_t len)
{
	unsigned n = 0, k;
	size_t used = 0;
	bool seen[1001] = { false };

	buf[0] = '\0';
	for (size_t i = 0; i < json_object_array_length(from); i++)
		if (sscanf(json_object_get_string(json_object_array_get_idx(from, i)), "%u/%u", &k, &n) ==
			    2 &&
		    k >= 1 && k <= 1000)
			seen[k] = true;
	for (k = 1; k <= n && k <= 1000; k++)
		if (!seen[k] && used < len)
			used += (size_t)snprintf(buf + used, len - used, "%s%u/%u", used ? ", " : "", k, n);
}
