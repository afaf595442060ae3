#include "grammar/rtapp_json.h"

#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Where "key" first appears in text, for a message's caret; else (size_t)-1. */
static size_t key_at(const char *text, const char *key)
{
	char q[80];
	const char *p;

	snprintf(q, sizeof(q), "\"%s\"", key);
	p = strstr(text, q);
	return p ? (size_t)(p - text) : (size_t)-1;
}

__attribute__((format(printf, 6, 7))) static int fail(const char *text, const char *key, size_t *where,
						      char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	*where = key ? key_at(text, key) : (size_t)-1;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return -1;
}

static int check_tasks(const char *text, json_object *root, size_t *where, char *err, size_t errlen)
{
	json_object *tasks, *phases;

	if (!json_object_object_get_ex(root, "tasks", &tasks) ||
	    !json_object_is_type(tasks, json_type_object) || json_object_object_length(tasks) == 0)
		return fail(text, "tasks", where, err, errlen,
			    "an rt-app description needs \"tasks\": an object with a thread object per task");
	if (json_object_object_length(tasks) > RTAPP_MAX_TASKS)
		return fail(text, "tasks", where, err, errlen, "more than %d tasks", RTAPP_MAX_TASKS);
	json_object_object_foreach(tasks, name, task)
	{
		if (!json_object_is_type(task, json_type_object))
			return fail(text, name, where, err, errlen,
				    "task \"%s\" is not an object: e.g. {\"run\": 2000, \"sleep\": 8000}",
				    name);
		if (strlen(name) >= 48)
			return fail(text, name, where, err, errlen,
				    "task name \"%s\" is longer than 47 characters", name);
		if (json_object_object_get_ex(task, "phases", &phases) &&
		    (!json_object_is_type(phases, json_type_object) ||
		     json_object_object_length(phases) == 0 ||
		     json_object_object_length(phases) > RTAPP_MAX_PHASES))
			return fail(text, "phases", where, err, errlen,
				    "task \"%s\": \"phases\" is an object of 1 to %d phase objects", name,
				    RTAPP_MAX_PHASES);
		if (json_object_object_get_ex(task, "phases", &phases)) {
			json_object_object_foreach(phases, pname, ph)
			{
				if (!json_object_is_type(ph, json_type_object))
					return fail(text, pname, where, err, errlen,
						    "task \"%s\": phase \"%s\" is not an object: e.g. "
						    "{\"loop\": 10, \"run\": 2000, \"sleep\": 8000}",
						    name, pname);
			}
		}
	}
	return 0;
}

/* The global object's settings ktsrun needs: logs it can collect, a
 * calibration that is not measured under emulation. */
static int pin_global(const char *text, json_object *g, size_t *where, char *err, size_t errlen)
{
	json_object *v;

	if (json_object_object_get_ex(g, "logdir", NULL))
		return fail(
			text, "logdir", where, err, errlen,
			"\"logdir\" is ktsrun's: it runs rt-app in a directory of its own and collects the "
			"logs from there; remove it");
	if (json_object_object_get_ex(g, "log_size", &v) &&
	    (!json_object_is_type(v, json_type_int) || json_object_get_int(v) <= 0))
		return fail(
			text, "log_size", where, err, errlen,
			"\"log_size\" is a buffer size in MB here (Debian's rt-app 1.0 writes no rows with "
			"\"file\" and none with \"disable\"); give an integer or leave it out");
	if (json_object_object_get_ex(g, "log_basename", &v) && !json_object_is_type(v, json_type_string))
		return fail(text, "log_basename", where, err, errlen, "\"log_basename\" is a string");
	if (json_object_object_get_ex(g, "calibration", &v) &&
	    !(json_object_is_type(v, json_type_int) && json_object_get_int(v) > 0) &&
	    !(json_object_is_type(v, json_type_string) && !strncmp(json_object_get_string(v), "CPU", 3)))
		return fail(text, "calibration", where, err, errlen,
			    "\"calibration\" is ns per loop (an integer above 0) or \"CPUn\"");
	if (!json_object_object_get_ex(g, "calibration", NULL))
		json_object_object_add(g, "calibration", json_object_new_int(RTAPP_CALIBRATION_NS));
	if (!json_object_object_get_ex(g, "log_size", NULL))
		json_object_object_add(g, "log_size", json_object_new_int(RTAPP_LOG_MB));
	if (!json_object_object_get_ex(g, "log_basename", NULL))
		json_object_object_add(g, "log_basename", json_object_new_string(RTAPP_LOG_BASENAME));
	json_object_object_add(g, "logdir", json_object_new_string("."));
	return 0;
}

int rtapp_json_pin(const char *text, size_t len, char **out, size_t *where, char *err, size_t errlen)
{
	struct json_tokener *tok = json_tokener_new();
	json_object *root, *g;
	int r = -1;

	*out = NULL, *where = (size_t)-1;
	if (!tok)
		return snprintf(err, errlen, "out of memory"), -1;
	root = json_tokener_parse_ex(tok, text, (int)len);
	if (!root) {
		enum json_tokener_error e = json_tokener_get_error(tok);

		*where = json_tokener_get_parse_end(tok);
		snprintf(err, errlen, "not JSON: %s",
			 e == json_tokener_continue ? "it ends too early (a brace or quote is missing)"
						    : json_tokener_error_desc(e));
		json_tokener_free(tok);
		return -1;
	}
	if (json_tokener_get_parse_end(tok) < len &&
	    strspn(text + json_tokener_get_parse_end(tok), " \t\r\n") <
		    len - json_tokener_get_parse_end(tok)) {
		*where = json_tokener_get_parse_end(tok);
		snprintf(err, errlen, "text after the JSON object: one object is the whole description");
		goto out;
	}
	if (!json_object_is_type(root, json_type_object)) {
		snprintf(err, errlen,
			 "an rt-app description is a JSON object with \"tasks\" (and \"global\")");
		goto out;
	}
	if (check_tasks(text, root, where, err, errlen))
		goto out;
	if (!json_object_object_get_ex(root, "global", &g)) {
		g = json_object_new_object();
		json_object_object_add(root, "global", g);
	} else if (!json_object_is_type(g, json_type_object)) {
		fail(text, "global", where, err, errlen, "\"global\" is an object");
		goto out;
	}
	if (pin_global(text, g, where, err, errlen))
		goto out;
	if (!(*out = strdup(json_object_to_json_string_ext(root, JSON_C_TO_STRING_PLAIN |
									 JSON_C_TO_STRING_NOSLASHESCAPE))))
		goto out;
	r = 0;
out:
	json_object_put(root);
	json_tokener_free(tok);
	return r;
}

static long int_of(json_object *o, const char *key, long def)
{
	json_object *v;

	return json_object_object_get_ex(o, key, &v) ? (long)json_object_get_int64(v) : def;
}

/* rt-app 1.0: without "phases" the task is one phase that repeats for good,
 * its "loop" the phase's; with them "loop" counts rounds of all phases. */
static void task_of(json_object *task, const char *name, struct rtapp_task *t)
{
	json_object *phases;

	memset(t, 0, sizeof(*t));
	snprintf(t->name, sizeof(t->name), "%s", name);
	t->instance = (unsigned)int_of(task, "instance", 1);
	if (!json_object_object_get_ex(task, "phases", &phases) ||
	    !json_object_is_type(phases, json_type_object)) {
		t->nphase = 1, t->loop = -1;
		t->phase_loop[0] = int_of(task, "loop", 1);
		snprintf(t->phase[0], sizeof(t->phase[0]), "%s", name);
		return;
	}
	t->loop = int_of(task, "loop", -1);
	json_object_object_foreach(phases, pname, ph)
	{
		if (t->nphase == RTAPP_MAX_PHASES || !json_object_is_type(ph, json_type_object))
			break;
		t->phase_loop[t->nphase] = int_of(ph, "loop", 1);
		snprintf(t->phase[t->nphase++], sizeof(t->phase[0]), "%s", pname);
	}
}

int rtapp_json_desc(const char *json, struct rtapp_desc *d, char *err, size_t errlen)
{
	json_object *root = json_tokener_parse(json), *tasks, *g, *b;

	memset(d, 0, sizeof(*d));
	/* the bytecode's copy, pinned when it compiled; an edited .ktsb may hold anything */
	if (!root || !json_object_is_type(root, json_type_object) ||
	    !json_object_object_get_ex(root, "tasks", &tasks) ||
	    !json_object_is_type(tasks, json_type_object) || !json_object_object_get_ex(root, "global", &g) ||
	    !json_object_is_type(g, json_type_object) || !json_object_object_get_ex(g, "log_basename", &b)) {
		json_object_put(root);
		snprintf(err, errlen, "rt-app description: not one ktsrun pinned");
		return -1;
	}
	snprintf(d->basename, sizeof(d->basename), "%s", json_object_get_string(b));
	json_object_object_foreach(tasks, name, task)
	{
		if (d->ntask == RTAPP_MAX_TASKS)
			break;
		if (json_object_is_type(task, json_type_object))
			task_of(task, name, &d->task[d->ntask++]);
	}
	json_object_put(root);
	return 0;
}

const struct rtapp_task *rtapp_json_task_of(const struct rtapp_desc *d, const char *file, unsigned *ind)
{
	size_t bl = strlen(d->basename), fl = strlen(file);

	if (fl < bl + 6 || strncmp(file, d->basename, bl) || file[bl] != '-' || strcmp(file + fl - 4, ".log"))
		return NULL;
	for (unsigned i = 0; i < d->ntask; i++) {
		size_t tl = strlen(d->task[i].name);
		const char *p = file + bl + 1 + tl;
		char *end;
		unsigned long n;

		if (fl < bl + 1 + tl + 6 || strncmp(file + bl + 1, d->task[i].name, tl) || *p != '-')
			continue;
		n = strtoul(p + 1, &end, 10);
		if (end != p + 1 && !strcmp(end, ".log")) {
			*ind = (unsigned)n;
			return &d->task[i];
		}
	}
	return NULL;
}
