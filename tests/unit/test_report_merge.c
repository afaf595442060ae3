/* report merge on fixture JSON: three shards give the whole set with its
 * verdicts; inputs that are not shards of one gauntlet are refused. */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "host/report/merge.h"
#include "tests/unit/tu.h"

#define HEAD                                                                                           \
	"{\"ktsrun_version\":\"%s\",\"gauntlet\":{\"scenarios\":[\"steady\",\"%s\"],\"shard\":\"%s\"," \
	"\"budget_s\":180,\"variants\":6},\"left_out\":[{\"variant\":\"steady/big/eevdf\"}],"          \
	"\"results\":[%s],\"verdict\":\"X\"}"

static json_object *shard(const char *ver, const char *scen2, const char *k, const char *results)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), HEAD, ver, scen2, k, results);
	return json_tokener_parse(buf);
}

#define R(name, verdict) "{\"variant\":\"" name "\",\"verdict\":\"" verdict "\",\"wall_s\":1.5}"

static const char *names[] = { "a.json", "b.json", "c.json" };

static void verdicts(json_object *m, char *buf, size_t len)
{
	json_object *r, *x, *v, *n;
	size_t u = 0;

	buf[0] = '\0';
	json_object_object_get_ex(m, "results", &r);
	for (size_t i = 0; i < json_object_array_length(r) && u < len; i++) {
		x = json_object_array_get_idx(r, i);
		json_object_object_get_ex(x, "variant", &n);
		json_object_object_get_ex(x, "verdict", &v);
		u += (size_t)snprintf(buf + u, len - u, "%s=%s ", json_object_get_string(n),
				      json_object_get_string(v));
	}
}

TU_TEST(merge_three_shards_is_the_whole)
{
	json_object *in[3] = {
		shard("0.1.0", "cpuset_resize", "1/3",
		      R("steady/tiny/eevdf", "PASS") "," R("steady/numa2/eevdf", "FAIL")),
		shard("0.1.0", "cpuset_resize", "2/3",
		      R("cpuset_resize/llc2/eevdf", "PASS") "," R("cpuset_resize/smt/eevdf", "SKIP")),
		shard("0.1.0", "cpuset_resize", "3/3", R("steady/llc2/eevdf", "ERROR")),
	};
	json_object *m = NULL, *v;
	char err[512] = "", buf[1024], missing[64];

	TU_EQ_INT(merge_json(in, names, 3, &m, err, sizeof(err)), 0);
	verdicts(m, buf, sizeof(buf));
	TU_EQ_STR(buf, "cpuset_resize/llc2/eevdf=PASS cpuset_resize/smt/eevdf=SKIP steady/llc2/eevdf=ERROR "
		       "steady/numa2/eevdf=FAIL steady/tiny/eevdf=PASS ");
	TU_CHECK(json_object_object_get_ex(m, "verdict", &v) && !strcmp(json_object_get_string(v), "FAIL"));
	TU_CHECK(json_object_object_get_ex(m, "merged_from", &v));
	merge_missing(v, missing, sizeof(missing));
	TU_EQ_STR(missing, "");
	json_object_put(m);
	/* two of three: merged, with the missing shard named */
	if (merge_json(in, names, 2, &m, err, sizeof(err)))
		tu_fail(__FILE__, __LINE__, "%s", err);
	json_object_object_get_ex(m, "merged_from", &v);
	merge_missing(v, missing, sizeof(missing));
	TU_EQ_STR(missing, "3/3");
	TU_CHECK(json_object_object_get_ex(m, "verdict", &v) && !strcmp(json_object_get_string(v), "FAIL"));
	json_object_put(m);
	/* without the failing shard the worst is the ERROR */
	TU_EQ_INT(merge_json(in + 1, names + 1, 2, &m, err, sizeof(err)), 0);
	TU_CHECK(json_object_object_get_ex(m, "verdict", &v) && !strcmp(json_object_get_string(v), "ERROR"));
	json_object_put(m);
	for (int i = 0; i < 3; i++)
		json_object_put(in[i]);
}

TU_TEST(merge_refuses_other_gauntlets)
{
	json_object *a = shard("0.1.0", "cpuset_resize", "1/2", R("steady/tiny/eevdf", "PASS"));
	json_object *ver = shard("0.2.0", "cpuset_resize", "2/2", R("steady/llc2/eevdf", "PASS"));
	json_object *scen = shard("0.1.0", "work_cpu", "2/2", R("steady/llc2/eevdf", "PASS"));
	json_object *dup = shard("0.1.0", "cpuset_resize", "2/2", R("steady/tiny/eevdf", "FAIL"));
	json_object *bad = json_tokener_parse("{\"results\":[]}");
	json_object *in[2], *m = (json_object *)1;
	char err[512];

	in[0] = a, in[1] = ver;
	TU_EQ_INT(merge_json(in, names, 2, &m, err, sizeof(err)), -1);
	TU_CHECK(m == NULL);
	TU_EQ_STR(err, "a.json and b.json are not shards of one gauntlet (they differ in version 0.1.0)");
	in[1] = scen;
	TU_EQ_INT(merge_json(in, names, 2, &m, err, sizeof(err)), -1);
	TU_CHECK(strstr(err, "differ in scenarios [\"steady\",\"cpuset_resize\"]") != NULL);
	in[1] = dup;
	TU_EQ_INT(merge_json(in, names, 2, &m, err, sizeof(err)), -1);
	TU_EQ_STR(err,
		  "variant steady/tiny/eevdf is in both a.json and b.json: shards of one gauntlet do not "
		  "overlap");
	in[1] = bad;
	TU_EQ_INT(merge_json(in, names, 2, &m, err, sizeof(err)), -1);
	TU_EQ_STR(err, "b.json: not the JSON of a gauntlet run (ktsrun --gauntlet --json)");
	json_object_put(a), json_object_put(ver), json_object_put(scen), json_object_put(dup),
		json_object_put(bad);
}
